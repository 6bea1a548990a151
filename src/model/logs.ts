/**
 * What `kubewhy logs` decoded from Go runtime output: crashes and goroutine dumps, scheduler
 * and GC traces, package init timings and root-cause error lines. Every fact keeps the log
 * position it came from so findings can point at it. Texts are redacted when decoded.
 */

/** A position in the log: physical line (1-based) and the column where the decoded text starts. */
export interface LogRef {
  line: number;
  column: number;
  /** Length of the decoded text, for the span's end column. */
  length: number;
  /** The decoded text (prefixes stripped, redacted). */
  text: string;
  /** Timestamp from a kubectl --timestamps / CRI / docker / JSON-log prefix, when there was one. */
  time?: string;
}

export interface Frame {
  /** Fully qualified function, e.g. `net/http.(*conn).serve`, `main.main.func2`. */
  func: string;
  file: string;
  line: number;
  /** Line of the frame's file:line in the log. */
  logLine: number;
}

export interface CreatedBy {
  func: string;
  file: string;
  line: number;
  /** `in goroutine N` (Go 1.21+). */
  parent?: number;
}

/** Goroutines with identical stacks (panicparse's bucketing, arguments ignored). */
export interface GoroutineGroup {
  count: number;
  /** Wait reason or state name from the header: `chan receive`, `IO wait`, `running`, … */
  state: string;
  /** `[…, N minutes]`: smallest and largest among the members (absent when never printed). */
  minMinutes?: number;
  maxMinutes?: number;
  locked: boolean;
  /** The first few goroutine ids, in dump order. */
  ids: number[];
  frames: Frame[];
  createdBy?: CreatedBy;
  /** `...N frames elided...` was printed. */
  elided: boolean;
  /** First frame outside the runtime and the standard library. */
  userFrame?: Frame;
  /** Header line of the first member. */
  at: LogRef;
}

export interface PanicValue {
  value: string;
  recovered: boolean;
  repanicked: boolean;
}

export interface SignalInfo {
  name: string;
  description: string;
  code?: string;
  addr?: string;
  pc?: string;
}

export type CrashKind = 'panic' | 'fatal' | 'signal' | 'dump';

/** One crash report (or a bare goroutine dump / SIGQUIT dump) with its goroutines grouped. */
export interface Crash {
  kind: CrashKind;
  /** The `panic:`, `fatal error:`, `SIGQUIT: quit` line, or the first goroutine header for a bare dump. */
  at: LogRef;
  panics: PanicValue[];
  /** Text after `fatal error: `. */
  fatal?: string;
  signal?: SignalInfo;
  /** `runtime: …` diagnostic lines printed before the throw (stack overflow, out of memory). */
  runtimeLines: LogRef[];
  /** `GOMEMLIMIT=<value>` line printed before `malformed GOMEMLIMIT`. */
  gomemlimit?: string;
  /** The first goroutine of the dump: the one that panicked or threw (absent for deadlocks and bare dumps). */
  culprit?: { id: number; state: string; frames: Frame[]; userFrame?: Frame; createdBy?: CreatedBy; at: LogRef };
  goroutines: number;
  /** Largest first; the culprit's group first of all. Capped, see `groupsOmitted`. */
  groups: GoroutineGroup[];
  groupsOmitted: number;
  /** 1.22+ `gp=… m=…` headers or frame `fp=` suffixes: GOTRACEBACK=system/crash (or a runtime throw). */
  systemTraceback: boolean;
  /** Lines the crash report spans. */
  endLine: number;
}

export interface SchedSample {
  line: number;
  /** `SCHED <t>ms`. */
  ms: number;
  gomaxprocs: number;
  idleprocs: number;
  threads: number;
  spinningthreads: number;
  needspinning?: number;
  idlethreads: number;
  runqueue: number;
  /** Per-P local run queues (summary mode). */
  local?: number[];
  /** Go 1.25+ per-P schedtick counters (summary mode). */
  schedticks?: number[];
  /** scheddetail=1: goroutines by state / wait reason at this tick. */
  goroutines?: Record<string, number>;
}

