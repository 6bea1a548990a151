import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/cluster/pod-evicted-ephemeral-storage.js';
import { parseEviction } from '../../../src/triage/evictions.js';
import { diagnoseFixture, summary } from '../../helpers/cluster.js';

describe('pod-evicted-ephemeral-storage', () => {
  it('reports container-limit and pod-total storage evictions at the limit to change', async () => {
    const r = await diagnoseFixture('nodes', [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map(summary)).toEqual([
      'Deployment/shop/cache spec.template.spec.containers[0].resources.limits.ephemeral-storage cache: 1/1 pods of Deployment shop/cache: Evicted — container cache wrote more than its 500Mi ephemeral-storage limit (writable layer, /tmp, logs)',
      "Deployment/shop/thumbnails spec.template.spec.containers[0].resources.limits.ephemeral-storage thumbnails: 1/1 pods of Deployment shop/thumbnails: Evicted — the pod's writable layers, logs and emptyDirs together exceeded 1Gi, the sum of its containers' ephemeral-storage limits",
    ]);
    expect(r.findings.every((f) => f.fault === 'E4' && f.severity === 'warning')).toBe(true);
    expect(r.findings[0]!.evidence[1]!.message).toBe('event Warning Evicted ×1 (2026-11-25T08:40:00Z, kubelet): Container cache exceeded its local ephemeral storage limit "500Mi".');
  });

  it('parses every eviction wording (helpers.go, before and after 1.31)', () => {
    expect(parseEviction('Usage of EmptyDir volume "scratch" exceeds the limit "1Gi". ')).toEqual({ resource: 'ephemeral-storage', kind: 'emptydir-limit', volume: 'scratch', limit: '1Gi' });
    expect(parseEviction('The node had condition: [DiskPressure]. ')).toEqual({ resource: 'ephemeral-storage', kind: 'node-pressure' });
    expect(parseEviction('The node was low on resource: ephemeral-storage. Threshold quantity: 10Gi, available: 9Gi. Container logger was using 3Gi, request is 0, has larger consumption of ephemeral-storage. ')).toEqual({
      resource: 'ephemeral-storage', kind: 'node-pressure', threshold: '10Gi', available: '9Gi', container: 'logger', usage: '3Gi', request: '0',
    });
    expect(parseEviction('The node was low on resource: memory. Container api was using 1500Mi, which exceeds its request of 512Mi. ')).toEqual({ resource: 'memory', kind: 'node-pressure', container: 'api', usage: '1500Mi', request: '512Mi' });
    expect(parseEviction('Preempted by a higher priority pod')).toBeUndefined();
  });
});
