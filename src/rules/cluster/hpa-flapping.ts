import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { asArray, asNumber, asObject } from '../../model/cluster.js';
import { eventEvidence, objectName } from '../../triage/describe.js';
import { FLAP_MIN_RESCALES, FLAP_WINDOW_SECONDS, recentRescales } from '../../triage/hpa.js';

export default defineRule({
  meta: {
    id: 'hpa-flapping',
    fault: 'I2',
    severity: 'warning',
    title: 'HorizontalPodAutoscaler scales up and down over and over',
    why:
      'SuccessfulRescale events alternate ("New size: 4; reason: cpu resource utilization (percentage of request) ' +
      'above target", "New size: 2; reason: All metrics below target") several times in half an hour. Each scale-down ' +
      'kills warm pods and drops connections; each scale-up pays start-up again. Go services make it worse: GC ' +
      'and start-up spikes push utilization over a low target, then it falls back.',
    fix: 'Keep behavior.scaleDown.stabilizationWindowSeconds at 300 (the default) or more, and use a target utilization with headroom (60–80%).',
    verify: 'kubectl get events -n <namespace> --field-selector involvedObject.name=<hpa>,reason=SuccessfulRescale   # no new alternation',
    needs: ['cluster'],
    tags: ['live', 'autoscaling'],
  },
  check({ ws, report }) {
    if (!ws.cluster) return;
    for (const hpa of ws.cluster.ofKind('HorizontalPodAutoscaler')) {
      const r = recentRescales(ws.cluster, hpa);
      if (r.ups < 2 || r.downs < 2 || r.ups + r.downs < FLAP_MIN_RESCALES) continue;
      const spec = asObject(hpa.raw.spec);
      const window = asNumber(asObject(asObject(spec?.behavior)?.scaleDown)?.stabilizationWindowSeconds);
      const target = asNumber(asObject(asObject(asObject(asArray(spec?.metrics)[0])?.resource)?.target)?.averageUtilization);
      const reasons: string[] = [];
      if (window !== undefined && window < 60) reasons.push(`behavior.scaleDown.stabilizationWindowSeconds is ${window}, so one low sample scales down at once`);
      if (target !== undefined && target < 50) reasons.push(`the ${target}% utilization target leaves no headroom for GC and request spikes`);
      const cause = reasons.length ? reasons.join('; ') : 'utilization swings across the target faster than the stabilization window';
      const ns = hpa.namespace ?? 'default';
      const evidence: Evidence[] = [
        { message: `${r.ups} scale-ups and ${r.downs} scale-downs in the last ${FLAP_WINDOW_SECONDS / 60}m`, object: hpa.ref },
        ...[...r.up, ...r.down].map((e) => eventEvidence(e, hpa)),
        ...(window !== undefined ? [{ message: `behavior.scaleDown.stabilizationWindowSeconds: ${window}`, object: hpa.ref, fieldPath: 'spec.behavior.scaleDown.stabilizationWindowSeconds' }] : []),
        { message: `root cause: ${cause}` },
      ];
      report({
        message: `${objectName(hpa)}: flapping — ${r.ups} scale-ups and ${r.downs} scale-downs in ${FLAP_WINDOW_SECONDS / 60}m; ${cause}`,
        at: { object: hpa.ref, fieldPath: window !== undefined && window < 60 ? 'spec.behavior.scaleDown.stabilizationWindowSeconds' : 'spec.metrics' },
        evidence,
        fix: `${window !== undefined && window < 60 ? `Set spec.behavior.scaleDown.stabilizationWindowSeconds of ${objectName(hpa)} to 300 (the default) or more` : `Lengthen spec.behavior.scaleDown.stabilizationWindowSeconds of ${objectName(hpa)}`}${target !== undefined && target < 50 ? `, and raise averageUtilization from ${target}% to 60–80%` : ''}.`,
        verify: `kubectl get events -n ${ns} --field-selector involvedObject.name=${hpa.name},reason=SuccessfulRescale   # no new alternation`,
      });
    }
  },
});

