import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { buildEvidence, containerBinary, listenerAddress, networkListeners } from '../../model/container-go.js';
import { probeHandler, probesOf, probeWord } from '../../model/probe-timing.js';
import { findContainerPort } from '../../model/ports.js';
import { longRunningContainers } from '../../model/probes.js';
import { hasParams, routeServesGet } from '../../model/route-match.js';
import { containerSubject } from '../../model/subjects.js';

export default defineRule({
  meta: {
    id: 'probe-path-not-served',
    fault: 'D3',
    severity: 'error',
    title: 'HTTP probe path has no route in the Go server',
    why:
      'The kubelet counts any status outside 200–399 as a failure. The Go server registers no handler for the probe path on ' +
      'the port probed, so every probe gets 404 (or 405 for a route registered for another method): liveness restarts the ' +
      'pod in a loop ("Liveness probe failed: HTTP probe failed with statuscode: 404"), readiness keeps it out of the Service.',
    fix: 'Register the path on the router the probed port serves (e.g. mux.HandleFunc("GET /healthz", …)), or point the probe at a path the server serves.',
    verify: 'kubectl port-forward pod/<pod> <port> & curl -si localhost:<port><path>  # expect 200',
    needs: ['manifests', 'dockerfile', 'go'],
    tags: ['probes'],
  },
  check({ ws, report }) {
    for (const t of ws.manifests.podTemplates) {
      for (const c of longRunningContainers(t)) {
        const b = containerBinary(ws, c);
        if (!b) continue;
        // A registration whose path we could not read might be the probe's: stay silent.
        if (b.pkgs.some((p) => (p.unresolvedRoutes?.length ?? 0) > 0)) continue;
        const routes = b.pkgs.flatMap((p) => p.routes);
        if (routes.some((r) => r.router.startsWith('unresolved:') || r.host !== undefined || hasParams(r.path))) continue;
        const listeners = networkListeners(b).map((l) => ({ l, a: listenerAddress(ws, c, b, l) }));
        for (const { field, probe } of probesOf(c)) {
          const h = probeHandler(probe);
          if (h?.kind !== 'httpGet' || h.port === undefined) continue;
          const port = typeof h.port === 'number' ? h.port : /^\d+$/.test(h.port) ? Number(h.port) : findContainerPort(c.spec, h.port)?.containerPort;
          const on = listeners.filter(({ a }) => a?.port === port);
          // Which server answers is unknown (or nobody listens: listen-port-mismatch's case).
          if (port === undefined || on.length !== 1 || listeners.some(({ a }) => a?.port === undefined)) continue;
          const { l } = on[0]!;
          if (!l.router || l.router.startsWith('unresolved:') || (l.protocol !== 'http' && l.protocol !== 'https')) continue;
          const mine = routes.filter((r) => r.router === l.router);
          if (mine.length === 0) continue;
          const rawPath = probe.httpGet?.path;
          const path = (typeof rawPath === 'string' && rawPath !== '' ? rawPath : '/').split('?')[0]!;
          if (mine.some((r) => routeServesGet(r, path))) continue;
          const samePath = mine.filter((r) => r.path === path);
          const evidence: Evidence[] = [
            { message: `${l.call} serves port ${port}`, span: l.span },
            ...(samePath.length > 0 ? samePath : mine).slice(0, 5).map((r) => ({ message: `route ${r.method ? `${r.method} ` : ''}${r.path}`, span: r.span })),
            buildEvidence(b),
          ];
          const status = samePath.length > 0 ? `405: ${path} is registered for ${samePath.map((r) => r.method).join('/')} only` : '404';
          report({
            message: `container "${c.name}": ${probeWord(field)} probe GET ${path} on port ${port} has no route in ${b.build.pkg.dir} (${mine.length} route${mine.length === 1 ? '' : 's'} on that server): the probe gets ${status}`,
            at: containerSubject(c, typeof rawPath === 'string' ? [field, 'httpGet', 'path'] : [field, 'httpGet']),
            evidence,
          });
        }
      }
    }
  },
});
