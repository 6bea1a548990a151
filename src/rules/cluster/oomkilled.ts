import type { Evidence } from '../../core/finding.js';
import { goMemLimitFor, parseGoByteCount, parseQuantity } from '../../model/quantity.js';
import { containerField } from '../../triage/containers.js';
import { crashRule } from '../../triage/crash-rule.js';
import { containerSpec, envOf, memoryLimitOf } from '../../triage/pod-spec.js';
import type { CrashProblem } from '../../triage/crash-causes.js';

export default crashRule(
  {
    id: 'oomkilled',
    fault: 'E1',
    severity: 'error',
    title: 'Container is OOMKilled at its memory limit',
    why:
      'The kernel kills the process when the container\'s cgroup reaches its memory limit: lastState.terminated ' +
      'reason OOMKilled, exit 137, and the pod restarts (CrashLoopBackOff when it happens at start). A Go heap ' +
      'can grow to about twice the live heap between collections (GOGC=100); without GOMEMLIMIT the collector does ' +
      'not know about the limit, and with GOMEMLIMIT at or above it, it is told the wrong budget.',
    fix: 'Set GOMEMLIMIT to about 90 % of the memory limit in <owner> (or derive it with valueFrom.resourceFieldRef and a divisor), and raise the limit if the live heap really needs more.',
    verify: 'kubectl get pod <pod> -n <namespace> -o jsonpath="{.status.containerStatuses[?(@.name==\'<container>\')].lastState.terminated.reason}"',
    tags: ['live', 'go', 'memory'],
  },
  ['oomkilled'],
  (p) => {
    const first = p.pods[0]!;
    const spec = containerSpec(first);
    const limit = memoryLimitOf(spec);
    const bytes = limit !== undefined ? parseQuantity(limit) : undefined;
    const env = envOf(spec, 'GOMEMLIMIT');
    const evidence: Evidence[] = [
      { message: limit ? `memory limit ${limit}` : 'no memory limit on the container', object: first.pod.ref, fieldPath: containerField(first, '.resources.limits.memory') },
      { message: env ? `env GOMEMLIMIT=${'value' in env ? env.value : `(from ${env.from})`}` : 'env GOMEMLIMIT not set', object: first.pod.ref, fieldPath: containerField(first, '.env') },
    ];
    const gc = gcEvidence(p);
    if (gc) evidence.push(gc);
    const suggest = bytes ? goMemLimitFor(bytes) : undefined;
    const fix = suggest ? `Set GOMEMLIMIT=${suggest} (90 % of ${limit}) in <owner>; if it still OOMs, the live heap needs a higher limit.` : undefined;
    if (!limit || bytes === undefined) {
      return { cause: 'the container has no memory limit of its own and was killed at the pod or node memory limit', evidence, field: '.resources.limits.memory', fix: 'Give <owner> a memory request and limit that fit the service, and set GOMEMLIMIT to about 90 % of the limit.' };
    }
    if (!env) return { cause: `the Go heap outgrew the ${limit} memory limit: GOMEMLIMIT is not set, so the collector does not try to stay under it`, evidence, field: '.env', ...(fix ? { fix } : {}) };
    const goLimit = 'value' in env ? parseGoByteCount(env.value) : undefined;
    if ('from' in env && /limits\.memory/.test(env.from)) {
      return { cause: `GOMEMLIMIT equals the ${limit} limit (${env.from}): no headroom for stacks and non-heap memory`, evidence, field: '.env', ...(fix ? { fix } : {}) };
    }
    if (goLimit !== undefined && goLimit >= bytes) {
      return { cause: `GOMEMLIMIT=${'value' in env ? env.value : ''} is not below the ${limit} limit: the collector is allowed past it`, evidence, field: '.env', ...(fix ? { fix } : {}) };
    }
    return {
      cause: `the process needs more than the ${limit} limit even with GOMEMLIMIT set: the live heap (or non-heap memory) does not fit`,
      evidence,
      field: '.resources.limits.memory',
      fix: 'Raise the memory limit of <owner> (keep GOMEMLIMIT about 90 % of it), or reduce what the service keeps in memory.',
    };
  },
);

/**
 * With GODEBUG=gctrace=1 the killed run's log shows how the heap grew: the largest heap the
 * collector saw and its goal, against the limit (the decoders got the container's limit).
 */
function gcEvidence(p: CrashProblem): Evidence | undefined {
  const gc = p.data.facts?.gc;
  const log = p.data.log;
  if (!gc || !log) return undefined;
  const limitMB = p.data.facts?.limits.memoryBytes !== undefined ? p.data.facts.limits.memoryBytes / 2 ** 20 : undefined;
  const peak = gc.peak;
  const share = limitMB ? `, ${Math.round((peak.heapEndMB / limitMB) * 100)} % of the ${Math.round(limitMB)} MB limit` : '';
  const which = log.previous ? 'previous log' : 'log';
  return { message: `gctrace in the ${which} of ${log.pod}/${log.container}, line ${peak.line} (gc #${peak.n}; ${gc.count} cycles traced): heap ${peak.heapStartMB}->${peak.heapEndMB} MB, live ${peak.liveMB} MB, goal ${peak.goalMB} MB${share}`, object: { apiVersion: 'v1', kind: 'Pod', name: log.pod, namespace: log.namespace } };
}