export interface SchedFacts {
  samples: SchedSample[];
  /** Samples decoded; `samples` is thinned evenly when there are more than it keeps. */
  count: number;
  first: SchedSample;
  last: SchedSample;
  maxThreads: number;
  maxRunqueue: number;
  /** Largest global + local queued goroutines at one tick. */
  maxQueued: number;
  /** Ticks with no idle P and goroutines queued (CPU-starved). */
  starvedTicks: number;
  /** Longest run of consecutive starved ticks, and where it started. */
  longestStarved: { ticks: number; fromLine: number; fromMs: number; toMs: number };
  /** Longest run of ticks with every P idle, nothing queued and nothing scheduled (schedticks or detail show no progress). */
  longestStall: { ticks: number; fromLine: number; fromMs: number; toMs: number; waiting?: Record<string, number> };
  /** Ticks with spinning Ms while no goroutine was queued anywhere. */
  idleSpinningTicks: number;
  gomaxprocsValues: number[];
  at: LogRef;
}

export interface GcCycle {
  line: number;
  n: number;
  atSec: number;
  cpuPct: number;
  /** Wall clock ms: sweep termination (STW), concurrent mark, mark termination (STW). */
  clockMs: [number, number, number];
  /** CPU ms: sweep termination, assist, background, idle, mark termination. */
  cpuMs: [number, number, number, number, number];
  heapStartMB: number;
  heapEndMB: number;
  liveMB: number;
  goalMB: number;
  stacksMB: number;
  globalsMB: number;
  procs: number;
  forced: boolean;
}

export interface ScavSample {
  line: number;
  bgKiB: number;
  eagerKiB: number;
  nowKiB: number;
  utilPct: number;
}

export interface GcFacts {
  cycles: GcCycle[];
  count: number;
  forced: number;
  first: GcCycle;
  last: GcCycle;
  maxGoalMB: number;
  maxHeapMB: number;
  maxLiveMB: number;
  /** Largest stop-the-world pause (sweep + mark termination), ms. */
  maxPauseMs: number;
  /** Cycle with the largest heap at GC end (the closest to a memory limit). */
  peak: GcCycle;
  scav: ScavSample[];
  scavCount: number;
  at: LogRef;
}

export interface InitEntry {
  pkg: string;
  atMs: number;
  clockMs: number;
  bytes: number;
  allocs: number;
  line: number;
}

export interface InitFacts {
  packages: number;
  /** End of the last init: `@start + clock` of the latest one, ms since runtime start. */
  totalMs: number;
  slowest: InitEntry[];
  last: InitEntry;
  at: LogRef;
}

export type ErrorKind =
  | 'connection-refused-localhost'
  | 'connection-refused'
  | 'dns-no-such-host'
  | 'dial-timeout'
  | 'deadline-exceeded'
  | 'x509-unknown-authority'
  | 'unknown-time-zone'
  | 'config-file-missing'
  | 'address-in-use'
  | 'privileged-port-denied'
  | 'exec-format-error';

/** A root-cause error line, deduplicated by kind and detail; `count` says how often it recurred. */
export interface ErrorFact {
  kind: ErrorKind;
  /** What the matcher extracted: host, resolver, address, path, zone… */
  detail: Record<string, string>;
  count: number;
  at: LogRef;
  lastLine: number;
}

export interface JsonLogFacts {
  lines: number;
  byLevel: Record<string, number>;
}

/** The container the log came from, when the user says (`--memory-limit`, `--cpu-limit`). */
export interface ContainerLimits {
  memoryBytes?: number;
  cpuCores?: number;
}

export interface LogFacts {
  /** Path findings point at (as the user gave it; `<stdin>` for `-`). */
  file: string;
  lines: number;
  bytes: number;
  /** Prefix formats seen, by line count: what the reader had to strip. */
  prefixes: Record<string, number>;
  crashes: Crash[];
  /** Crashes beyond the ones kept (a log of many restarts). */
  crashesOmitted: number;
  sched?: SchedFacts;
  gc?: GcFacts;
  init?: InitFacts;
  errors: ErrorFact[];
  json: JsonLogFacts;
  limits: ContainerLimits;
}
