import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/core/config.js';
import { loadManifests } from '../../src/load/manifests.js';
import { isKnownNonGoImage, lookupEnv } from '../../src/model/go-runtime-env.js';
import { podTemplatesOf } from '../../src/model/pod-templates.js';
import cpuRule from '../../src/rules/manifest/cpu-limit-gomaxprocs.js';
import gomemlimitInvalid from '../../src/rules/manifest/gomemlimit-invalid.js';
import { lintFiles } from '../helpers/workspace.js';

function setup(containerYaml: string, extra = '') {
  const text = `apiVersion: v1\nkind: Pod\nmetadata: { name: api, namespace: shop }\nspec:\n  containers:\n${containerYaml}${extra}`;
  const objects = loadManifests('p.yaml', text, DEFAULT_LIMITS).objects;
  const [t] = podTemplatesOf(objects);
  return { c: t!.containers[0]!, objects };
}

const secret = `---
apiVersion: v1
kind: Secret
metadata: { name: rt, namespace: shop }
data:
  GOMEMLIMIT: ${Buffer.from('256MiB').toString('base64')}
`;

describe('lookupEnv', () => {
  it('env beats envFrom, the later env entry wins', () => {
    const { c, objects } = setup('    - name: api\n      image: a\n      envFrom: [{ secretRef: { name: rt }, prefix: APP_ }]\n      env:\n        - { name: X, value: "1" }\n        - { name: X, value: "2" }\n', secret);
    const r = lookupEnv(c, 'X', objects);
    expect(r.set && r.setting.value).toBe('2');
    expect(r.set && r.setting.path).toEqual(['spec', 'containers', 0, 'env', 1, 'value']);
  });

  it('reads a Secret through envFrom with a prefix (base64 data)', () => {
    const { c, objects } = setup('    - name: api\n      image: a\n      envFrom: [{ secretRef: { name: rt }, prefix: APP_ }]\n', secret);
    const r = lookupEnv(c, 'APP_GOMEMLIMIT', objects);
    expect(r.set && r.setting.value).toBe('256MiB');
    expect(lookupEnv(c, 'GOMEMLIMIT', objects)).toEqual({ set: false, certain: true });
  });

  it('is uncertain when an envFrom source is outside the set', () => {
    const { c, objects } = setup('    - name: api\n      image: a\n      envFrom: [{ configMapRef: { name: elsewhere } }]\n');
    expect(lookupEnv(c, 'GOMEMLIMIT', objects)).toEqual({ set: false, certain: false });
  });

  it('follows configMapKeyRef into a ConfigMap of the same namespace', () => {
    const cm = '---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: rt, namespace: shop }\ndata: { mem: 1Gi }\n';
    const { c, objects } = setup('    - name: api\n      image: a\n      env:\n        - name: GOMEMLIMIT\n          valueFrom: { configMapKeyRef: { name: rt, key: mem } }\n', cm);
    const r = lookupEnv(c, 'GOMEMLIMIT', objects);
    expect(r.set && r.setting.value).toBe('1Gi');
    expect(r.set && r.setting.object.kind).toBe('ConfigMap');
  });
});

describe('isKnownNonGoImage', () => {
  it.each(['nginx:1.27', 'docker.io/library/redis:7', 'envoyproxy/envoy:v1.31.0', 'istio/proxyv2:1.23.0', 'mirror.acme.io/library/postgres:16@sha256:abc'])('%s is not Go', (i) =>
    expect(isKnownNonGoImage(i)).toBe(true));
  it.each(['ghcr.io/acme/api:1.4.2', 'registry.acme.io/nginx-controller:1.0', 'localhost:5000/api', undefined])('%s may be Go', (i) =>
    expect(isKnownNonGoImage(i)).toBe(false));
});

const deployment = (env: string, cpu = '') => ({
  'd.yaml': `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api, namespace: shop }\nspec:\n  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.4.2\n          resources:\n            limits: { memory: 512Mi${cpu} }\n${env}`,
});

describe('severity variants', () => {
  it('cpu-limit-gomaxprocs is a warning when every go.mod predates Go 1.25, info when unknown', async () => {
    const files = deployment('', ', cpu: 500m');
    expect((await lintFiles(files, [cpuRule])).findings.map((f) => f.severity)).toEqual(['info']);
    const old = await lintFiles({ ...files, 'go.mod': 'module github.com/acme/api\n\ngo 1.23\n' }, [cpuRule]);
    expect(old.findings.map((f) => f.severity)).toEqual(['warning']);
  });

  it('gomemlimit-invalid: a divisor is a warning (GC thrash), a malformed value an error (crash)', async () => {
    const divisor = await lintFiles(deployment('          env:\n            - name: GOMEMLIMIT\n              valueFrom: { resourceFieldRef: { resource: limits.memory, divisor: 1Mi } }\n'), [gomemlimitInvalid]);
    expect(divisor.findings.map((f) => f.severity)).toEqual(['warning']);
    const malformed = await lintFiles(deployment('          env:\n            - { name: GOMEMLIMIT, value: 512Mi }\n'), [gomemlimitInvalid]);
    expect(malformed.findings.map((f) => [f.severity, f.fix])).toEqual([['error', 'Write the value in Go units:\n- name: GOMEMLIMIT\n  value: "512MiB"']]);
  });
});
