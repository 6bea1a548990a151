import { defineRule } from '../../core/rule.js';
import { isHpa, targetTemplate, utilizationMetrics } from '../../model/autoscaling.js';
import { containerSubject, objectSubject } from '../../model/subjects.js';
import { limitRangeDefaults, nsOf } from '../../model/wiring.js';

export default defineRule({
  meta: {
    id: 'hpa-missing-requests',
    fault: 'I1',
    severity: 'error',
    title: 'HPA scales on resource utilization but a container has no request for it',
    why:
      'Utilization is usage divided by the sum of the containers\' requests. One container without a request (a ' +
      'sidecar counts) makes the whole computation fail: the HPA shows <unknown>/80%, emits FailedGetResourceMetric ' +
      '"failed to get cpu utilization: missing request for cpu in container … of Pod …" and never scales. An HPA ' +
      'with no metrics at all defaults to 80% CPU utilization.',
    fix: 'Request the resource in every container of the target (a limit alone also sets the request):\nresources:\n  requests: { cpu: 100m, memory: 128Mi }',
    verify: 'kubectl get hpa <hpa>  # TARGETS shows a percentage, not <unknown>',
    needs: ['manifests'],
    tags: ['autoscaling', 'resources'],
  },
  check({ ws, report }) {
    const defaults = limitRangeDefaults(ws.manifests.objects);
    for (const hpa of ws.manifests.objects) {
      if (!isHpa(hpa)) continue;
      const t = targetTemplate(ws.manifests.podTemplates, hpa);
      if (!t) continue;
      // calculatePodRequests: regular containers plus restartable (sidecar) init containers.
      const containers = [...t.containers, ...t.initContainers.filter((c) => c.spec.restartPolicy === 'Always')];
      for (const m of utilizationMetrics(hpa)) {
        if (defaults.get(nsOf(hpa))?.has(m.resource)) continue;
        for (const c of containers) {
          if (m.container !== undefined && c.name !== m.container) continue;
          const r = c.spec.resources;
          if (r?.requests?.[m.resource] !== undefined || r?.limits?.[m.resource] !== undefined) continue;
          const metric = m.implicit ? `the default 80% ${m.resource} utilization (no metrics set)` : `${m.resource} utilization`;
          report({
            message:
              `container "${c.name}" has no ${m.resource} request, but HorizontalPodAutoscaler ${hpa.name} scales ${t.object.kind} ${t.object.name} on ${metric}: ` +
              `"failed to get ${m.resource} utilization: missing request for ${m.resource}", it never scales`,
            at: containerSubject(c, r ? ['resources'] : []),
            evidence: [{ message: `HorizontalPodAutoscaler ${hpa.name} ${m.resource} utilization target`, ...objectSubject(hpa, m.path) }],
          });
        }
      }
    }
  },
});
