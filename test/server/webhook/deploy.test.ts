// The project's own deployment must pass its own linter: deploy/ (plain manifests and the
// Dockerfile) with no finding but the one it suppresses on purpose (reason beside it); the Node.js containers are linked to deploy/Dockerfile, so the Go-runtime rules stay quiet.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../../helpers/cli.js';

interface Report {
  findings: { ruleId: string; suppressed?: { kind: string; source: string } }[];
  inputErrors: unknown[];
  summary: { objects: number };
}

const helm = spawnSync('helm', ['version', '--short'], { encoding: 'utf8' }).status === 0;

describe('deploy/', () => {
  it('passes kubewhy lint: nothing but the documented suppressions', () => {
    const r = cli(['lint', 'deploy/', '-f', 'json', '--fail-on', 'info']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.inputErrors).toEqual([]);
    // The webhook's 7 objects and watch's 9 (RBAC, remediation RBAC, Deployment).
    expect(report.summary.objects).toBe(16);
    expect(report.findings.filter((f) => !f.suppressed)).toEqual([]);
    expect(report.findings.map((f) => [f.ruleId, f.suppressed?.kind, f.suppressed?.source])).toEqual([
      ['base-not-pinned-by-digest', 'comment', 'deploy/Dockerfile:16'],
    ]);
  });

  it.skipIf(!helm)('renders the Helm chart into manifests that pass kubewhy lint (needs helm on PATH)', () => {
    const out = mkdtempSync(join(tmpdir(), 'kubewhy-chart-'));
    const rendered = execFileSync('helm', ['template', 'kubewhy', 'deploy/helm/kubewhy', '--namespace', 'kubewhy'], { encoding: 'utf8' });
    writeFileSync(join(out, 'rendered.yaml'), rendered);
    const r = cli(['lint', out, '-f', 'json', '--fail-on', 'info']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.findings.filter((f) => !f.suppressed)).toEqual([]);
  });
});
