import { defineRule, type RuleContext } from '../../core/rule.js';
import type { JsonObject, JsonPath, KubeObject } from '../../model/manifest.js';
import { objectSubject } from '../../model/subjects.js';
import { asArray, asObject, didYouMean, namespacesWithWorkloads, nsName, nsOf, services, unrendered } from '../../model/wiring.js';

const ROUTE_KINDS = new Set(['HTTPRoute', 'GRPCRoute']);
const ROUTE_VERSIONS = new Set(['gateway.networking.k8s.io/v1', 'gateway.networking.k8s.io/v1beta1', 'gateway.networking.k8s.io/v1alpha2']);

interface BackendRef {
  ref: JsonObject;
  /** Path of the backendRef inside the route. */
  path: JsonPath;
  /** Namespace the ref resolves in: its own `namespace:` or the route's. */
  ns: string;
}

export default defineRule({
  meta: {
    id: 'gateway-backend-missing',
    fault: 'G4',
    severity: 'error',
    title: 'HTTPRoute/GRPCRoute backend names a Service or port that does not exist',
    why:
      'A Gateway API backendRef must name a Service (in the route\'s namespace unless `namespace:` says otherwise) ' +
      'and one of its Service ports. Otherwise the route is accepted but its status shows ResolvedRefs False with ' +
      'reason BackendNotFound, and the Gateway answers every request for that rule with HTTP 500 (gRPC UNAVAILABLE ' +
      'for GRPCRoute) while the pods behind the real Service are healthy.',
    fix:
      'Name the Service and its port exactly:\n' +
      'rules:\n  - backendRefs:\n      - name: api      # metadata.name of the Service\n        port: 80       # the Service port, not the targetPort',
    verify: 'kubectl get httproute <route> -o jsonpath=\'{.status.parents[*].conditions[?(@.type=="ResolvedRefs")]}\'  # status "True"',
    needs: ['manifests'],
    tags: ['networking', 'wiring', 'gateway-api'],
  },
  check({ ws, report }) {
    const objects = ws.manifests.objects;
    const svcs = services(objects);
    const judged = namespacesWithWorkloads(ws.manifests.podTemplates);
    for (const svc of svcs) judged.add(nsOf(svc));
    for (const route of objects) {
      if (!ROUTE_KINDS.has(route.kind) || !ROUTE_VERSIONS.has(route.apiVersion)) continue;
      for (const b of serviceRefs(route)) {
        if (!judged.has(b.ns)) continue;
        const name = b.ref.name;
        if (typeof name !== 'string' || unrendered(name) || unrendered(b.ref.namespace)) continue;
        const inNs = svcs.filter((s) => nsOf(s) === b.ns);
        const svc = inNs.find((s) => s.name === name);
        const where = b.ns === '' ? 'the set' : `namespace ${b.ns}`;
        if (!svc) {
          report({
            message: `${route.kind} ${route.name} routes to Service ${name}, which is not in ${where}` + didYouMean(name, inNs.map((s) => s.name)),
            at: objectSubject(route, [...b.path, 'name']),
          });
          continue;
        }
        checkPort(route, b, svc, report);
      }
    }
  },
});

function checkPort(route: KubeObject, b: BackendRef, svc: KubeObject, report: RuleContext['report']): void {
  const want = b.ref.port;
  // A Service ref without a port is rejected by the API server's CEL validation, not worth a second report.
  if (typeof want !== 'number') return;
  const ports = asArray(asObject(svc.raw.spec)?.ports).map(asObject).filter((p): p is JsonObject => p !== undefined);
  if (ports.some((p) => p.port === want)) return;
  const declared = ports.map((p) => (typeof p.name === 'string' ? `${p.name}=${String(p.port)}` : String(p.port))).join(', ');
  const targetHint = ports.some((p) => p.targetPort === want) ? ` (${want} is a targetPort: the route needs the Service port)` : '';
  report({
    message: `${route.kind} ${route.name} routes to port ${want} of Service ${nsName(nsOf(svc), svc.name)}, which has ports ${declared || '(none)'}${targetHint}`,
    at: objectSubject(route, [...b.path, 'port']),
    evidence: [{ message: `Service ${svc.name} ports`, ...objectSubject(svc, ['spec', 'ports']) }],
  });
}

/** backendRefs that point at a core Service (kind Service or unset, group "" or unset). */
function serviceRefs(route: KubeObject): BackendRef[] {
  const out: BackendRef[] = [];
  asArray(asObject(route.raw.spec)?.rules).forEach((r, i) => {
    asArray(asObject(r)?.backendRefs).forEach((x, j) => {
      const ref = asObject(x);
      if (!ref) return;
      if ((ref.kind ?? 'Service') !== 'Service' || (ref.group ?? '') !== '') return;
      const ns = typeof ref.namespace === 'string' ? ref.namespace : nsOf(route);
      out.push({ ref, path: ['spec', 'rules', i, 'backendRefs', j], ns });
    });
  });
  return out;
}
