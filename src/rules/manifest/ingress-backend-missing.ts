import { defineRule, type RuleContext } from '../../core/rule.js';
import type { JsonObject, JsonPath, KubeObject } from '../../model/manifest.js';
import { objectSubject } from '../../model/subjects.js';
import { asArray, asObject, didYouMean, namespacesWithWorkloads, nsOf, services, unrendered } from '../../model/wiring.js';

interface Backend {
  service: JsonObject;
  /** Path of `backend.service` inside the Ingress. */
  path: JsonPath;
}

export default defineRule({
  meta: {
    id: 'ingress-backend-missing',
    fault: 'G4',
    severity: 'error',
    title: 'Ingress backend names a Service or port that does not exist',
    why:
      'An Ingress backend must name a Service in the Ingress\'s own namespace and one of its ports (by number or ' +
      'name). Otherwise the controller has nowhere to send the request: ingress-nginx answers 503 Service ' +
      'Temporarily Unavailable (and logs "service ... does not have any active Endpoint" or "no object matching ' +
      'key"), other controllers fall back to their default backend (404).',
    fix:
      'Name the Service and one of its ports exactly:\n' +
      'backend:\n  service:\n    name: api          # metadata.name of the Service, same namespace\n    port:\n      name: http       # or number: 80 (the Service port, not the targetPort)',
    verify: 'kubectl describe ingress <ingress>  # Backends must list <service>:<port> (<pod IPs>), not <error: ...>',
    needs: ['manifests'],
    tags: ['networking', 'wiring', 'ingress'],
  },
  check({ ws, report }) {
    const objects = ws.manifests.objects;
    const judged = namespacesWithWorkloads(ws.manifests.podTemplates);
    for (const svc of services(objects)) judged.add(nsOf(svc));
    for (const ing of objects) {
      if (ing.kind !== 'Ingress' || ing.apiVersion !== 'networking.k8s.io/v1' || !judged.has(nsOf(ing))) continue;
      const byName = new Map(services(objects).filter((s) => nsOf(s) === nsOf(ing)).map((s) => [s.name, s]));
      for (const b of backends(ing)) {
        const name = b.service.name;
        if (typeof name !== 'string' || unrendered(name)) continue;
        const svc = byName.get(name);
        if (!svc) {
          report({
            message: `Ingress ${ing.name} routes to Service ${name}, which is not in ${nsOf(ing) === '' ? 'the set' : `namespace ${nsOf(ing)}`}` + didYouMean(name, [...byName.keys()]),
            at: objectSubject(ing, [...b.path, 'name']),
          });
          continue;
        }
        checkPort(ing, b, svc, report);
      }
    }
  },
});

function checkPort(ing: KubeObject, b: Backend, svc: KubeObject, report: RuleContext['report']): void {
  const port = asObject(b.service.port);
  if (!port) return;
  const ports = asArray(asObject(svc.raw.spec)?.ports).map(asObject).filter((p): p is JsonObject => p !== undefined);
  const byNumber = typeof port.number === 'number';
  const want = byNumber ? port.number : port.name;
  if ((typeof want !== 'number' && typeof want !== 'string') || unrendered(want)) return;
  if (ports.some((p) => (byNumber ? p.port === want : p.name === want))) return;
  const declared = ports.map((p) => (typeof p.name === 'string' ? `${p.name}=${String(p.port)}` : String(p.port))).join(', ');
  const targetHint = byNumber && ports.some((p) => p.targetPort === want) ? ` (${String(want)} is a targetPort: the Ingress needs the Service port)` : '';
  report({
    message: `Ingress ${ing.name} routes to port ${byNumber ? String(want) : `"${String(want)}"`} of Service ${svc.name}, which has ports ${declared || '(none)'}${targetHint}`,
    at: objectSubject(ing, [...b.path, 'port', byNumber ? 'number' : 'name']),
    evidence: [{ message: `Service ${svc.name} ports`, ...objectSubject(svc, ['spec', 'ports']) }],
  });
}

function backends(ing: KubeObject): Backend[] {
  const spec = asObject(ing.raw.spec);
  const out: Backend[] = [];
  const add = (backend: JsonObject | undefined, path: JsonPath) => {
    const service = asObject(backend?.service);
    if (service) out.push({ service, path: [...path, 'service'] });
  };
  add(asObject(spec?.defaultBackend), ['spec', 'defaultBackend']);
  asArray(spec?.rules).forEach((r, i) => {
    asArray(asObject(asObject(r)?.http)?.paths).forEach((p, j) => add(asObject(asObject(p)?.backend), ['spec', 'rules', i, 'http', 'paths', j, 'backend']));
  });
  return out;
}
