import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/cluster/hpa-at-max.js';
import { diagnoseFixture, summary } from '../../helpers/cluster.js';

describe('hpa-at-max', () => {
  it('fires when pinned at maxReplicas over target; at max under target and within range stay silent', async () => {
    const r = await diagnoseFixture('hpa', [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map(summary)).toEqual([
      'HorizontalPodAutoscaler/shop/search spec.maxReplicas undefined: HorizontalPodAutoscaler shop/search: at maxReplicas 5 with cpu at 180% of request (target 60%) — it wants about 15 replicas to bring cpu to target, maxReplicas is 5',
    ]);
    const f = r.findings[0]!;
    expect([f.fault, f.severity]).toEqual(['I2', 'warning']);
    expect(f.evidence.map((e) => e.message)).toEqual([
      'ScalingLimited=True TooManyReplicas: the desired replica count is more than the maximum replica count',
      'replicas 5/5; cpu at 180% of request (target 60%)',
      'root cause: it wants about 15 replicas to bring cpu to target, maxReplicas is 5',
    ]);
    expect(f.fix).toBe('Raise spec.maxReplicas of HorizontalPodAutoscaler shop/search to about 15 if the nodes have room, or make each pod of Deployment shop/search handle more load.');
    expect(f.verify).toBe('kubectl get hpa search -n shop   # TARGETS below target, REPLICAS under MAXPODS');
  });
});
