import { defineRule } from '../../core/rule.js';
import { probeTiming } from '../../model/probe-timing.js';
import { longRunningContainers } from '../../model/probes.js';
import { containerSubject } from '../../model/subjects.js';

/** Below this a delay is ordinary start-up slack; from here on it is a start-up budget in disguise. */
const SLOW_START_DELAY = 30;

export default defineRule({
  meta: {
    id: 'no-startup-probe-slow-start',
    fault: 'D1',
    severity: 'warning',
    title: 'Slow start handled with a long liveness initialDelaySeconds instead of a startupProbe',
    why:
      'A long initialDelaySeconds is a fixed guess at start-up time. When a start is slower than the guess (cold ' +
      'node, CPU throttling, a longer migration) liveness kills the container mid-start: "Liveness probe failed", ' +
      'exit 137, CrashLoopBackOff, and each restart is as slow as the last. When it is faster, a process that hangs ' +
      'right after start goes unnoticed for the whole delay, after every restart. A startupProbe hands over to ' +
      'liveness as soon as the app is up and can allow a generous worst case.',
    fix:
      'Replace the delay with a startupProbe on the liveness handler:\n' +
      'startupProbe:\n  httpGet: { path: /livez, port: http }\n  periodSeconds: 5\n  failureThreshold: 30   # up to 150s\n' +
      'livenessProbe:\n  httpGet: { path: /livez, port: http }   # no initialDelaySeconds',
    verify: 'kubectl get pod <pod> -o jsonpath="{.spec.containers[*].startupProbe}"',
    needs: ['manifests'],
    tags: ['probes', 'startup'],
  },
  check({ ws, report }) {
    for (const t of ws.manifests.podTemplates) {
      for (const c of longRunningContainers(t)) {
        const live = c.spec.livenessProbe;
        if (!live || c.spec.startupProbe) continue;
        const delay = probeTiming(live).initialDelaySeconds;
        if (delay < SLOW_START_DELAY) continue;
        report({
          message: `container "${c.name}" waits ${delay}s before its first liveness check instead of using a startupProbe`,
          at: containerSubject(c, ['livenessProbe', 'initialDelaySeconds']),
        });
      }
    }
  },
});
