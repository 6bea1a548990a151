import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import type { ContainerView } from '../../model/manifest.js';
import { formatBudget, probeBudget, probeTiming } from '../../model/probe-timing.js';
import { longRunningContainers } from '../../model/probes.js';
import { containerSubject, objectSubject } from '../../model/subjects.js';

const ANNOTATION = 'kubewhy.dev/startup-seconds';

export default defineRule({
  meta: {
    id: 'liveness-budget-too-short',
    fault: 'D1',
    severity: 'error',
    title: 'Probes restart the container before it has finished starting',
    why:
      'Until the first success the kubelet counts probe failures from container start: after initialDelaySeconds + ' +
      'failureThreshold × periodSeconds (defaults 0 + 3 × 10 = 30s) of failures it kills the container ("Liveness ' +
      'probe failed" / "Startup probe failed", then "Container api failed liveness probe, will be restarted"). A Go ' +
      'service that runs migrations or warms a cache for longer than that never gets to serve: exit 137, ' +
      'CrashLoopBackOff. A startupProbe, when present, holds liveness off and is the budget that counts. Fires only ' +
      `when the start-up time is declared: the pod-template annotation ${ANNOTATION} (or ${ANNOTATION}.<container>), ` +
      'or the rule option startupSeconds.',
    fix:
      'Add a startupProbe whose budget covers the slowest start, and keep liveness quick, e.g. for 90s:\n' +
      'startupProbe:\n  httpGet: { path: /livez, port: http }\n  periodSeconds: 5\n  failureThreshold: 24   # 120s',
    verify: 'kubectl get events --field-selector reason=Unhealthy,involvedObject.name=<pod>  # no "probe failed" during start-up',
    needs: ['manifests'],
    tags: ['probes', 'startup'],
  },
  check({ ws, settings, report }) {
    const fromOption = positiveSeconds(settings.options.startupSeconds);
    for (const t of ws.manifests.podTemplates) {
      for (const c of longRunningContainers(t)) {
        const declared = declaredStartup(c) ?? (fromOption !== undefined ? { seconds: fromOption, evidence: optionEvidence(fromOption) } : undefined);
        if (!declared) continue;
        const field = c.spec.startupProbe ? 'startupProbe' : c.spec.livenessProbe ? 'livenessProbe' : undefined;
        const probe = field && c.spec[field];
        if (!field || !probe) continue;
        const timing = probeTiming(probe);
        if (probeBudget(timing) >= declared.seconds) continue;
        const word = field === 'startupProbe' ? 'startup' : 'liveness';
        report({
          message:
            `the ${word} probe of container "${c.name}" restarts it after ${formatBudget(timing)}, ` +
            `but it needs ${declared.seconds}s to start`,
          at: containerSubject(c, [field], 'key'),
          evidence: [declared.evidence],
          fix:
            field === 'startupProbe'
              ? `Raise the startupProbe's failureThreshold to at least ${Math.ceil((declared.seconds - timing.initialDelaySeconds) / timing.periodSeconds)} (× periodSeconds ${timing.periodSeconds}).`
              : `Add a startupProbe covering ${declared.seconds}s, e.g. periodSeconds: 5, failureThreshold: ${Math.ceil(declared.seconds / 5)}, with the liveness handler.`,
        });
      }
    }
  },
});

function positiveSeconds(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+(\.\d+)?\s*s?\s*$/.test(v) ? Number.parseFloat(v) : NaN;
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** The container-specific annotation wins over the template-wide one, which wins over the workload's. */
function declaredStartup(c: ContainerView): { seconds: number; evidence: Evidence } | undefined {
  const t = c.template;
  const candidates: { where: Record<string, string>; path: (string | number)[]; key: string }[] = [
    { where: t.annotations, path: t.metadataPath, key: `${ANNOTATION}.${c.name}` },
    { where: t.annotations, path: t.metadataPath, key: ANNOTATION },
    { where: t.object.annotations, path: ['metadata'], key: ANNOTATION },
  ];
  for (const { where, path, key } of candidates) {
    const seconds = Object.hasOwn(where, key) ? positiveSeconds(where[key]) : undefined;
    if (seconds === undefined) continue;
    return { seconds, evidence: { message: `${key}: declared start-up time ${seconds}s`, ...objectSubject(t.object, [...path, 'annotations', key], 'key') } };
  }
  return undefined;
}

function optionEvidence(seconds: number): Evidence {
  return { message: `rule option startupSeconds: declared start-up time ${seconds}s` };
}
