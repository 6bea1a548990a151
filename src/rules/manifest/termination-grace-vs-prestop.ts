import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import type { ContainerView, JsonPath } from '../../model/manifest.js';
import { longRunningContainers } from '../../model/probes.js';
import { containerSubject, objectSubject } from '../../model/subjects.js';

/** Pod default when terminationGracePeriodSeconds is unset (SetDefaults_PodSpec). */
const DEFAULT_GRACE = 30;
/** kubelet's minimumGracePeriodInSeconds: what is left for SIGTERM once preStop used up the grace period. */
const KUBELET_MIN_GRACE = 2;

export default defineRule({
  meta: {
    id: 'termination-grace-vs-prestop',
    fault: 'D4',
    severity: 'error',
    title: 'preStop sleep uses up the whole termination grace period',
    why:
      'The grace period covers the preStop hook and the shutdown after it. The kubelet runs preStop first and only ' +
      'then sends SIGTERM; when the hook has used up terminationGracePeriodSeconds (default 30) it is cut off and the ' +
      `process gets SIGTERM with ${KUBELET_MIN_GRACE}s (the kubelet's minimum) before SIGKILL: http.Server.Shutdown ` +
      'never finishes, in-flight requests are cut, the container exits 137. A native `sleep` action longer than ' +
      'the grace period is rejected outright: "lifecycle.preStop.sleep.seconds: Invalid value: 45: must be ' +
      'non-negative and less than terminationGracePeriodSeconds (30)".',
    fix:
      'Make the grace period cover the preStop delay plus the Go shutdown timeout, e.g.\n' +
      'terminationGracePeriodSeconds: 45\ncontainers:\n  - lifecycle:\n      preStop:\n        sleep: { seconds: 10 }   # then Shutdown gets up to 35s',
    verify: 'kubectl get pod <pod> -o jsonpath="{.spec.terminationGracePeriodSeconds} {.spec.containers[*].lifecycle.preStop}"',
    needs: ['manifests'],
    tags: ['shutdown', 'lifecycle'],
  },
  check({ ws, report }) {
    for (const t of ws.manifests.podTemplates) {
      const raw: unknown = t.spec.terminationGracePeriodSeconds;
      const explicit = typeof raw === 'number' && Number.isInteger(raw) && raw >= 0;
      const grace = explicit ? raw : DEFAULT_GRACE;
      // 0 asks for an immediate SIGKILL on purpose: there is no shutdown to protect.
      if (grace === 0) continue;
      const graceText = explicit ? `terminationGracePeriodSeconds ${grace}` : `the default terminationGracePeriodSeconds ${grace}`;
      const evidence: Evidence[] = explicit
        ? [{ message: `terminationGracePeriodSeconds: ${grace}`, ...objectSubject(t.object, [...t.specPath, 'terminationGracePeriodSeconds']) }]
        : [];
      for (const c of longRunningContainers(t)) {
        const delay = preStopSleep(c);
        if (!delay || delay.seconds < grace) continue;
        const rejected = delay.native && delay.seconds > grace;
        report({
          message: rejected
            ? `container "${c.name}" has preStop sleep.seconds ${delay.seconds}, more than ${graceText}: the API server rejects the pod`
            : `container "${c.name}" sleeps ${delay.seconds}s in preStop, using up ${graceText}: ` +
              `the app gets SIGTERM only ${KUBELET_MIN_GRACE}s before SIGKILL`,
          at: containerSubject(c, delay.path),
          evidence,
        });
      }
    }
  },
});

/** Seconds a preStop hook sleeps: the native sleep action, or `sleep N` run directly or from `sh -c`. */
function preStopSleep(c: ContainerView): { seconds: number; path: JsonPath; native: boolean } | undefined {
  const pre = c.spec.lifecycle?.preStop;
  if (!pre) return undefined;
  const native: unknown = pre.sleep?.seconds;
  if (typeof native === 'number') return { seconds: native, path: ['lifecycle', 'preStop', 'sleep', 'seconds'], native: true };
  const argv: unknown = pre.exec?.command;
  if (!Array.isArray(argv) || argv.length === 0) return undefined;
  const words = argv.map(String);
  const program = words[0]!.slice(words[0]!.lastIndexOf('/') + 1);
  const flag = words.findIndex((w, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(w));
  const script =
    program === 'sleep' ? words.join(' ') : /^(sh|bash|ash|dash)$/.test(program) && flag > 0 ? (words[flag + 1] ?? '') : '';
  const seconds = scriptSleepSeconds(script);
  return seconds > 0 ? { seconds, path: ['lifecycle', 'preStop', 'exec', 'command'], native: false } : undefined;
}

const UNIT: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };

/** Sum of every `sleep N[smhd]` at a command position: the hook runs them one after another. */
function scriptSleepSeconds(script: string): number {
  let total = 0;
  for (const m of script.matchAll(/(?:^|[;&|\n(]|&&|\bthen|\bdo)\s*(?:\/\S*\/)?sleep\s+(\d+(?:\.\d+)?)([smhd]?)\b/g)) {
    total += Number(m[1]) * UNIT[m[2] ?? '']!;
  }
  return total;
}
