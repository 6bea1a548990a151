import { defineRule } from '../../core/rule.js';
import { isHpa } from '../../model/autoscaling.js';
import { objectSubject } from '../../model/subjects.js';
import { asObject } from '../../model/wiring.js';

export default defineRule({
  meta: {
    id: 'hpa-min-equals-max',
    fault: 'I2',
    severity: 'warning',
    title: 'HPA minReplicas equals maxReplicas',
    why:
      'With minReplicas == maxReplicas (minReplicas defaults to 1) the autoscaler can never change the replica ' +
      'count: under load the HPA reports ScalingLimited "the desired replica count is more than the maximum replica ' +
      'count" while latency climbs. Usually a values file pinned both while debugging.',
    fix: 'Give the HPA room to scale, e.g.\nspec:\n  minReplicas: 2\n  maxReplicas: 10\nor delete the HPA and set spec.replicas on the workload.',
    verify: 'kubectl describe hpa <hpa>  # Conditions: ScalingLimited False',
    needs: ['manifests'],
    tags: ['autoscaling'],
  },
  check({ ws, report }) {
    for (const hpa of ws.manifests.objects) {
      if (!isHpa(hpa)) continue;
      const spec = asObject(hpa.raw.spec);
      const max = spec?.maxReplicas;
      const min = spec?.minReplicas ?? 1;
      if (typeof max !== 'number' || typeof min !== 'number' || min !== max) continue;
      report({
        message: `HorizontalPodAutoscaler ${hpa.name} has minReplicas ${min}${spec?.minReplicas === undefined ? ' (default)' : ''} and maxReplicas ${max}: it can never scale`,
        at: objectSubject(hpa, ['spec', 'maxReplicas']),
      });
    }
  },
});
