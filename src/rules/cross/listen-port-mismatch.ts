import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { buildEvidence, containerBinary, listenerAddress, networkListeners, portUses } from '../../model/container-go.js';
import { findContainerPort } from '../../model/ports.js';
import { longRunningContainers } from '../../model/probes.js';
import { containerSubject } from '../../model/subjects.js';

export default defineRule({
  meta: {
    id: 'listen-port-mismatch',
    fault: 'C4',
    severity: 'error',
    title: 'Probes or Services target a port the Go server does not listen on',
    why:
      'The kubelet probes and kube-proxy forwards to the pod IP on the port the manifest names; the Go process listens on ' +
      'another one (a different literal, or PORT from the environment resolving elsewhere). Probes fail with "connect: ' +
      'connection refused", liveness restarts the pod in a loop, readiness never turns true and the Service has no endpoints.',
    fix: 'Make the listen address and the manifest agree: set PORT (or the flag/env the code reads) to the containerPort, or change containerPort, probe ports and the Service targetPort to the port the code listens on.',
    verify: 'kubectl port-forward pod/<pod> <port> & curl -sv localhost:<port>/  # or: kubectl describe pod <pod> | grep -A3 "probe failed"',
    needs: ['manifests', 'dockerfile', 'go'],
    tags: ['network', 'probes'],
  },
  check({ ws, report }) {
    for (const t of ws.manifests.podTemplates) {
      for (const c of longRunningContainers(t)) {
        const b = containerBinary(ws, c);
        if (!b) continue;
        const listeners = networkListeners(b);
        if (listeners.length === 0) continue;
        const addrs = listeners.map((l) => ({ l, a: listenerAddress(ws, c, b, l) }));
        // One listener we cannot resolve might be the one serving the port: stay silent.
        if (addrs.some(({ a }) => a?.port === undefined)) continue;
        const served = new Set(addrs.map(({ a }) => a!.port!));
        // Ports the container declares only: a probe/targetPort aimed at an undeclared port is
        // probe-port-not-declared's / service-target-port-unknown's finding already.
        const uses = portUses(ws, c).filter((u) => findContainerPort(c.spec, u.port) !== undefined);
        const reported = new Set<number>();
        for (const use of uses) {
          if (served.has(use.port) || reported.has(use.port)) continue;
          reported.add(use.port);
          const same = uses.filter((u) => u !== use && u.port === use.port);
          const listenText = addrs.map(({ a }) => `"${a!.text}"`).join(', ');
          const declared = (c.spec.ports ?? []).findIndex((p) => p.containerPort === use.port);
          const evidence: Evidence[] = [
            ...(declared >= 0 ? [{ ...containerSubject(c, ['ports', declared, 'containerPort']), message: `containerPort ${use.port}` }] : []),
            ...same.map((u) => ({ ...u.at, message: `${u.what} also targets ${u.port}` })),
            ...addrs.flatMap(({ l, a }) => [{ message: `${l.call} listens on "${a!.text}" (port ${a!.port})`, span: (l.addr ?? l.server?.addr)?.span ?? l.span }, ...a!.evidence]),
            buildEvidence(b),
          ];
          report({
            message: `container "${c.name}": ${use.what} targets ${use.port}, but the Go server (${b.build.pkg.dir}) listens on ${listenText}: connection refused`,
            at: use.at,
            evidence,
          });
        }
      }
    }
  },
});
