import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/core/config.js';
import { renderKustomization } from '../../src/load/kustomize.js';
import { loadManifests } from '../../src/load/manifests.js';

const fixtures = fileURLToPath(new URL('../fixtures/kustomize/', import.meta.url));

function onPath(name: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
const hasKubectl = onPath('kubectl');

describe('renderKustomization', () => {
  const savedPath = process.env.PATH;
  afterEach(() => {
    process.env.PATH = savedPath;
  });

  it.skipIf(!hasKubectl)('renders an overlay over its base, every object naming its source file', async () => {
    const r = await renderKustomization(join(fixtures, 'overlays/prod'));
    if (!('text' in r)) throw new Error(r.error);
    expect(r.text).toContain('name: prod-api');
    expect(r.text).toContain('image: registry.example.com/api:1.4.2');

    const { objects, errors } = loadManifests('overlays/prod/kustomization.yaml', r.text, DEFAULT_LIMITS);
    expect(errors).toEqual([]);
    const deploy = objects.find((o) => o.kind === 'Deployment');
    expect(deploy).toMatchObject({ name: 'prod-api', namespace: 'prod', labels: { 'app.kubernetes.io/name': 'api' } });
    expect(deploy?.raw.spec).toMatchObject({ replicas: 3 });
    expect(r.originOf(deploy!.origin!)).toBe(join(fixtures, 'base/deployment.yaml'));
    const svc = objects.find((o) => o.kind === 'Service');
    expect(r.originOf(svc!.origin!)).toBe(join(fixtures, 'base/service.yaml'));
  });

  it.skipIf(!hasKubectl)('adds origins to a base that did not ask for them, without touching its files', async () => {
    const before = readFileSync(join(fixtures, 'base/kustomization.yaml'), 'utf8');
    const r = await renderKustomization(join(fixtures, 'base'));
    if (!('text' in r)) throw new Error(r.error);
    const { objects } = loadManifests('base/kustomization.yaml', r.text, DEFAULT_LIMITS);
    expect(objects.map((o) => [o.kind, o.name, r.originOf(o.origin!)])).toEqual([
      ['Service', 'api', join(fixtures, 'base/service.yaml')],
      ['Deployment', 'api', join(fixtures, 'base/deployment.yaml')],
    ]);
    expect(readFileSync(join(fixtures, 'base/kustomization.yaml'), 'utf8')).toBe(before);
  });

  it.skipIf(!hasKubectl)('reports the first line of kubectl’s error', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'kubewhy-kustomize-'));
    try {
      const r = await renderKustomization(empty);
      expect('error' in r && r.error).toMatch(/^kubectl kustomize failed: \S/);
      expect('error' in r && r.error).not.toContain('\n');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('explains when neither kubectl nor kustomize is on PATH', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'kubewhy-nopath-'));
    try {
      process.env.PATH = empty;
      expect(await renderKustomization(join(fixtures, 'base'))).toEqual({
        error: 'cannot render Kustomize directory: neither kubectl nor kustomize is on PATH (install one, or pass rendered YAML)',
      });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
