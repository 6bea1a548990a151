import { defineRule } from '../../core/rule.js';
import type { ContainerView, KubeObject, PodTemplate } from '../../model/manifest.js';
import { isJsonObject } from '../../model/pod-templates.js';
import { findContainerPort } from '../../model/ports.js';
import { longRunningContainers } from '../../model/probes.js';
import { containerSubject } from '../../model/subjects.js';

export default defineRule({
  meta: {
    id: 'no-prestop-delay',
    fault: 'D4',
    severity: 'info',
    title: 'Container behind a Service has no preStop delay',
    why:
      'When a pod is deleted the kubelet sends SIGTERM at the same time as the endpoints controller removes the pod ' +
      'from the Service; kube-proxy, ingress controllers and load balancers take a few more seconds to stop sending ' +
      'it traffic. A Go server that calls http.Server.Shutdown on SIGTERM closes its listener at once, so those ' +
      'last requests get "connection refused" or a 502/503 from the proxy on every rollout, scale-down and drain.',
    fix:
      'Delay SIGTERM until the endpoint removal has spread (no shell needed on Kubernetes ≥ 1.30):\n' +
      'lifecycle:\n  preStop:\n    sleep: { seconds: 5 }\n' +
      'and keep terminationGracePeriodSeconds ≥ the delay plus the server\'s Shutdown timeout.',
    verify: 'kubectl rollout restart deploy/<name> while running a load test (e.g. hey -z 60s http://<svc>/): no 5xx',
    needs: ['manifests'],
    tags: ['shutdown', 'lifecycle', 'rollout'],
  },
  check({ ws, report }) {
    for (const t of ws.manifests.podTemplates) {
      const services = ws.links.servicesSelecting(t);
      const svc = services[0];
      if (!svc) continue;
      for (const c of servingContainers(t, services)) {
        if (c.spec.lifecycle?.preStop) continue;
        report({
          message: `container "${c.name}" has no preStop delay: Service ${svc.name} keeps routing requests to it for a few seconds after SIGTERM`,
          at: containerSubject(c, c.spec.lifecycle ? ['lifecycle'] : []),
          evidence: [{ message: `Service ${svc.name} selects this pod template`, span: svc.locate(['spec', 'selector']).span, object: svc.ref }],
        });
      }
    }
  },
});

/**
 * The containers a Service's targetPorts land on. A numeric targetPort need not be declared,
 * so when no container claims any of them a single-container pod is taken as the server;
 * with several containers and no match we cannot tell which one serves, and stay quiet.
 */
function servingContainers(t: PodTemplate, services: KubeObject[]): ContainerView[] {
  const all = longRunningContainers(t);
  const targets = services.flatMap(targetPorts);
  const claimed = all.filter((c) => targets.some((p) => findContainerPort(c.spec, p) !== undefined));
  if (claimed.length > 0) return claimed;
  const main = all.filter((c) => c.kind === 'container');
  return main.length === 1 ? main : [];
}

function targetPorts(svc: KubeObject): (number | string)[] {
  const spec = svc.raw.spec;
  if (!isJsonObject(spec) || !Array.isArray(spec.ports)) return [];
  const out: (number | string)[] = [];
  for (const p of spec.ports) {
    if (!isJsonObject(p)) continue;
    const target = p.targetPort ?? p.port;
    if (typeof target === 'number' || typeof target === 'string') out.push(target);
  }
  return out;
}
