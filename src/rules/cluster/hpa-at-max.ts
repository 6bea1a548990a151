import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { asNumber, asObject } from '../../model/cluster.js';
import { conditionOf } from '../../triage/clock.js';
import { objectName } from '../../triage/describe.js';
import { hpaTarget, utilizationReadings } from '../../triage/hpa.js';

export default defineRule({
  meta: {
    id: 'hpa-at-max',
    fault: 'I2',
    severity: 'warning',
    title: 'HorizontalPodAutoscaler pinned at maxReplicas while over its target',
    why:
      'The HPA wants more replicas than maxReplicas allows: ScalingLimited=True TooManyReplicas ("the desired replica ' +
      'count is more than the maximum replica count") with utilization above target. Every pod runs hot, latency ' +
      'and error rates climb, and the autoscaler can do nothing more.',
    fix: 'Raise spec.maxReplicas (if the cluster has room), or make each pod do more (CPU request, GOMAXPROCS, the hot path).',
    verify: 'kubectl get hpa <name> -n <namespace>   # TARGETS below target, REPLICAS under MAXPODS',
    needs: ['cluster'],
    tags: ['live', 'autoscaling'],
  },
  check({ ws, report }) {
    if (!ws.cluster) return;
    for (const hpa of ws.cluster.ofKind('HorizontalPodAutoscaler')) {
      const max = asNumber(asObject(hpa.raw.spec)?.maxReplicas);
      const current = asNumber(asObject(hpa.raw.status)?.currentReplicas);
      const limited = conditionOf(hpa, 'ScalingLimited');
      if (max === undefined || current === undefined || current < max || limited?.status !== 'True' || limited.reason !== 'TooManyReplicas') continue;
      const hot = utilizationReadings(hpa).filter((u) => u.current > u.target);
      if (hot.length === 0) continue;
      const ns = hpa.namespace ?? 'default';
      const load = hot.map((u) => `${u.resource} at ${u.current}% of request (target ${u.target}%)`).join(', ');
      const wanted = Math.ceil((current * hot[0]!.current) / hot[0]!.target);
      const target = hpaTarget(ws.cluster, hpa);
      const cause = `it wants about ${wanted} replicas to bring ${hot[0]!.resource} to target, maxReplicas is ${max}`;
      const evidence: Evidence[] = [
        { message: `ScalingLimited=True TooManyReplicas: ${limited.message ?? ''}`, object: hpa.ref, fieldPath: 'status.conditions[type=ScalingLimited]' },
        { message: `replicas ${current}/${max}; ${load}`, object: hpa.ref, fieldPath: 'status.currentMetrics' },
        { message: `root cause: ${cause}` },
      ];
      report({
        message: `${objectName(hpa)}: at maxReplicas ${max} with ${load} — ${cause}`,
        at: { object: hpa.ref, fieldPath: 'spec.maxReplicas' },
        evidence,
        fix: `Raise spec.maxReplicas of ${objectName(hpa)} to about ${wanted} if the nodes have room, or make each pod of ${target ? objectName(target) : 'the target'} handle more load.`,
        verify: `kubectl get hpa ${hpa.name} -n ${ns}   # TARGETS below target, REPLICAS under MAXPODS`,
      });
    }
  },
});
