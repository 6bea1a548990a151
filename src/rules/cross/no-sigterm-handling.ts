import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { buildEvidence, containerBinary, networkListeners } from '../../model/container-go.js';
import { longRunningContainers } from '../../model/probes.js';
import { objectSubject } from '../../model/subjects.js';

/** What the kubelet waits between SIGTERM and SIGKILL when the pod does not say. */
const DEFAULT_GRACE = 30;

export default defineRule({
  meta: {
    id: 'no-sigterm-handling',
    fault: 'D4',
    severity: 'warning',
    title: 'Go server does not shut down gracefully on SIGTERM',
    why:
      'On every rollout, scale-down and node drain the kubelet sends SIGTERM, waits terminationGracePeriodSeconds, then ' +
      'SIGKILLs. A Go program that does not catch SIGTERM dies at once: in-flight requests are cut (clients see 502/503 or ' +
      '"connection reset") and nothing is flushed. A Shutdown deadline longer than the grace period is cut short by SIGKILL the same way.',
    fix:
      'ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)\ndefer stop()\ngo srv.ListenAndServe()\n<-ctx.Done()\n' +
      'shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second) // < terminationGracePeriodSeconds\ndefer cancel()\nsrv.Shutdown(shutdownCtx)',
    verify: 'kubectl rollout restart deploy/<name> while running a load test: no 5xx, and the pod log shows the shutdown message',
    needs: ['manifests', 'dockerfile', 'go'],
    tags: ['lifecycle', 'rollout'],
  },
  check({ ws, report }) {
    for (const t of ws.manifests.podTemplates) {
      for (const c of longRunningContainers(t)) {
        const b = containerBinary(ws, c);
        if (!b) continue;
        const servers = networkListeners(b).filter((l) => l.protocol === 'http' || l.protocol === 'https' || l.protocol === 'grpc');
        if (servers.length === 0) continue;
        const signals = b.pkgs.flatMap((p) => p.shutdown.signals);
        const calls = b.pkgs.flatMap((p) => p.shutdown.calls);
        const term = signals.filter((s) => s.signals.length === 0 || s.signals.some((n) => n === 'SIGTERM' || n.endsWith('.SIGTERM')));
        const server = servers[0]!;
        if (term.length === 0) {
          const evidence: Evidence[] = [
            ...signals.map((s) => ({ message: `${s.call} catches ${s.signals.join(', ')} only (Ctrl-C), not the kubelet's SIGTERM`, span: s.span })),
            ...calls.map((s) => ({ message: `${s.call} only runs on those signals`, span: s.span })),
            { ...objectSubject(t.object, [...t.specPath]), container: c.name, message: `pod of container "${c.name}" gets SIGTERM on every rollout` },
            buildEvidence(b),
          ];
          report({
            message:
              signals.length === 0
                ? `container "${c.name}": ${b.build.pkg.dir} serves HTTP (${server.call}) but never handles SIGTERM${calls.length === 0 ? ' nor calls Shutdown' : ''}: in-flight requests are cut on every rollout`
                : `container "${c.name}": ${b.build.pkg.dir} handles ${[...new Set(signals.flatMap((s) => s.signals))].join(', ')} but not SIGTERM: the graceful shutdown never runs in Kubernetes`,
            at: { span: signals[0]?.span ?? server.span, container: c.name },
            evidence,
          });
          continue;
        }
        const raw: unknown = t.spec.terminationGracePeriodSeconds;
        const grace = typeof raw === 'number' ? raw : DEFAULT_GRACE;
        for (const call of calls) {
          const secs = call.timeout?.seconds;
          if (secs === undefined || secs <= grace) continue;
          report({
            message: `container "${c.name}": ${call.call} waits up to ${secs}s but terminationGracePeriodSeconds is ${grace}${typeof raw === 'number' ? '' : ' (default)'}: the kubelet SIGKILLs the process mid-shutdown`,
            at: { ...objectSubject(t.object, typeof raw === 'number' ? [...t.specPath, 'terminationGracePeriodSeconds'] : [...t.specPath]), container: c.name },
            evidence: [{ message: `shutdown deadline ${call.timeout!.expr}`, span: call.timeout!.span }, { message: call.call, span: call.span }, buildEvidence(b)],
            severity: 'error',
          });
        }
      }
    }
  },
});
