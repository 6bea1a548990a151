import type { ClusterObject, ContainerLog } from '../model/cluster.js';
import { asNumber, asObject, asString } from '../model/cluster.js';
import type { ClusterIndex } from '../model/cluster-index.js';
import { conditionOf, type Condition } from './clock.js';
import { containerStates, type ContainerState, type Terminated } from './containers.js';

export interface JobFailure {
  job: ClusterObject;
  /** The CronJob above the Job, or the Job itself. */
  owner: ClusterObject;
  failed: Condition;
  /** The container failure most pods share (undefined when no failed pod is left). */
  container?: ContainerState;
  terminated?: Terminated;
  /** Pods with that same failure, and the Job's pods in total. */
  affected: number;
  total: number;
  log?: ContainerLog;
}

function created(o: ClusterObject): string {
  return asString(asObject(o.raw.status)?.startTime) ?? asString(asObject(o.raw.metadata)?.creationTimestamp) ?? '';
}

/** A CronJob whose newer run succeeded has recovered: its older failed Job is history. */
function recovered(index: ClusterIndex, job: ClusterObject, owner: ClusterObject): boolean {
  if (owner === job) return false;
  return index
    .ofKind('Job')
    .some((j) => j !== job && j.namespace === job.namespace && index.owner(j) === owner && created(j) > created(job) && conditionOf(j, 'Complete')?.status === 'True');
}

function failureOf(c: ContainerState): Terminated | undefined {
  const t = c.terminated ?? c.lastTerminated;
  return t && (t.exitCode !== 0 || t.reason === 'OOMKilled' || t.reason === 'DeadlineExceeded') ? t : undefined;
}

const cache = new WeakMap<ClusterIndex, JobFailure[]>();

/**
 * Jobs with Failed=True, each with the container failure most of its pods share (exit code,
 * reason, log tail). The Job controller deletes still-running pods on DeadlineExceeded, so
 * that case often has no pod left to read.
 */
export function jobFailures(index: ClusterIndex): JobFailure[] {
  const cached = cache.get(index);
  if (cached) return cached;
  const out: JobFailure[] = [];
  for (const job of index.ofKind('Job')) {
    const failed = conditionOf(job, 'Failed');
    if (failed?.status !== 'True') continue;
    const owner = index.topOwner(job);
    if (recovered(index, job, owner)) continue;
    const pods = index.podsOf(job);
    const tally = new Map<string, { c: ContainerState; t: Terminated; n: number }>();
    for (const pod of pods) {
      for (const c of containerStates(pod)) {
        const t = failureOf(c);
        if (!t) continue;
        const key = `${c.init}/${c.name}/${t.exitCode}/${t.reason ?? ''}`;
        const entry = tally.get(key);
        if (entry) entry.n++;
        else tally.set(key, { c, t, n: 1 });
        break;
      }
    }
    const top = [...tally.values()].sort((a, b) => b.n - a.n)[0];
    const log = top ? (index.log(job.namespace ?? '', top.c.pod.name, top.c.name, false) ?? index.log(job.namespace ?? '', top.c.pod.name, top.c.name, true)) : undefined;
    out.push({
      job,
      owner,
      failed,
      ...(top ? { container: top.c, terminated: top.t } : {}),
      affected: top?.n ?? 0,
      total: pods.length,
      ...(log ? { log } : {}),
    });
  }
  cache.set(index, out);
  return out;
}

export function jobSpecNumber(job: ClusterObject, field: string): number | undefined {
  return asNumber(asObject(job.raw.spec)?.[field]);
}

/** The last `max` non-empty lines of a log: the part that says why a process gave up. */
export function logTail(text: string, max = 10): string[] {
  return text.split('\n').map((l) => l.trimEnd()).filter((l) => l.length > 0).slice(-max);
}
