import type { Evidence } from '../core/finding.js';
import type { ClusterObject } from '../model/cluster.js';
import { asNumber, asObject, asString } from '../model/cluster.js';
import type { ClusterIndex } from '../model/cluster-index.js';
import { createFailures, type Denial } from './admission.js';
import { ageSeconds, conditionOf, type Condition } from './clock.js';
import { crashProblems, type CrashCause } from './crash-causes.js';
import { containerStates } from './containers.js';
import { eventEvidence, waitingEvidence } from './describe.js';
import { pullProblems, type PullFailure } from './image-pull.js';
import { readinessProblems } from './readiness.js';
import { unschedulableGroups } from './scheduling.js';

/** Which rule tells the whole story of a cause, so a stuck rollout can point at it. */
const PULL_RULE: Record<PullFailure, string> = {
  'not-found': 'image-not-found',
  'invalid-name': 'image-not-found',
  unauthorized: 'image-pull-unauthorized',
  tls: 'image-pull-untrusted-tls',
  platform: 'image-platform-mismatch',
  unreachable: 'image-pull-unreachable',
  'rate-limited': 'image-pull-unreachable',
  unknown: 'image-pull-backoff',
};
const CRASH_RULE: Record<CrashCause, string> = {
  'exec-format': 'exec-format-error',
  'exec-missing-interpreter': 'exec-binary-missing-interpreter',
  'exec-not-found': 'entrypoint-not-found',
  'exec-permission': 'entrypoint-not-executable',
  oomkilled: 'oomkilled',
  'malformed-gomemlimit': 'crashloop-malformed-gomemlimit',
  'go-panic': 'crashloop-go-panic',
  'missing-runtime-files': 'crashloop-missing-runtime-files',
  'dependency-unreachable': 'crashloop-dependency-unreachable',
  'liveness-slow-start': 'liveness-kills-slow-start',
  'liveness-killed': 'crashloop-exit',
  'config-file-missing': 'crashloop-exit',
  'bind-failed': 'crashloop-exit',
  exit: 'crashloop-exit',
};
const DENIAL_RULE: Record<Denial, string> = {
  'quota-exceeded': 'pod-create-quota-exceeded',
  'quota-must-specify': 'pod-create-quota-exceeded',
  'limit-range': 'pod-create-limit-range',
  'pod-security': 'pod-create-denied',
  'webhook-denied': 'pod-create-denied',
  'webhook-unreachable': 'pod-create-denied',
  'service-account': 'pod-create-denied',
  other: 'pod-create-denied',
};

export interface StuckRollout {
  deployment: ClusterObject;
  progressing: Condition;
  /** The ReplicaSet the condition names (else the one at the Deployment's revision). */
  newRs?: ClusterObject;
  newPods: ClusterObject[];
  /** Ready pods still served by older ReplicaSets. */
  oldReady: number;
  /** "pods: ImagePullBackOff (see image-not-found)": what the new pods are stuck on. */
  cause: string;
  /** The rule that explains the cause in full, when one does. */
  rule?: string;
  /** The cause's strongest evidence (an event, a waiting state). */
  evidence: Evidence[];
  stuckSeconds?: number;
}

/**
 * Deployments whose Progressing condition is False/ProgressDeadlineExceeded, with the reason
 * read from the new ReplicaSet: its create failures, then its pods' pull, scheduling, crash
 * and readiness problems. A Deployment still inside its deadline is not stuck yet.
 */
