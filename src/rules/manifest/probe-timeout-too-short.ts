import { defineRule } from '../../core/rule.js';
import { probeHandler, probeTiming } from '../../model/probe-timing.js';
import { longRunningContainers } from '../../model/probes.js';
import { containerSubject } from '../../model/subjects.js';

export default defineRule({
  meta: {
    id: 'probe-timeout-too-short',
    fault: 'D1',
    severity: 'warning',
    title: 'Liveness probe restarts the container after one check slower than a second',
    why:
      'With failureThreshold 1 and timeoutSeconds 1 (the default) a single liveness check that takes over a second ' +
      'restarts the container: "Liveness probe failed: Get "http://10.0.1.7:8080/livez": context deadline exceeded ' +
      '(Client.Timeout exceeded while awaiting headers)". A Go server answers late for ordinary reasons — CPU ' +
      'throttling under a low CPU limit, a GC cycle under memory pressure, a burst of requests, a slow dependency ' +
      'behind the handler — and the restart turns a blip into an outage. The default timeout on its own is not ' +
      'flagged: with the default failureThreshold 3 one slow answer is tolerated. tcpSocket probes are not flagged ' +
      'either: the kernel completes the handshake however busy the process is.',
    fix: 'Tolerate a slow answer: keep failureThreshold at 3 or more and give the check headroom, e.g.\nlivenessProbe:\n  httpGet: { path: /livez, port: http }\n  timeoutSeconds: 3\n  failureThreshold: 3',
    verify: 'kubectl get events --field-selector reason=Unhealthy | grep -i liveness',
    needs: ['manifests'],
    tags: ['probes', 'reliability'],
  },
  check({ ws, report }) {
    for (const t of ws.manifests.podTemplates) {
      for (const c of longRunningContainers(t)) {
        const live = c.spec.livenessProbe;
        const handler = live && probeHandler(live);
        if (!live || !handler || handler.kind === 'tcpSocket') continue;
        const timing = probeTiming(live);
        if (timing.failureThreshold > 1 || timing.timeoutSeconds > 1) continue;
        const timeout = timing.explicit.has('timeoutSeconds') ? 'timeoutSeconds 1' : 'timeoutSeconds 1 by default';
        report({
          message: `container "${c.name}" is restarted after a single liveness check slower than 1s (${timeout}, failureThreshold 1)`,
          at: containerSubject(c, ['livenessProbe', 'failureThreshold']),
        });
      }
    }
  },
});
