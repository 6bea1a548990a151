import type { ContainerPort } from 'kubernetes-types/core/v1.js';
import { defineRule } from '../../core/rule.js';
import { selects, serviceSelector } from '../../model/link.js';
import type { ContainerView, Json, PodTemplate } from '../../model/manifest.js';
import { findContainerPort } from '../../model/ports.js';
import { objectSubject } from '../../model/subjects.js';
import { asArray, asObject, nsOf, services, unrendered } from '../../model/wiring.js';

export default defineRule({
  meta: {
    id: 'service-target-port-unknown',
    fault: 'G1',
    severity: 'error',
    title: 'Service targetPort matches no container port of the pods it selects',
    why:
      'The EndpointSlice controller resolves a named targetPort against each selected pod\'s containerPorts (name ' +
      'and protocol); a pod that has no such port is left out, so the Service has no endpoints for that port and ' +
      'clients get "connection refused" or an Ingress 503. A numeric targetPort is sent as is: when the containers ' +
      'declare other ports, traffic goes to a port nothing listens on.',
    fix:
      'Point targetPort at a declared port, by name so the two cannot drift:\n' +
      'ports:\n  - { name: http, containerPort: 8080 }   # container\n---\nports:\n  - { port: 80, targetPort: http }        # Service',
    verify: 'kubectl get endpointslices -l kubernetes.io/service-name=<service> -o wide  # PORTS lists the container port',
    needs: ['manifests'],
    tags: ['networking', 'wiring'],
  },
  check({ ws, report }) {
    for (const svc of services(ws.manifests.objects)) {
      const selector = serviceSelector(svc);
      const selected = ws.manifests.podTemplates.filter((t) => nsOf(t.object) === nsOf(svc) && selects(selector, t.labels));
      if (selected.length === 0) continue;
      asArray(asObject(svc.raw.spec)?.ports).forEach((p, i) => {
        const port = asObject(p);
        if (!port) return;
        const hasTarget = port.targetPort !== undefined && port.targetPort !== null;
        const target: Json | undefined = hasTarget ? port.targetPort : port.port;
        if ((typeof target !== 'number' && typeof target !== 'string') || unrendered(target)) return;
        const protocol = typeof port.protocol === 'string' ? port.protocol : 'TCP';
        const at = objectSubject(svc, ['spec', 'ports', i, hasTarget ? 'targetPort' : 'port']);
        for (const t of selected) {
          const containers = servingContainers(t);
          if (containers.some((c) => resolves(c, target, protocol))) continue;
          const declared = containers.flatMap((c) => (c.spec.ports ?? []).map((cp) => ({ c, cp })));
          const named = typeof target === 'string' && !/^\d+$/.test(target);
          // containerPort is informational: with no ports declared at all, a number may well be right.
          if (!named && declared.length === 0) continue;
          const what = named ? `named targetPort "${target}"` : `targetPort ${target}${hasTarget ? '' : ' (defaulted from port)'}`;
          const list = declared.map(({ cp }) => describePort(cp)).join(', ');
          report({
            message:
              `Service ${svc.name} ${what} matches no container port of ${t.object.kind} ${t.object.name}` +
              (list ? ` (declared: ${list})` : ' (no container declares ports)') +
              (named ? ': its pods get no endpoints for this port' : ': traffic goes to a port the pods do not declare'),
            at,
            evidence: declared.slice(0, 1).map(({ c }) => ({
              message: `container "${c.name}" ports`,
              ...objectSubject(t.object, [...c.path, 'ports']),
              container: c.name,
            })),
            ...(named ? {} : { severity: 'warning' as const }),
          });
        }
      });
    }
  },
});

/** Native sidecars (restartPolicy Always) serve ports like regular containers. */
function servingContainers(t: PodTemplate): ContainerView[] {
  return [...t.containers, ...t.initContainers.filter((c) => c.spec.restartPolicy === 'Always')];
}

function resolves(c: ContainerView, target: number | string, protocol: string): boolean {
  const cp = findContainerPort(c.spec, target);
  // podutil.FindPort matches a named port on name and protocol.
  return cp !== undefined && (typeof target === 'number' || /^\d+$/.test(target) || (cp.protocol ?? 'TCP') === protocol);
}

function describePort(cp: ContainerPort): string {
  const proto = cp.protocol && cp.protocol !== 'TCP' ? `/${cp.protocol}` : '';
  return cp.name ? `${cp.name}=${cp.containerPort}${proto}` : `${cp.containerPort}${proto}`;
}
