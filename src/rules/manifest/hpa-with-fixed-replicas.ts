import { defineRule } from '../../core/rule.js';
import { isHpa, targetTemplate } from '../../model/autoscaling.js';
import { getIn } from '../../model/pod-templates.js';
import { objectSubject } from '../../model/subjects.js';

export default defineRule({
  meta: {
    id: 'hpa-with-fixed-replicas',
    fault: 'I2',
    severity: 'warning',
    title: 'Workload sets spec.replicas while an HPA manages it',
    why:
      '`helm upgrade` (which patches against the live object) and GitOps syncs write spec.replicas back to the ' +
      'manifest value, as does `kubectl apply` whenever that value changes: a Deployment the HPA scaled out drops ' +
      'to the fixed count during a deploy (pods terminated under load) until the HPA scales it up again, Argo CD ' +
      'shows the app OutOfSync, and server-side apply reports a conflict on .spec.replicas.',
    fix: 'Remove spec.replicas from the workload and let the HPA own it (minReplicas is the floor):\nspec:\n  # replicas: 3   ← delete',
    verify: 'kubectl diff -f <manifest>  # no change to spec.replicas after the HPA scaled',
    needs: ['manifests'],
    tags: ['autoscaling', 'gitops'],
  },
  check({ ws, report }) {
    for (const hpa of ws.manifests.objects) {
      if (!isHpa(hpa)) continue;
      const t = targetTemplate(ws.manifests.podTemplates, hpa);
      if (!t || (getIn(t.object.raw, ['spec', 'replicas']) ?? null) === null) continue;
      report({
        message: `${t.object.kind} ${t.object.name} sets spec.replicas while HorizontalPodAutoscaler ${hpa.name} scales it: deploys and syncs reset the count the HPA chose`,
        at: objectSubject(t.object, ['spec', 'replicas'], 'key'),
        evidence: [{ message: `HorizontalPodAutoscaler ${hpa.name} scaleTargetRef`, ...objectSubject(hpa, ['spec', 'scaleTargetRef']) }],
      });
    }
  },
});
