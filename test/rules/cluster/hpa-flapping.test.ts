import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/cluster/hpa-flapping.js';
import { diagnoseFixture, summary } from '../../helpers/cluster.js';

describe('hpa-flapping', () => {
  it('fires on alternating rescales within 30 minutes, not on one up and one down', async () => {
    const r = await diagnoseFixture('hpa', [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map(summary)).toEqual([
      'HorizontalPodAutoscaler/shop/checkout spec.behavior.scaleDown.stabilizationWindowSeconds undefined: HorizontalPodAutoscaler shop/checkout: flapping — 3 scale-ups and 3 scale-downs in 30m; behavior.scaleDown.stabilizationWindowSeconds is 0, so one low sample scales down at once; the 30% utilization target leaves no headroom for GC and request spikes',
    ]);
    const f = r.findings[0]!;
    expect([f.fault, f.severity]).toEqual(['I2', 'warning']);
    expect(f.evidence.map((e) => e.message)).toEqual([
      '3 scale-ups and 3 scale-downs in the last 30m',
      'event Normal SuccessfulRescale ×3 (2026-11-25T08:35:00Z … 2026-11-25T08:58:20Z, horizontal-pod-autoscaler): New size: 4; reason: cpu resource utilization (percentage of request) above target',
      'event Normal SuccessfulRescale ×3 (2026-11-25T08:40:00Z … 2026-11-25T08:55:00Z, horizontal-pod-autoscaler): New size: 2; reason: All metrics below target',
      'behavior.scaleDown.stabilizationWindowSeconds: 0',
      'root cause: behavior.scaleDown.stabilizationWindowSeconds is 0, so one low sample scales down at once; the 30% utilization target leaves no headroom for GC and request spikes',
    ]);
    expect(f.fix).toBe('Set spec.behavior.scaleDown.stabilizationWindowSeconds of HorizontalPodAutoscaler shop/checkout to 300 (the default) or more, and raise averageUtilization from 30% to 60–80%.');
    expect(f.verify).toBe('kubectl get events -n shop --field-selector involvedObject.name=checkout,reason=SuccessfulRescale   # no new alternation');
  });
});
