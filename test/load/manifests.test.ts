import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/core/config.js';
import type { Config } from '../../src/core/config.js';
import { loadManifests } from '../../src/load/manifests.js';
import type { KubeObject } from '../../src/model/manifest.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/manifests/${name}`, import.meta.url), 'utf8');
const load = (file: string, text: string, limits: Config['limits'] = DEFAULT_LIMITS) => loadManifests(file, text, limits);
const loadFixture = (name: string) => load(`deploy/${name}`, fixture(name));

/** [line, column, endLine, endColumn] keeps position assertions readable. */
function at(o: KubeObject, path: (string | number)[], target?: 'key' | 'value') {
  const { span, exact } = o.locate(path, target);
  return { pos: [span.line, span.column, span.endLine, span.endColumn], exact, file: span.file };
}

const IMAGE = ['spec', 'template', 'spec', 'containers', 0, 'image'];

describe('loadManifests: multi-document YAML', () => {
  const r = loadFixture('deployment-service.yaml');
  const [deploy, svc] = r.objects;

  it('loads every Kubernetes document with its identity and metadata', () => {
    expect(r.kubernetes).toBe(true);
    expect(r.errors).toEqual([]);
    expect(r.objects).toHaveLength(2);
    expect(deploy).toMatchObject({
      file: 'deploy/deployment-service.yaml',
      docIndex: 0,
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'api',
      namespace: 'shop',
      labels: { app: 'api', tier: 'backend' },
      annotations: { 'kubewhy.dev/ignore': 'probe-missing' },
      ref: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'api' },
    });
    expect(deploy?.origin).toBeUndefined();
    expect(svc).toMatchObject({ docIndex: 1, kind: 'Service', name: 'api', ref: { kind: 'Service', namespace: 'shop' } });
    expect(deploy?.raw.spec).toMatchObject({ replicas: 2 });
  });

  it('locates a scalar value and its key exactly', () => {
    expect(at(deploy!, IMAGE)).toEqual({ pos: [24, 18, 24, 53], exact: true, file: 'deploy/deployment-service.yaml' });
    expect(at(deploy!, IMAGE, 'key').pos).toEqual([24, 11, 24, 16]);
    expect(at(svc!, ['spec', 'ports', 0, 'targetPort'])).toMatchObject({ pos: [42, 19, 42, 23], exact: true });
  });

  it('spans a whole map value, ending at its last character rather than a trailing comment', () => {
    expect(at(deploy!, ['metadata'])).toMatchObject({ pos: [5, 3, 11, 40], exact: true });
    expect(at(deploy!, ['spec', 'template', 'spec'])).toMatchObject({ pos: [22, 7, 29, 26], exact: true });
    expect(at(deploy!, ['spec', 'template', 'spec', 'containers', 0, 'env', 0])).toMatchObject({ pos: [28, 15, 29, 26] });
  });

  it('falls back to the nearest existing ancestor when the path is missing', () => {
    const resources = [...IMAGE.slice(0, -1), 'resources', 'limits'];
    expect(at(deploy!, resources)).toMatchObject({ pos: [23, 11, 29, 26], exact: false });
    // target 'key' only applies when the whole path exists.
    expect(at(deploy!, resources, 'key')).toMatchObject({ pos: [23, 11, 29, 26], exact: false });
    expect(at(deploy!, ['spec', 'template', 'spec', 'containers', 3])).toMatchObject({ pos: [23, 9, 29, 26], exact: false });
    expect(at(deploy!, ['status'])).toMatchObject({ pos: [2, 1, 29, 26], exact: false });
    expect(at(svc!, [])).toMatchObject({ pos: [32, 1, 42, 23], exact: true });
  });

  it('points at the key when the value is empty', () => {
    const [o] = load('x.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n').objects;
    expect(at(o!, ['spec', 'containers'])).toMatchObject({ pos: [6, 3, 6, 13], exact: true });
  });

  it('counts columns in UTF-16 code units', () => {
    const [o] = load('x.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "🚀é"\ndata: {a: b}\n').objects;
    expect(at(o!, ['metadata', 'name']).pos).toEqual([4, 9, 4, 14]);
    expect(at(o!, ['data', 'a']).pos).toEqual([5, 11, 5, 12]);
  });

  it('follows YAML 1.1 merge keys to the anchored value', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: m\nx-defaults: &d\n  level: info\ndata:\n  <<: *d\n  other: "1"\n';
    const [o] = load('x.yaml', text).objects;
    expect(o?.raw.data).toEqual({ level: 'info', other: '1' });
    expect(at(o!, ['data', 'level'])).toMatchObject({ pos: [6, 10, 6, 14], exact: true });
  });
});

