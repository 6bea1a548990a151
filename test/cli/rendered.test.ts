import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli.js';
import { lintDir } from '../helpers/workspace.js';
import { RULES } from '../../src/rules/index.js';

const hasKubectl = (process.env.PATH ?? '').split(':').some((d) => {
  try {
    return statSync(join(d, 'kubectl')).isFile();
  } catch {
    return false;
  }
});

const noRequests = RULES.filter((r) => r.meta.id === 'no-resource-requests');

describe('rendered manifests', () => {
  it('Helm output: findings sit in the rendered stream and name the chart template', async () => {
    const r = await lintDir(join(REPO, 'test/fixtures/manifests'), noRequests);
    const f = r.findings.find((x) => x.subject.span?.file === 'helm-rendered.yaml');
    expect(f?.subject.span).toMatchObject({ line: 28, column: 11 });
    expect(f?.evidence).toContainEqual({ message: 'rendered from shop/templates/deployment.yaml' });
  });

  it.skipIf(!hasKubectl)('Kustomize: the overlay is rendered, findings point into the base source, the base is not linted twice', async () => {
    const r = await lintDir(join(REPO, 'test/fixtures/kustomize'), noRequests);
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map((f) => [f.subject.span?.file, f.subject.span?.line, f.subject.span?.column, f.subject.object?.name])).toEqual([
      ['base/deployment.yaml', 16, 11, 'prod-api'],
    ]);
    expect(r.findings[0]!.evidence).toEqual([{ message: 'rendered from overlays/prod/kustomization.yaml' }]);
  });
});
