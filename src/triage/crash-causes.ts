import type { ClusterEvent, ClusterObject, ContainerLog } from '../model/cluster.js';
import { asArray, asObject, asString } from '../model/cluster.js';
import type { ClusterIndex } from '../model/cluster-index.js';
import { containerEvents, endedRun } from './container-evidence.js';
import { containerStates, type ContainerState, type Terminated } from './containers.js';
import { logClues, type LogClue, type LogClueKind } from './log-clues.js';
import { groupByOwner, type OwnerGroup } from './owner-groups.js';
import { probeKill, type ProbeKill } from './probe-runs.js';
import { secondsBetween, snapshotTime } from './snapshot-time.js';

/** Why a container keeps dying; each cause belongs to exactly one rule. */
export type CrashCause =
  | 'exec-format'
  | 'exec-missing-interpreter'
  | 'exec-not-found'
  | 'exec-permission'
  | 'oomkilled'
  | 'malformed-gomemlimit'
  | 'go-panic'
  | 'missing-runtime-files'
  | 'dependency-unreachable'
  | 'liveness-slow-start'
  | 'liveness-killed'
  | 'exit';

/** Where the telling line was read: the container's output, its terminated/waiting message, or a kubelet event. */
export type ClueSource = { log: ContainerLog } | { event: ClusterEvent } | { status: 'terminated' | 'waiting'; text: string };

export interface CrashDetail {
  ended?: Terminated;
  clue?: LogClue;
  source?: ClueSource;
  /** The output of the run that died, for a tail when no line stands out. */
  log?: ContainerLog;
  kill?: ProbeKill;
  /** The newest BackOff / Failed event about the container. */
  event?: ClusterEvent;
}

export type CrashProblem = OwnerGroup<CrashDetail> & { cause: CrashCause };

const START_REASONS = new Set(['CrashLoopBackOff', 'RunContainerError', 'StartError', 'ContainerCannotRun']);
const EXEC_CAUSE: Partial<Record<LogClueKind, CrashCause>> = {
  'exec-format': 'exec-format',
  'exec-missing-interpreter': 'exec-missing-interpreter',
  'exec-not-found': 'exec-not-found',
  'exec-permission': 'exec-permission',
};
/** Among clues on the same line, the more specific cause wins (a panic whose value is a DNS error is a DNS problem). */
const LOG_CAUSE: [LogClueKind, CrashCause][] = [
  ['malformed-gomemlimit', 'malformed-gomemlimit'],
  ['x509-unknown-authority', 'missing-runtime-files'],
  ['unknown-time-zone', 'missing-runtime-files'],
  ['dns-no-such-host', 'dependency-unreachable'],
  ['localhost-refused', 'dependency-unreachable'],
  ['connection-refused', 'dependency-unreachable'],
  ['dial-timeout', 'dependency-unreachable'],
  ['go-panic', 'go-panic'],
  ['go-fatal', 'go-panic'],
];
/** A running container's last crash still matters for this long (the default event TTL). */
const RECENT_SECONDS = 3600;

const cache = new WeakMap<ClusterIndex, CrashProblem[]>();

/**
 * Containers that keep dying (or died, for run-to-completion pods), grouped by owner ×
 * container × cause. The cause comes from, in order: the runtime's start error, the OOM
 * killer, a probe kill, the last telling line of the dead run's output, else the exit code.
 */
export function crashProblems(index: ClusterIndex): CrashProblem[] {
  const cached = cache.get(index);
  if (cached) return cached;
  const now = snapshotTime(index);
  const items: { c: ContainerState; cause: string; data: CrashDetail & { cause: CrashCause } }[] = [];
  for (const pod of index.ofKind('Pod')) {
    if (completedJob(index, pod)) continue;
    for (const c of containerStates(pod)) {
      if (!crashing(index, c, now)) continue;
      const data = classify(index, c);
      items.push({ c, cause: data.cause, data });
    }
  }
  const out = groupByOwner(index, items).map((g) => ({ ...g, cause: g.data.cause }));
  cache.set(index, out);
  return out;
}

