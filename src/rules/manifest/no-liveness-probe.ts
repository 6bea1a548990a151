import { defineRule } from '../../core/rule.js';
import { longRunningContainers } from '../../model/probes.js';
import { containerSubject } from '../../model/subjects.js';

export default defineRule({
  meta: {
    id: 'no-liveness-probe',
    fault: 'D3',
    severity: 'info',
    title: 'Long-running container has no liveness probe',
    why:
      'A Go server that deadlocks (all goroutines blocked, a stuck mutex, an exhausted pool) keeps its process alive; ' +
      'without a liveness probe Kubernetes never restarts it. Keep the probe cheap and dependency-free (see D2), ' +
      'and give slow starters a startupProbe (see D1).',
    fix:
      'Add a livenessProbe that only checks the process itself, e.g.\n' +
      'livenessProbe:\n  httpGet: { path: /healthz, port: http }\n  periodSeconds: 10\n  failureThreshold: 3',
    verify: 'kubectl describe pod <pod> | grep -A3 Liveness',
    needs: ['manifests'],
    tags: ['probes', 'reliability'],
  },
  check({ ws, report }) {
    for (const t of ws.manifests.podTemplates) {
      for (const c of longRunningContainers(t)) {
        if (c.spec.livenessProbe) continue;
        report({ message: `container "${c.name}" has no livenessProbe`, at: containerSubject(c) });
      }
    }
  },
});
