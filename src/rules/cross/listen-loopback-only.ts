import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { buildEvidence, containerBinary, listenerAddress, networkListeners, portUses } from '../../model/container-go.js';
import { isLoopbackHost } from '../../model/go-values.js';
import { longRunningContainers } from '../../model/probes.js';

export default defineRule({
  meta: {
    id: 'listen-loopback-only',
    fault: 'C4',
    severity: 'error',
    title: 'Go server binds to loopback, probes and Services cannot reach it',
    why:
      'The kubelet probes the pod IP and Services forward to the pod IP; a server bound to 127.0.0.1 or localhost only ' +
      'accepts connections from inside the pod. Probes fail with "connect: connection refused", the pod restarts or never ' +
      'becomes ready, and the Service has no working endpoints. It works on a laptop, which is why it ships.',
    fix: 'Listen on all interfaces: ":8080" (or "0.0.0.0:8080"); if the address comes from the environment, set it to ":<port>" in the manifest.',
    verify: 'kubectl exec <pod> -- netstat -tln  # the port must be bound on 0.0.0.0 or ::, not 127.0.0.1',
    needs: ['manifests', 'dockerfile', 'go'],
    tags: ['network', 'probes'],
  },
  check({ ws, report }) {
    for (const t of ws.manifests.podTemplates) {
      for (const c of longRunningContainers(t)) {
        const b = containerBinary(ws, c);
        if (!b) continue;
        const uses = portUses(ws, c);
        if (uses.length === 0) continue;
        for (const l of networkListeners(b)) {
          const a = listenerAddress(ws, c, b, l);
          if (!a || !isLoopbackHost(a.host)) continue;
          // Only what targets this listener (or everything, when its port is unknown).
          const hit = uses.filter((u) => a.port === undefined || u.port === a.port);
          if (hit.length === 0) continue;
          const addr = l.addr ?? l.server?.addr;
          const evidence: Evidence[] = [...hit.map((u) => ({ ...u.at, message: `${u.what} connects to the pod IP` })), ...a.evidence, buildEvidence(b)];
          report({
            message: `container "${c.name}": ${l.call} listens on "${a.text}" (loopback only): ${hit[0]!.what} and Services get connection refused`,
            at: { span: addr?.span ?? l.span, container: c.name },
            evidence,
          });
        }
      }
    }
  },
});
