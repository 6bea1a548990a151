import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { buildEvidence, containerBinary, listenerAddress, networkListeners, portUses } from '../../model/container-go.js';
import { isLoopbackHost } from '../../model/go-values.js';
import { DEFAULT_SERVE_MUX } from '../../model/gosrc.js';
import { longRunningContainers } from '../../model/probes.js';

export default defineRule({
  meta: {
    id: 'pprof-exposed',
    fault: 'J3',
    severity: 'warning',
    title: 'net/http/pprof is reachable through the Service',
    why:
      'Importing net/http/pprof registers /debug/pprof/ on http.DefaultServeMux. This binary serves DefaultServeMux on ' +
      'the port its Service forwards to, so anyone who reaches the Service (other pods, an Ingress, a port-forward) can ' +
      'read heap dumps with request data and secrets, list every goroutine, and start 30-second CPU profiles or ' +
      'execution traces that load the pod on demand.',
    fix:
      'Serve the application on its own mux (mux := http.NewServeMux()) and pprof on a separate listener that no ' +
      'Service targets, e.g. go http.ListenAndServe("localhost:6060", nil) — reach it with kubectl port-forward.',
    verify: 'kubectl run -it --rm probe --image=curlimages/curl -- curl -s -o /dev/null -w "%{http_code}" http://<service>/debug/pprof/  # want 404',
    needs: ['manifests', 'dockerfile', 'go'],
    tags: ['security', 'observability'],
  },
  check({ ws, report }) {
    for (const t of ws.manifests.podTemplates) {
      for (const c of longRunningContainers(t)) {
        const b = containerBinary(ws, c);
        const pprof = b?.pkgs.find((p) => p.observability.pprof)?.observability.pprof;
        if (!b || !pprof) continue;
        const services = portUses(ws, c).filter((u) => u.probe === undefined);
        for (const l of networkListeners(b).filter((x) => x.router === DEFAULT_SERVE_MUX)) {
          const a = listenerAddress(ws, c, b, l);
          if (!a || a.port === undefined || isLoopbackHost(a.host)) continue;
          const hit = services.filter((u) => u.port === a.port);
          if (hit.length === 0) continue;
          const evidence: Evidence[] = [
            { message: `${l.call} on "${a.text}" serves http.DefaultServeMux, where pprof registers /debug/pprof/`, span: l.span },
            ...a.evidence,
            ...hit.map((u) => ({ ...u.at, message: `${u.what} forwards to port ${a.port}` })),
            buildEvidence(b),
          ];
          report({
            message: `container "${c.name}": net/http/pprof is imported and ${l.call} serves DefaultServeMux on port ${a.port}, which ${hit[0]!.what.replace(/ targetPort.*/, '')} exposes: /debug/pprof/ is reachable by anyone who reaches the Service`,
            at: { span: pprof.span, container: c.name },
            evidence,
          });
        }
      }
    }
  },
});
