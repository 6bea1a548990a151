import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/cluster/pod-evicted.js';
import { diagnoseFixture, summary } from '../../helpers/cluster.js';

describe('pod-evicted', () => {
  it('groups memory evictions by owner, old and new kubelet wording alike; storage evictions, OutOfcpu and completed pods are not its business', async () => {
    const r = await diagnoseFixture('nodes', [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map(summary)).toEqual([
      'Deployment/batch/ingest spec.template.spec.containers[0].resources.requests.memory ingest: 1/1 pods of Deployment batch/ingest: Evicted — node worker-1 ran low on memory (threshold 100Mi, 50Mi available); container ingest was using 1500Mi, over its 512Mi request, so it goes first',
      'Deployment/shop/worker spec.template.spec.containers[0].resources.requests.memory worker: 2/2 pods of Deployment shop/worker: Evicted — node worker-1 ran low on memory; container worker was using 1500Mi, over its 512Mi request, so it goes first',
    ]);
    expect(r.findings.every((f) => f.fault === 'E3' && f.severity === 'warning')).toBe(true);
  });

  it('quotes the pod status, the kubelet event and the node threshold event', async () => {
    const r = await diagnoseFixture('nodes', [rule], { namespace: 'shop' });
    const f = r.findings[0]!;
    expect(f.evidence.map((e) => e.message)).toEqual([
      'pod worker-7c9d6b5f48-b7k21 Failed: Evicted from node worker-1: The node was low on resource: memory. Container worker was using 1500Mi, which exceeds its request of 512Mi.',
      'event Warning Evicted ×1 (2026-11-25T08:40:00Z, kubelet): The node was low on resource: memory. Container worker was using 1500Mi, which exceeds its request of 512Mi.',
      'event Warning EvictionThresholdMet ×1 (2026-11-25T08:40:00.000000Z, kubelet): Attempting to reclaim memory',
      'root cause: node worker-1 ran low on memory; container worker was using 1500Mi, over its 512Mi request, so it goes first',
    ]);
    expect(f.fix).toBe('Set requests.memory of container worker to at least what it uses (1500Mi); for a Go service also set GOMEMLIMIT below the memory limit (Deployment shop/worker, spec.template.spec.containers[0].resources.requests.memory).');
    expect(f.verify).toBe("kubectl get events -n shop --field-selector reason=Evicted   # no new evictions of worker's pods");
  });
});
