import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/model/manifest.js';
import { slim } from '../../src/watch/slim.js';
import { recordedItems } from './fixtures.js';

const managedFields = [
  { manager: 'kube-controller-manager', operation: 'Update', apiVersion: 'v1', time: '2026-11-25T08:00:01Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:status': { 'f:phase': {}, 'f:conditions': { '.': {} } } } },
  { manager: 'kubectl', operation: 'Update', apiVersion: 'v1', time: '2026-11-25T08:00:07Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:containers': {} } } },
];

describe('slim: what the watch cache keeps', () => {
  it('drops managedFields and last-applied annotations; keeps what the rules read; the change time is the newest managedFields time', () => {
    const pod = recordedItems('simulated').find((i) => i.kind === 'Pod')!;
    const meta = pod.metadata as JsonObject;
    const input = { ...pod, metadata: { ...meta, managedFields, annotations: { ...(meta.annotations as JsonObject), 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(pod) } } } as unknown as JsonObject;
    const s = slim('Pod', 'v1', input);
    expect(s.changedAt).toBe(Date.parse('2026-11-25T08:00:07Z'));
    expect((s.raw.metadata as JsonObject).managedFields).toBeUndefined();
    expect(Object.keys((s.raw.metadata as JsonObject).annotations as JsonObject)).not.toContain('kubectl.kubernetes.io/last-applied-configuration');
    expect(s.raw.spec).toEqual(pod.spec);
    expect(s.raw.status).toEqual(pod.status);
    expect(JSON.stringify(s.raw).length).toBeLessThan(JSON.stringify(input).length / 2);
  });

  it('Node image lists go; Secret values never stay; ConfigMap values become a digest that changes with the content', () => {
    const node = slim('Node', 'v1', { metadata: { name: 'n1' }, status: { images: [{ names: ['a'], sizeBytes: 1 }], allocatable: { cpu: '4' } } });
    expect(node.raw.status).toEqual({ allocatable: { cpu: '4' } });
    const secret = slim('Secret', 'v1', { metadata: { name: 's', namespace: 'shop' }, data: { password: 'aHVudGVyMg==' } });
    expect(secret.raw.data).toEqual({ password: '<redacted>' });
    expect(JSON.stringify(secret)).not.toContain('aHVudGVyMg');
    const cm = (v: string) => slim('ConfigMap', 'v1', { metadata: { name: 'app', namespace: 'shop' }, data: { 'app.yaml': v } });
    expect(cm('a').raw.data).toEqual({ 'app.yaml': '<omitted>' });
    expect(cm('a').contentDigest).toMatch(/^[0-9a-f]{16}$/);
    expect(cm('a').contentDigest).toBe(cm('a').contentDigest);
    expect(cm('a').contentDigest).not.toBe(cm('b').contentDigest);
    const corefile = slim('ConfigMap', 'v1', { metadata: { name: 'coredns', namespace: 'kube-system' }, data: { Corefile: '.:53 {}' } });
    expect(corefile.raw.data).toEqual({ Corefile: '.:53 {}' });
  });
});