describe('loadManifests: lists, JSON, origins', () => {
  it('expands a kubectl `kind: List` into items with distinct indexes and item-relative paths', () => {
    const r = loadFixture('list.yaml');
    expect(r.errors).toEqual([]);
    expect(r.objects.map((o) => [o.docIndex, o.kind, o.name, o.namespace])).toEqual([
      [0, 'Deployment', 'web', 'default'],
      [1, 'Deployment', 'worker', 'default'],
    ]);
    const worker = r.objects[1]!;
    expect(worker.raw.kind).toBe('Deployment');
    expect(at(worker, IMAGE)).toMatchObject({ pos: [64, 18, 64, 43], exact: true });
    expect(at(worker, [])).toMatchObject({ pos: [46, 3, 65, 23], exact: true });
    expect(at(worker, ['spec', 'template', 'spec', 'containers', 0, 'resources'])).toMatchObject({ pos: [64, 11, 65, 23], exact: false });
    expect(at(r.objects[0]!, ['metadata', 'annotations', 'deployment.kubernetes.io/revision']).pos).toEqual([7, 42, 7, 45]);
  });

  it('takes apiVersion and kind from a typed list when its items omit them', () => {
    const text = 'apiVersion: apps/v1\nkind: DeploymentList\nitems:\n- metadata: {name: a}\n  spec: {replicas: 1}\n- metadata: {name: b}\n';
    const r = load('x.yaml', text);
    expect(r.objects.map((o) => [o.docIndex, o.apiVersion, o.kind, o.name])).toEqual([
      [0, 'apps/v1', 'Deployment', 'a'],
      [1, 'apps/v1', 'Deployment', 'b'],
    ]);
    expect(at(r.objects[1]!, ['metadata', 'name']).pos).toEqual([6, 20, 6, 21]);
  });

  it('numbers documents after a List past its items', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n';
    expect(load('x.yaml', text).objects.map((o) => `${o.docIndex}:${o.name}`)).toEqual(['0:a', '1:b', '2:c']);
  });

  it('reads JSON with exact positions and coerces non-string labels', () => {
    const r = loadFixture('deployment.json');
    expect(r.errors).toEqual([]);
    const [o] = r.objects;
    expect(o).toMatchObject({ kind: 'Deployment', name: 'billing', labels: { app: 'billing', replicas: '3' } });
    expect(o?.namespace).toBeUndefined();
    expect(o?.ref).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'billing' });
    expect(at(o!, IMAGE).pos).toEqual([16, 22, 16, 37]);
    expect(at(o!, IMAGE, 'key').pos).toEqual([16, 13, 16, 20]);
    expect(at(o!, ['spec', 'template', 'spec', 'containers', 0, 'args', 1]).pos).toEqual([17, 32, 17, 38]);
  });

  it('takes origin from Helm `# Source:` comments', () => {
    const r = loadFixture('helm-rendered.yaml');
    expect(r.errors).toEqual([]);
    expect(r.objects.map((o) => [o.kind, o.origin])).toEqual([
      ['ServiceAccount', 'shop/templates/serviceaccount.yaml'],
      ['Service', 'shop/templates/service.yaml'],
      ['Deployment', 'shop/templates/deployment.yaml'],
    ]);
    expect(r.objects[2]?.file).toBe('deploy/helm-rendered.yaml');
    expect(at(r.objects[2]!, IMAGE).pos).toEqual([29, 18, 29, 30]);
  });

  it('takes a Helm origin when the stream does not start with ---', () => {
    const [o] = load('x.yaml', '# Source: web/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n').objects;
    expect(o?.origin).toBe('web/templates/cm.yaml');
  });

  it('takes origin from the Kustomize origin annotation', () => {
    const text = [
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  annotations:',
      '    config.kubernetes.io/origin: |',
      '      path: ../../base/service.yaml',
      '      repo: https://github.com/acme/deploy',
      '  name: prod-api',
      '',
    ].join('\n');
    const [o] = load('x.yaml', text).objects;
    expect(o?.origin).toBe('../../base/service.yaml');
  });

  it('falls back to generateName for the name', () => {
    const [o] = load('x.yaml', 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: migrate-\n').objects;
    expect(o?.name).toBe('migrate-');
    const [p] = load('x.yaml', 'apiVersion: v1\nkind: Pod\n').objects;
    expect(p).toMatchObject({ name: '', labels: {}, annotations: {} });
  });
});

