import type { Container, Probe } from 'kubernetes-types/core/v1.js';
import { defineRule } from '../../core/rule.js';
import { findContainerPort } from '../../model/ports.js';
import { longRunningContainers } from '../../model/probes.js';
import { containerSubject } from '../../model/subjects.js';

export default defineRule({
  meta: {
    id: 'liveness-equals-readiness',
    fault: 'D2',
    severity: 'warning',
    title: 'Liveness and readiness probes run the same check',
    why:
      'Readiness answers "should this pod get traffic now?", liveness "is this process beyond repair?". When both ' +
      'call the same endpoint, anything that makes the pod briefly unready — a slow database behind /healthz, CPU ' +
      'throttling under load, a long GC cycle — also fails liveness: the kubelet logs "Liveness probe failed" and ' +
      'restarts the container (exit 137/143) instead of just holding traffic back, and under load every replica ' +
      'restarts at once.',
    fix:
      'Give liveness a cheap, dependency-free handler and keep dependency checks in readiness, e.g.\n' +
      'livenessProbe:\n  httpGet: { path: /livez, port: http }\n  failureThreshold: 3\n' +
      'readinessProbe:\n  httpGet: { path: /readyz, port: http }',
    verify: 'kubectl get deploy <name> -o jsonpath="{.spec.template.spec.containers[*].livenessProbe}{\\"\\n\\"}{.spec.template.spec.containers[*].readinessProbe}"',
    needs: ['manifests'],
    tags: ['probes', 'reliability'],
  },
  check({ ws, report }) {
    for (const t of ws.manifests.podTemplates) {
      for (const c of longRunningContainers(t)) {
        const { livenessProbe: live, readinessProbe: ready } = c.spec;
        if (!live || !ready) continue;
        const a = handlerIdentity(live, c.spec);
        if (!a || a.key !== handlerIdentity(ready, c.spec)?.key) continue;
        report({
          message: `container "${c.name}" uses the same check for liveness and readiness (${a.label}): a pod that is only unready gets restarted`,
          at: containerSubject(c, ['livenessProbe'], 'key'),
          evidence: [{ message: 'readinessProbe runs the same check', ...containerSubject(c, ['readinessProbe'], 'key') }],
        });
      }
    }
  },
});

/**
 * What a probe actually asks the app, with named ports resolved so `port: http` equals
 * `port: 8080`. tcpSocket is left out: the kernel completes the handshake for a listening
 * socket however busy the app is, so a shared TCP check only fails when nothing listens —
 * which liveness should act on anyway.
 */
function handlerIdentity(p: Probe, c: Container): { key: string; label: string } | undefined {
  const port = (v: unknown): string => {
    if (typeof v !== 'number' && typeof v !== 'string') return '?';
    return String(findContainerPort(c, v)?.containerPort ?? v);
  };
  if (p.httpGet) {
    const h = p.httpGet;
    const path = typeof h.path === 'string' && h.path !== '' ? h.path : '/';
    const scheme = h.scheme ?? 'HTTP';
    const key = JSON.stringify(['http', scheme, h.host ?? '', port(h.port), path, h.httpHeaders ?? []]);
    return { key, label: `httpGet ${path} on port ${port(h.port)}` };
  }
  if (p.grpc) {
    const key = JSON.stringify(['grpc', port(p.grpc.port), p.grpc.service ?? '']);
    return { key, label: `grpc on port ${port(p.grpc.port)}` };
  }
  if (p.exec && Array.isArray(p.exec.command)) {
    return { key: JSON.stringify(['exec', p.exec.command]), label: `exec ${p.exec.command.join(' ')}` };
  }
  return undefined;
}