export function stuckRollouts(index: ClusterIndex): StuckRollout[] {
  const out: StuckRollout[] = [];
  for (const d of index.ofKind('Deployment')) {
    const progressing = conditionOf(d, 'Progressing');
    if (progressing?.status !== 'False' || progressing.reason !== 'ProgressDeadlineExceeded') continue;
    const rsName = /ReplicaSet "([^"]+)"/.exec(progressing.message ?? '')?.[1];
    const revision = asString(asObject(asObject(d.raw.metadata)?.annotations)?.['deployment.kubernetes.io/revision']);
    const sets = index.ofKind('ReplicaSet').filter((rs) => rs.namespace === d.namespace && index.owner(rs) === d);
    const newRs = sets.find((rs) => rs.name === rsName) ?? sets.find((rs) => asString(asObject(asObject(rs.raw.metadata)?.annotations)?.['deployment.kubernetes.io/revision']) === revision);
    const newPods = newRs ? index.podsOf(newRs) : [];
    const oldReady = sets.filter((rs) => rs !== newRs).reduce((n, rs) => n + (asNumber(asObject(rs.raw.status)?.readyReplicas) ?? 0), 0);
    const since = ageSeconds(index, progressing.lastTransitionTime);
    out.push({ deployment: d, progressing, ...(newRs ? { newRs } : {}), newPods, oldReady, ...(since !== undefined ? { stuckSeconds: since } : {}), ...cause(index, newRs, newPods) });
  }
  return out;
}

function cause(index: ClusterIndex, rs: ClusterObject | undefined, pods: ClusterObject[]): { cause: string; rule?: string; evidence: Evidence[] } {
  if (!rs) return { cause: 'its new ReplicaSet is not in the snapshot', evidence: [] };
  const mine = new Set(pods);
  const denied = createFailures(index).find((f) => f.controller === rs);
  if (denied) {
    return {
      cause: `cannot create pods: ${denied.error}`,
      rule: DENIAL_RULE[denied.denial],
      evidence: denied.event ? [eventEvidence(denied.event, rs)] : [{ message: `ReplicaFailure: ${denied.error}`, object: rs.ref }],
    };
  }
  const pull = pullProblems(index).find((p) => p.pods.some((c) => mine.has(c.pod)));
  if (pull) {
    const c = pull.pods.find((x) => mine.has(x.pod))!;
    return {
      cause: `pods: ${c.waiting?.reason ?? 'ImagePullBackOff'} for ${pull.image}`,
      rule: PULL_RULE[pull.failure],
      evidence: [waitingEvidence(c), ...(pull.detailEvent ? [eventEvidence(pull.detailEvent, c.pod)] : [])],
    };
  }
  const pending = unschedulableGroups(index).find((g) => g.pods.some((p) => mine.has(p)));
  if (pending) {
    return { cause: `pods: Pending — ${pending.story.cause}`, rule: 'pod-unschedulable', evidence: pending.event ? [eventEvidence(pending.event, pending.pods[0])] : [] };
  }
  const crash = crashProblems(index).find((p) => p.pods.some((c) => mine.has(c.pod)));
  if (crash) {
    const c = crash.pods.find((x) => mine.has(x.pod))!;
    const ended = c.lastTerminated ?? c.terminated;
    return {
      cause: `pods: ${c.waiting?.reason ?? 'crashing'}${ended ? `, exit code ${ended.exitCode}${ended.reason ? ` (${ended.reason})` : ''}` : ''}`,
      rule: CRASH_RULE[crash.cause],
      evidence: [...(c.waiting ? [waitingEvidence(c)] : []), ...(crash.data.event ? [eventEvidence(crash.data.event, c.pod)] : [])],
    };
  }
  const unready = readinessProblems(index).find((p) => p.pods.some((c) => mine.has(c.pod)));
  if (unready) {
    const c = unready.pods.find((x) => mine.has(x.pod))!;
    return {
      cause: `pods: Running but never ready${unready.data.unhealthy ? ` (${unready.data.unhealthy.message})` : ''}`,
      rule: 'readiness-never-true',
      evidence: unready.data.unhealthy ? [eventEvidence(unready.data.unhealthy, c.pod)] : [],
    };
  }
  const states = [...new Set(pods.flatMap((p) => containerStates(p).map((c) => c.waiting?.reason ?? (c.ready ? 'ready' : 'not ready'))))];
  return { cause: pods.length ? `pods: ${states.join(', ') || 'no container status'}` : 'no pods created and no FailedCreate event', evidence: [] };
}