describe('loadManifests: YAML 1.1 as kubectl reads it', () => {
  it('applies 1.1 booleans and octals but no timestamps or base-60 numbers', () => {
    const [o] = loadFixture('yaml11.yaml').objects;
    expect(o?.raw.data).toEqual({
      enabled: true,
      mode: 511,
      time: '12:30',
      date: '2024-05-02',
      quoted: 'yes',
      // go-yaml v2 reads the key `off` as false and kubectl turns it into the JSON key "false".
      false: true,
    });
  });
});

describe('loadManifests: errors and limits', () => {
  it('reports a duplicate key with its position and still loads the other documents', () => {
    const r = loadFixture('duplicate-key.yaml');
    expect(r.kubernetes).toBe(true);
    expect(r.errors).toEqual([{ file: 'deploy/duplicate-key.yaml', line: 7, column: 3, message: 'YAML: Map keys must be unique' }]);
    expect(r.objects.map((o) => `${o.docIndex}:${o.name}`)).toEqual(['1:good']);
  });

  it('stops an alias bomb with one error naming the document line', () => {
    const r = loadFixture('alias-bomb.yaml');
    expect(r.errors).toEqual([{
      file: 'deploy/alias-bomb.yaml',
      line: 8,
      column: 1,
      message: 'YAML alias expansion exceeds limit (100); raise with --max-aliases',
    }]);
    expect(r.objects.map((o) => o.name)).toEqual(['ok']);
  });

  it('allows ordinary aliases under the limit', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: &l {app: p}\nspec:\n  x: *l\n';
    const r = load('x.yaml', text);
    expect(r.errors).toEqual([]);
    expect(r.objects[0]?.raw.spec).toEqual({ x: { app: 'p' } });
  });

  const many = (n: number): string =>
    Array.from({ length: n }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\n`).join('---\n');

  it('loads a file with 1,000 documents', () => {
    const r = load('many.yaml', many(1000));
    expect(r.errors).toEqual([]);
    expect(r.objects).toHaveLength(1000);
    expect(r.objects[999]).toMatchObject({ docIndex: 999, name: 'cm-999' });
    expect(at(r.objects[999]!, ['metadata', 'name']).pos).toEqual([999 * 5 + 4, 9, 999 * 5 + 4, 15]);
  });

  it('keeps the first maxDocuments documents and reports one error', () => {
    const r = load('many.yaml', many(1000), { ...DEFAULT_LIMITS, maxDocuments: 300 });
    expect(r.objects).toHaveLength(300);
    expect(r.objects[299]?.name).toBe('cm-299');
    expect(r.errors).toEqual([{
      file: 'many.yaml',
      line: 300 * 5 + 1,
      column: 1,
      message: 'more than 300 YAML documents; only the first 300 were read (raise with --max-documents)',
    }]);
  });

  it('rejects binary garbage with a single error', () => {
    // A fixed LCG keeps the bytes identical on every run.
    let seed = 42;
    const bytes = Buffer.alloc(4096, 0).map(() => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);
    const r = load('logo.yaml', new TextDecoder().decode(bytes));
    expect(r).toEqual({ objects: [], errors: [{ file: 'logo.yaml', message: 'not a text file' }], kubernetes: false });
    expect(load('x.yaml', 'apiVersion: v1\0kind: Pod\n').errors).toEqual([{ file: 'x.yaml', message: 'not a text file' }]);
  });

  it.each(['docker-compose.yml', 'workflow.yaml'])('skips non-Kubernetes YAML silently: %s', (name) => {
    expect(loadFixture(name)).toEqual({ objects: [], errors: [], kubernetes: false });
  });

  it('skips Helm values and Chart.yaml silently', () => {
    expect(load('chart/Chart.yaml', 'apiVersion: v2\nname: shop\nversion: 0.1.0\n')).toEqual({ objects: [], errors: [], kubernetes: false });
    expect(load('chart/values.yaml', 'image:\n  repository: shop\n  tag: ""\nreplicaCount: 1\n').kubernetes).toBe(false);
  });

  it('keeps quiet about broken YAML that is not a manifest', () => {
    expect(load('config.yaml', 'server:\n  ports: [80,\n  host: a\n')).toEqual({ objects: [], errors: [], kubernetes: false });
    // Mentions "kind", but never as a key.
    const workflow = 'jobs:\n  build:\n    name: "the kind of build we like"\n    a: 1\n    a: 2\n';
    expect(load('ci.yaml', workflow)).toEqual({ objects: [], errors: [], kubernetes: false });
  });

  it('reports broken YAML that mentions apiVersion or kind', () => {
    const r = load('deploy.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [p\n');
    expect(r.kubernetes).toBe(true);
    expect(r.objects).toEqual([]);
    expect(r.errors.length).toBeGreaterThan(0);
    for (const e of r.errors) {
      expect(e.message).toMatch(/^YAML: /);
      expect(e.message).not.toContain('\n');
      expect(e.line).toBeGreaterThanOrEqual(4);
    }
  });

  it('skips empty documents and non-object documents but keeps document numbering', () => {
    const r = load('x.yaml', '---\n# only a comment\n---\n---\nplain string\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n');
    expect(r.errors).toEqual([]);
    expect(r.objects.map((o) => [o.docIndex, o.kind, o.name])).toEqual([[3, 'Namespace', 'shop']]);
  });

  it('returns nothing for an empty file', () => {
    expect(load('x.yaml', '')).toEqual({ objects: [], errors: [], kubernetes: false });
    expect(load('x.yaml', '# nothing here\n')).toEqual({ objects: [], errors: [], kubernetes: false });
  });

  it.each([
    '{',
    ':',
    '- a\n- b\n',
    '"just a string"',
    'apiVersion: [v1]\nkind: {a: 1}\n',
    'kind: Pod\napiVersion: v1\nmetadata: [1, 2]\n',
    'apiVersion: v1\nkind: List\nitems: [1, null, "x", {kind: Pod}]\n',
    '\tapiVersion: v1\n',
    '%YAML 1.1\n---\napiVersion: v1\nkind: Pod\n',
    '...\n',
    'apiVersion: v1\nkind: Pod\n? [complex, key]\n: v\n',
    'apiVersion: v1\nkind: Pod\nx: *undefined\n',
  ])('never throws on odd input %j', (text) => {
    expect(() => load('x.yaml', text)).not.toThrow();
  });

  it('never throws on deeply nested flow collections', () => {
    const r = load('x.yaml', `apiVersion: v1\nkind: Pod\nx: ${'['.repeat(20_000)}`);
    expect(r.kubernetes).toBe(true);
    expect(r.errors.length).toBeGreaterThan(0);
  });
});
