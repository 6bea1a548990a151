import type { ClusterEvent, ClusterObject, ContainerLog } from '../model/cluster.js';
import { asArray, asObject, asString } from '../model/cluster.js';
import type { ClusterIndex } from '../model/cluster-index.js';
import type { Crash, ErrorFact, ErrorKind, LogFacts } from '../model/logs.js';
import { decodeText } from '../logs/decode.js';
import { containerEvents, endedRun } from './container-evidence.js';
import { containerStates, type ContainerState, type Terminated } from './containers.js';
import { factsOf } from './log-facts.js';
import { groupByOwner, type OwnerGroup } from './owner-groups.js';
import { probeKill, type ProbeKill } from './probe-runs.js';
import { startError, type StartError, type StartErrorKind } from './start-errors.js';
import { secondsBetween, snapshotTime } from './clock.js';

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
  | 'config-file-missing'
  | 'bind-failed'
  | 'liveness-slow-start'
  | 'liveness-killed'
  | 'exit';

/** Where the telling line was read: the container's output, its terminated/waiting message, or a kubelet event. */
export type ClueSource = { log: ContainerLog } | { event: ClusterEvent } | { status: 'terminated' | 'waiting'; text: string };

/**
 * The telling fact: a runtime start error, a Go crash report (panic / fatal error, decoded with
 * its goroutines), or a root-cause error line — the last two as the log decoders read them.
 */
export type Clue =
  | { type: 'start'; start: StartError; line: number }
  | { type: 'crash'; crash: Crash; line: number }
  | { type: 'error'; error: ErrorFact; line: number };

export interface CrashDetail {
  ended?: Terminated;
  clue?: Clue;
  source?: ClueSource;
  /** The output of the run that died, for a tail when no line stands out. */
  log?: ContainerLog;
  /** What the decoders read in that output (gctrace for an OOM kill, the crash report). */
  facts?: LogFacts;
  kill?: ProbeKill;
  /** The newest BackOff / Failed event about the container. */
  event?: ClusterEvent;
}

export type CrashProblem = OwnerGroup<CrashDetail> & { cause: CrashCause };

const START_REASONS = new Set(['CrashLoopBackOff', 'RunContainerError', 'StartError', 'ContainerCannotRun']);
const START_CAUSE: Record<StartErrorKind, CrashCause> = {
  'exec-format': 'exec-format',
  'exec-missing-interpreter': 'exec-missing-interpreter',
  'exec-not-found': 'exec-not-found',
  'exec-permission': 'exec-permission',
};
/**
 * Root-cause error lines and what they make of a crash. Among facts on the same line the
 * earlier entry wins: a panic whose value is a DNS error is a DNS problem.
 */
const ERROR_CAUSE: [ErrorKind, CrashCause][] = [
  ['exec-format-error', 'exec-format'],
  ['x509-unknown-authority', 'missing-runtime-files'],
  ['unknown-time-zone', 'missing-runtime-files'],
  ['dns-no-such-host', 'dependency-unreachable'],
  ['connection-refused-localhost', 'dependency-unreachable'],
  ['connection-refused', 'dependency-unreachable'],
  ['dial-timeout', 'dependency-unreachable'],
  ['config-file-missing', 'config-file-missing'],
  ['address-in-use', 'bind-failed'],
  ['privileged-port-denied', 'bind-failed'],
];
/** A running container's last crash still matters for this long (the default event TTL). */
const RECENT_SECONDS = 3600;

const cache = new WeakMap<ClusterIndex, CrashProblem[]>();

/**
 * Containers that keep dying (or died, for run-to-completion pods), grouped by owner ×
 * container × cause. The cause comes from, in order: the runtime's start error, the OOM
 * killer, a probe kill, the last telling fact of the dead run's decoded output, else the exit code.
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
  const facts = log ? factsOf(index, log) : undefined;
  const event = containerEvents(index, c, ['BackOff', 'Failed'])[0];
  const base: CrashDetail = { ...(ended ? { ended } : {}), ...(log ? { log } : {}), ...(facts ? { facts } : {}), ...(event ? { event } : {}) };

  for (const source of clueSources(index, c, log)) {
    const start = startError(textOf(source));
    if (start) return { ...base, cause: START_CAUSE[start.kind], clue: { type: 'start', start, line: start.line }, source };
  }
  if (ended?.reason === 'OOMKilled') return { ...base, cause: 'oomkilled' };
  const kill = probeKill(index, c);
  if (kill) return { ...base, kill, cause: kill.slowStart ? 'liveness-slow-start' : 'liveness-killed' };

  // Without the log, a terminationMessagePolicy FallbackToLogsOnError message holds its tail.
  const output: { source: ClueSource; facts: LogFacts } | undefined =
    log && facts ? { source: { log }, facts } : ended?.message ? { source: { status: 'terminated', text: ended.message }, facts: decodeText(ended.message, { file: 'terminated message' }) } : undefined;
  if (output) {
    const picked = lastTellingClue(output.facts);
    if (picked) return { ...base, cause: picked.cause, clue: picked.clue, source: output.source };
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

/**
 * The fact nearest the end decides (what the process said last before dying); a panic or
 * fatal error ranks below an error line on the same line, and only panics and runtime throws
 * count as crashes (a SIGQUIT dump is not why it died).
 */
function lastTellingClue(facts: LogFacts): { clue: Clue; cause: CrashCause } | undefined {
  let best: { clue: Clue; cause: CrashCause; rank: number } | undefined;
  const consider = (clue: Clue, cause: CrashCause, rank: number): void => {
    if (!best || clue.line > best.clue.line || (clue.line === best.clue.line && rank < best.rank)) best = { clue, cause, rank };
  };
  for (const error of facts.errors) {
    const rank = ERROR_CAUSE.findIndex(([k]) => k === error.kind);
    if (rank >= 0) consider({ type: 'error', error, line: error.lastLine }, ERROR_CAUSE[rank]![1], rank);
  }
  for (const crash of facts.crashes) {
    if (crash.kind !== 'panic' && crash.kind !== 'fatal') continue;
    const cause: CrashCause = crash.fatal?.startsWith('malformed GOMEMLIMIT') ? 'malformed-gomemlimit' : 'go-panic';
    consider({ type: 'crash', crash, line: crash.at.line }, cause, cause === 'malformed-gomemlimit' ? -1 : ERROR_CAUSE.length);
  }
  return best && { clue: best.clue, cause: best.cause };
}

/** The path the runtime (or runc in the container's output) failed to exec. */
export function startPath(p: CrashProblem): string | undefined {
  const clue = p.data.clue;
  if (clue?.type === 'start') return clue.start.path;
  return clue?.type === 'error' ? clue.error.detail.path : undefined;
}
