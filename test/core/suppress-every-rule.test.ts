import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/core/config.js';
import { runRules } from '../../src/core/engine.js';
import { buildWorkspace } from '../../src/core/lint.js';
import { applySuppressions, IGNORE_ANNOTATION } from '../../src/core/suppress.js';
import { discover } from '../../src/load/discover.js';
import type { Finding } from '../../src/core/finding.js';
import type { Workspace } from '../../src/model/workspace.js';
import { RULES } from '../../src/rules/index.js';
import { REPO } from '../helpers/cli.js';

/**
 * Every rule that fires on the acme-shop mono-repo and the broken example must be silenced
 * by the suppression its findings point at: the object annotation (per object) and the
 * per-container annotation for manifest findings, the `# kubewhy:ignore` comment for
 * Dockerfile findings. The annotation/comment is injected into the loaded model, so the
 * test covers every rule that fires without editing fixtures.
 */
async function findingsOf(dir: string): Promise<{ ws: Workspace; findings: Finding[] }> {
  const root = join(REPO, dir);
  const config = defaultConfig();
  const { files } = await discover([root], root, []);
  const ws = await buildWorkspace(root, files, config);
  return { ws, findings: runRules(ws, RULES, config).findings };
}

function fresh(f: Finding): Finding {
  const { suppressed: _suppressed, ...rest } = f;
  return { ...rest };
}

describe.each(['test/fixtures/monorepo', 'examples/broken-shop'])('suppression of every rule that fires on %s', (dir) => {
  it('object and per-container annotations silence each manifest finding; nothing else is silenced', async () => {
    const { ws, findings } = await findingsOf(dir);
    const onObjects = findings.filter((f) => f.subject.object && ws.manifests.objects.some((o) => o.file === f.subject.span?.file));
    expect(onObjects.length).toBeGreaterThan(3);
    for (const f of onObjects) {
      const obj = ws.manifests.objects.find((o) => o.file === f.subject.span?.file && o.kind === f.subject.object!.kind && o.name === f.subject.object!.name)!;
      const saved = { ...obj.annotations };
      const keys = [IGNORE_ANNOTATION, ...(f.subject.container ? [`${IGNORE_ANNOTATION}.${f.subject.container}`] : [])];
      for (const key of keys) {
        obj.annotations[key] = f.ruleId;
        const copy = fresh(f);
        applySuppressions([copy], { ws, config: defaultConfig() });
        expect(copy.suppressed?.kind, `${f.ruleId} via ${key}`).toBe('annotation');
        // The same annotation naming another rule leaves it alone.
        obj.annotations[key] = 'some-other-rule';
        const other = fresh(f);
        applySuppressions([other], { ws, config: defaultConfig() });
        expect(other.suppressed, `${f.ruleId} via ${key} (other rule)`).toBeUndefined();
        delete obj.annotations[key];
      }
      Object.assign(obj.annotations, saved);
    }
  });

  it('a # kubewhy:ignore comment on the instruction silences each Dockerfile finding', async () => {
    const { ws, findings } = await findingsOf(dir);
    const inDockerfiles = findings.filter((f) => ws.dockerfiles.some((d) => d.file === f.subject.span?.file));
    expect(inDockerfiles.length).toBeGreaterThan(3);
    for (const f of inDockerfiles) {
      const df = ws.dockerfiles.find((d) => d.file === f.subject.span!.file)!;
      const line = f.subject.span!.line;
      const span = { file: df.file, line: line - 1, column: 1, endLine: line - 1, endColumn: 1 };
      df.ignores.push({ rules: [f.ruleId], scope: { startLine: line, endLine: line }, span });
      const copy = fresh(f);
      applySuppressions([copy], { ws, config: defaultConfig() });
      expect(copy.suppressed?.kind, f.ruleId).toBe('comment');
      df.ignores.pop();
    }
  });

  it('a //kubewhy:ignore comment on the line before silences each finding in Go code', async () => {
    const { ws, findings } = await findingsOf(dir);
    const inGo = findings.filter((f) => f.subject.span?.file.endsWith('.go'));
    if (dir === 'test/fixtures/monorepo') expect(inGo.length).toBeGreaterThan(5);
    const pkg = ws.goPackages[0];
    for (const f of inGo) {
      const line = f.subject.span!.line;
      pkg?.ignores.push({ rules: [f.ruleId], span: { file: f.subject.span!.file, line: line - 1, column: 1, endLine: line - 1, endColumn: 20 } });
      const copy = fresh(f);
      applySuppressions([copy], { ws, config: defaultConfig() });
      expect(copy.suppressed?.kind, f.ruleId).toBe('comment');
      pkg?.ignores.pop();
      // Another rule's id does not silence it.
      pkg?.ignores.push({ rules: ['some-other-rule'], span: { file: f.subject.span!.file, line: line - 1, column: 1, endLine: line - 1, endColumn: 20 } });
      const other = fresh(f);
      applySuppressions([other], { ws, config: defaultConfig() });
      expect(other.suppressed, f.ruleId).toBeUndefined();
      pkg?.ignores.pop();
    }
  });
});
