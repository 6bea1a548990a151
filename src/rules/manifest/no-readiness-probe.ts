import { defineRule } from '../../core/rule.js';
import type { ContainerView, PodTemplate } from '../../model/manifest.js';
import { longRunningContainers } from '../../model/probes.js';
import { containerSubject } from '../../model/subjects.js';

export default defineRule({
  meta: {
    id: 'no-readiness-probe',
    fault: 'D3',
    severity: 'warning',
    title: 'Serving container has no readiness probe',
    why:
      'Without a readiness probe a pod is added to Service endpoints the moment its process starts, before the Go ' +
      'server listens or its dependencies are up, and stays there while it shuts down: connection refused and 5xx ' +
      'on every rollout and restart.',
    fix:
      'Add a readinessProbe on the port the server listens on, e.g.\n' +
      'readinessProbe:\n  httpGet: { path: /readyz, port: http }\n  periodSeconds: 5',
    verify: 'kubectl get endpointslices -l kubernetes.io/service-name=<service> -o wide  # only ready pods listed during a rollout',
    needs: ['manifests'],
    tags: ['probes', 'reliability'],
  },
  check({ ws, report }) {
    for (const t of ws.manifests.podTemplates) {
      const services = ws.links.servicesSelecting(t);
      for (const c of longRunningContainers(t)) {
        if (c.spec.readinessProbe) continue;
        if (!receivesTraffic(t, c, services.length > 0)) continue;
        const svc = services[0];
        report({
          message: svc
            ? `container "${c.name}" has no readinessProbe, but Service ${svc.name} sends it traffic`
            : `container "${c.name}" exposes ports but has no readinessProbe`,
          at: containerSubject(c),
          evidence: svc ? [{ message: `Service ${svc.name} selects this pod template`, span: svc.locate(['spec', 'selector']).span, object: svc.ref }] : [],
        });
      }
    }
  },
});

/**
 * A container with ports receives traffic. One without ports does only when a Service selects
 * the pod and no container declares ports (then the first one is, by convention, the server);
 * a port-less sidecar beside a serving container (a proxy, a log shipper) gets none.
 */
function receivesTraffic(t: PodTemplate, c: ContainerView, selected: boolean): boolean {
  if ((c.spec.ports ?? []).length > 0) return true;
  if (!selected) return false;
  return t.containers.every((x) => (x.spec.ports ?? []).length === 0) && t.containers[0] === c;
}