function crashing(index: ClusterIndex, c: ContainerState, now: number | undefined): boolean {
  if (c.waiting && START_REASONS.has(c.waiting.reason)) return true;
  if (c.terminated) return c.terminated.exitCode !== 0 || c.terminated.reason === 'StartError';
  const last = c.lastTerminated;
  if (!c.running || !last || c.restartCount === 0) return false;
  // A running container counts only while its last death is recent and was the OOM killer or a probe.
  const age = secondsBetween(last.finishedAt, now);
  if (age === undefined || age > RECENT_SECONDS) return false;
  return last.reason === 'OOMKilled' || probeKill(index, c) !== undefined;
}

/** Failed pods of a Job that later succeeded are history, not a problem. */
function completedJob(index: ClusterIndex, pod: ClusterObject): boolean {
  const job = index.owner(pod);
  if (job?.kind !== 'Job') return false;
  return asArray(asObject(job.raw.status)?.conditions).some((c) => asString(asObject(c)?.type) === 'Complete' && asString(asObject(c)?.status) === 'True');
}

function classify(index: ClusterIndex, c: ContainerState): CrashDetail & { cause: CrashCause } {
  const ended = endedRun(c)?.run;
  // The dead run's output: the previous instance after a restart, the current one once terminated.
  const log = c.terminated ? index.log(c.pod.namespace ?? '', c.pod.name, c.name, false) : index.log(c.pod.namespace ?? '', c.pod.name, c.name, true);
  const event = containerEvents(index, c, ['BackOff', 'Failed'])[0];
  const base: CrashDetail = { ...(ended ? { ended } : {}), ...(log ? { log } : {}), ...(event ? { event } : {}) };

  for (const source of clueSources(index, c, log)) {
    const clue = logClues(textOf(source)).find((k) => EXEC_CAUSE[k.kind]);
    if (clue) return { ...base, cause: EXEC_CAUSE[clue.kind]!, clue, source };
  }
  if (ended?.reason === 'OOMKilled') return { ...base, cause: 'oomkilled' };
  const kill = probeKill(index, c);
  if (kill) return { ...base, kill, cause: kill.slowStart ? 'liveness-slow-start' : 'liveness-killed' };

  const output: ClueSource | undefined = log ? { log } : ended?.message ? { status: 'terminated', text: ended.message } : undefined;
  if (output) {
    const picked = lastTellingClue(logClues(textOf(output)));
    if (picked) return { ...base, cause: picked.cause, clue: picked.clue, source: output };
  }
  return { ...base, cause: 'exit' };
}

function clueSources(index: ClusterIndex, c: ContainerState, log: ContainerLog | undefined): ClueSource[] {
  const out: ClueSource[] = [];
  const ended = endedRun(c)?.run;
  if (ended?.message) out.push({ status: 'terminated', text: ended.message });
  if (c.waiting?.message) out.push({ status: 'waiting', text: c.waiting.message });
  for (const e of containerEvents(index, c, ['Failed'])) out.push({ event: e });
  if (log) out.push({ log });
  return out;
}

export function textOf(s: ClueSource): string {
  if ('log' in s) return s.log.text;
  if ('event' in s) return s.event.message;
  return s.text;
}

/** The line nearest the end decides (what the process said last before dying). */
function lastTellingClue(clues: LogClue[]): { clue: LogClue; cause: CrashCause } | undefined {
  let best: { clue: LogClue; cause: CrashCause; rank: number } | undefined;
  for (const clue of clues) {
    const rank = LOG_CAUSE.findIndex(([k]) => k === clue.kind);
    if (rank < 0) continue;
    if (!best || clue.line > best.clue.line || (clue.line === best.clue.line && rank < best.rank)) best = { clue, cause: LOG_CAUSE[rank]![1], rank };
  }
  return best && { clue: best.clue, cause: best.cause };
}
