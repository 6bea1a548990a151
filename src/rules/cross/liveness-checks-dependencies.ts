import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { buildEvidence, containerBinary, listenerAddress, networkListeners } from '../../model/container-go.js';
import type { GoRoute } from '../../model/gosrc.js';
import { findContainerPort } from '../../model/ports.js';
import { probeHandler } from '../../model/probe-timing.js';
import { longRunningContainers } from '../../model/probes.js';
import { routeServesGet } from '../../model/route-match.js';
import { containerSubject } from '../../model/subjects.js';

export default defineRule({
  meta: {
    id: 'liveness-checks-dependencies',
    fault: 'D2',
    severity: 'warning',
    title: 'Liveness probe handler checks a dependency (database, cache, another service)',
    why:
      'Liveness answers "is this process wedged?"; a failure restarts the container. When the handler pings the database or ' +
      'Redis, one outage of that dependency fails the probe in every replica at once: all pods restart together, lose their ' +
      'warm state and pile reconnects onto the recovering dependency, turning a blip into a full outage.',
    fix: 'Keep liveness trivial (return 200 if the process can serve HTTP); move dependency checks to the readiness probe, which only takes the pod out of the Service.',
    verify: 'kubectl get pods -w  # stop the dependency briefly: pods go NotReady, RESTARTS stays 0',
    needs: ['manifests', 'dockerfile', 'go'],
    tags: ['probes'],
  },
  check({ ws, report }) {
    for (const t of ws.manifests.podTemplates) {
      for (const c of longRunningContainers(t)) {
        const probe = c.spec.livenessProbe;
        const h = probe ? probeHandler(probe) : undefined;
        if (!probe || h?.kind !== 'httpGet') continue;
        const b = containerBinary(ws, c);
        if (!b) continue;
        const rawPath = probe.httpGet?.path;
        const path = (typeof rawPath === 'string' && rawPath !== '' ? rawPath : '/').split('?')[0]!;
        const port = typeof h.port === 'number' ? h.port : h.port !== undefined && /^\d+$/.test(h.port) ? Number(h.port) : findContainerPort(c.spec, h.port)?.containerPort;
        // The router the probed port serves when it is known, else every router of the binary.
        const on = networkListeners(b).filter((l) => port !== undefined && listenerAddress(ws, c, b, l)?.port === port);
        const router = on.length === 1 ? on[0]!.router : undefined;
        const routes = b.pkgs.flatMap((p) => p.routes).filter((r) => router === undefined || r.router === router);
        // Specific routes only: a catch-all `/` handler says nothing about the probe.
        const serving: GoRoute[] = routes.filter((r) => r.path !== '/' && routeServesGet(r, path));
        const reaching = serving.filter((r) => r.reaches.length > 0);
        if (reaching.length === 0) continue;
        const calls = reaching.flatMap((r) => r.reaches);
        const evidence: Evidence[] = [
          ...reaching.map((r) => ({ message: `route ${r.method ? `${r.method} ` : ''}${r.path} → ${r.handler}`, span: r.span })),
          ...calls.map((d) => ({ message: `${d.call} (${d.kind})${d.depth > 0 ? `, ${d.depth} call${d.depth > 1 ? 's' : ''} deep` : ''}`, span: d.span })),
          buildEvidence(b),
        ];
        report({
          message: `container "${c.name}": the liveness probe GET ${path} runs ${[...new Set(calls.map((d) => d.call))].join(', ')}: an outage of that dependency restarts every replica at once`,
          at: containerSubject(c, typeof rawPath === 'string' ? ['livenessProbe', 'httpGet', 'path'] : ['livenessProbe', 'httpGet']),
          evidence,
        });
      }
    }
  },
});
