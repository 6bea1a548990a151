import type { Evidence } from '../../core/finding.js';
import { formatBudget, probeBudget } from '../../model/probe-timing.js';
import { containerField } from '../../triage/containers.js';
import { eventEvidence } from '../../triage/describe.js';
import { crashRule } from '../../triage/crash-rule.js';
import { formatAge } from '../../triage/clock.js';

export default crashRule(
  {
    id: 'liveness-kills-slow-start',
    fault: 'D1',
    severity: 'error',
    title: 'Liveness (or startup) probe kills the container before it finishes starting',
    why:
      'The kubelet restarts a container once its liveness probe has failed failureThreshold times, starting ' +
      'initialDelaySeconds after start ("Container api failed liveness probe, will be restarted"). A service ' +
      'that needs longer to start (migrations, cache warm-up, a slow dependency) is killed every time, exit 137 ' +
      'or 143, and never serves.',
    fix: 'Add a startupProbe to <owner> whose failureThreshold × periodSeconds covers the real start-up time (liveness only starts after it succeeds), instead of stretching the liveness probe.',
    verify: 'kubectl get pod <pod> -n <namespace> -w   # RESTARTS must stay put and READY turn 1/1',
    tags: ['live', 'probes'],
  },
  ['liveness-slow-start'],
  (p) => {
    const first = p.pods[0]!;
    const kill = p.data.kill!;
    const field = `.${kill.probe}Probe`;
    const evidence: Evidence[] = [kill.killing, kill.unhealthy].flatMap((e) => (e ? [eventEvidence(e, first.pod)] : []));
    const budget = kill.timing ? probeBudget(kill.timing) : undefined;
    if (kill.timing) evidence.push({ message: `${kill.probe} probe budget ${formatBudget(kill.timing)}`, object: first.pod.ref, fieldPath: containerField(first, field) });
    if (kill.readyAfter) evidence.push({ message: `pod ${kill.readyAfter.pod} of the same workload took ${formatAge(kill.readyAfter.seconds)} from start to Ready` });
    const ran = kill.ranSeconds !== undefined ? `each run ends after ${formatAge(kill.ranSeconds)}` : 'it is killed';
    const need = kill.readyAfter && budget !== undefined && kill.readyAfter.seconds > budget ? `, start-up takes ${formatAge(kill.readyAfter.seconds)}` : '';
    const target = Math.max(kill.readyAfter ? Math.ceil(kill.readyAfter.seconds * 1.5) : 0, (budget ?? 30) * 3);
    const period = kill.timing?.periodSeconds ?? 10;
    const threshold = Math.ceil(target / period);
    const covers = formatAge(threshold * period);
    return {
      cause: `the ${kill.probe} probe allows ${budget !== undefined ? formatAge(budget) : 'too little time'}${need}: ${ran}, before it ever gets healthy`,
      evidence,
      field,
      fix:
        kill.probe === 'startup'
          ? `Raise the startupProbe's failureThreshold in <owner> so failureThreshold × periodSeconds covers start-up (e.g. failureThreshold: ${threshold} with periodSeconds: ${period} = ${covers}).`
          : `Add a startupProbe to <owner> with the liveness probe's handler and failureThreshold: ${threshold}, periodSeconds: ${period} (${covers} to start); liveness begins only after it succeeds.`,
    };
  },
);
