import type { LogRef, SchedFacts, SchedSample } from '../model/logs.js';
import type { LogLine } from './lines.js';
import { toRef } from './ref.js';
import { Series } from './series.js';

/**
 * `GODEBUG=schedtrace=N[,scheddetail=1]` (runtime/proc.go schedtrace). Summary lines carry the
 * per-P run queues (`[0 1]` ≤1.24, `[ 0 1 ] schedticks=[ … ]` 1.25+); detailed ticks are a
 * header plus `  P<i>:`, `  M<i>:`, `  G<i>:` lines, folded here into the tick they follow.
 */

const SCHED = /^SCHED (\d+)ms: (.*)$/;
const DETAIL = /^ {2}([PMG])(\d+): (.*)$/;
const LIST = /\[\s*([\d ]*?)\s*\]/;
const G_STATUS = /^status=(\d+)\(([^)]*)\)/;
const P_FIELDS = /schedtick=(\d+) .*runqsize=(\d+)/;

// runtime2.go: _Gidle … _Gpreempted (1.26+: leaked, waiting for cgo callback); +0x1000 is the scan bit.
const G_STATES = ['idle', 'runnable', 'running', 'syscall', 'waiting', 'moribund', 'dead', 'enqueue', 'copystack', 'preempted', 'leaked', 'waiting for cgo callback'];

/** Runtime-owned goroutines that always wait: they say nothing about the program being stuck. */
const RUNTIME_WAITS = new Set([
  'force gc (idle)', 'GC sweep wait', 'GC scavenge wait', 'finalizer wait', 'GC worker (idle)',
  'GOMAXPROCS updater (idle)', 'cleanup wait', 'trace reader (blocked)', 'wait for GC cycle', 'GC weak to strong wait',
]);

const MAX_SAMPLES = 2000;

interface Tick {
  sample: SchedSample;
  /** Sum of per-P schedtick counters: goroutine switches so far. */
  ticks?: number;
  /** scheddetail P lines' runqsize. */
  detailQueued: number;
}

interface Run {
  ticks: number;
  fromLine: number;
  fromMs: number;
  toMs: number;
}

export class SchedDecoder {
  private readonly series = new Series<SchedSample>(MAX_SAMPLES);
  private tick: Tick | undefined;
  private prevTicks: number | undefined;
  private first: SchedSample | undefined;
  private last: SchedSample | undefined;
  private at: LogRef | undefined;
  private maxThreads = 0;
  private maxRunqueue = 0;
  private maxQueued = 0;
  private starvedTicks = 0;
  private idleSpinningTicks = 0;
  private starved: Run = emptyRun();
  private longestStarved: Run = emptyRun();
  private stall: Run & { waiting?: Record<string, number> } = emptyRun();
  private longestStall: Run & { waiting?: Record<string, number> } = emptyRun();
  private readonly gomaxprocs = new Set<number>();

  feed(line: LogLine): boolean {
    const text = line.text;
    if (text.startsWith('SCHED ')) {
      const m = SCHED.exec(text);
      if (!m) return false;
      const sample = parseSummary(line.no, Number(m[1]), m[2]!);
      if (!sample) return false;
      this.commit();
      this.at ??= toRef(line);
      const tick: Tick = { sample, detailQueued: 0 };
      if (sample.schedticks) tick.ticks = sum(sample.schedticks);
      this.tick = tick;
      return true;
    }
    if (this.tick && text.startsWith('  ')) {
      const d = DETAIL.exec(text);
      if (!d) return false;
      this.detail(this.tick, d[1]!, d[3]!);
      return true;
    }
    return false;
  }

  finish(): SchedFacts | undefined {
    this.commit();
    if (!this.first || !this.last || !this.at) return undefined;
    return {
      samples: this.series.points,
      count: this.series.count,
      first: this.first,
      last: this.last,
      maxThreads: this.maxThreads,
      maxRunqueue: this.maxRunqueue,
      maxQueued: this.maxQueued,
      starvedTicks: this.starvedTicks,
      longestStarved: this.longestStarved,
      longestStall: this.longestStall,
      idleSpinningTicks: this.idleSpinningTicks,
      gomaxprocsValues: [...this.gomaxprocs],
      at: this.at,
    };
  }

  private detail(tick: Tick, kind: string, rest: string): void {
    if (kind === 'P') {
      const p = P_FIELDS.exec(rest);
      if (!p) return;
      tick.ticks = (tick.ticks ?? 0) + Number(p[1]);
      tick.detailQueued += Number(p[2]);
    } else if (kind === 'G') {
      const g = G_STATUS.exec(rest);
      if (!g) return;
      const code = Number(g[1]) & ~0x1000;
      const state = code === 4 && g[2] ? g[2] : (G_STATES[code] ?? `status ${code}`);
      const counts = (tick.sample.goroutines ??= {});
      counts[state] = (counts[state] ?? 0) + 1;
    }
  }

  /** A tick is complete when the next one starts (its detail lines come after its header). */
  private commit(): void {
    const tick = this.tick;
    if (!tick) return;
    this.tick = undefined;
    const s = tick.sample;
    this.first ??= s;
    this.last = s;
    this.series.push(s);
    this.gomaxprocs.add(s.gomaxprocs);
    this.maxThreads = Math.max(this.maxThreads, s.threads);
    this.maxRunqueue = Math.max(this.maxRunqueue, s.runqueue);
    const queued = s.runqueue + (s.local ? sum(s.local) : tick.detailQueued);
    this.maxQueued = Math.max(this.maxQueued, queued);

    const starved = s.idleprocs === 0 && queued > 0;
    if (starved) this.starvedTicks++;
    this.starved = extend(this.starved, starved, s);
    if (this.starved.ticks > this.longestStarved.ticks) this.longestStarved = { ...this.starved };

    if (s.spinningthreads > 0 && queued === 0) this.idleSpinningTicks++;

    const noProgress = tick.ticks !== undefined && this.prevTicks !== undefined && tick.ticks === this.prevTicks;
    const stalled = noProgress && s.idleprocs === s.gomaxprocs && queued === 0;
    this.stall = extend(this.stall, stalled, s);
    if (stalled && s.goroutines) this.stall.waiting = programWaits(s.goroutines);
    if (this.stall.ticks > this.longestStall.ticks) this.longestStall = { ...this.stall };
    if (tick.ticks !== undefined) this.prevTicks = tick.ticks;
  }
}

function parseSummary(line: number, ms: number, rest: string): SchedSample | undefined {
  const fields = new Map<string, number>();
  for (const token of rest.split(' ')) {
    const eq = token.indexOf('=');
    const value = token.slice(eq + 1);
    if (eq > 0 && /^\d+$/.test(value)) fields.set(token.slice(0, eq), Number(value));
  }
  const num = (key: string): number | undefined => fields.get(key);
  const gomaxprocs = num('gomaxprocs');
  const idleprocs = num('idleprocs');
  const threads = num('threads');
  const spinningthreads = num('spinningthreads');
  const idlethreads = num('idlethreads');
  const runqueue = num('runqueue');
  if (gomaxprocs === undefined || idleprocs === undefined || threads === undefined || spinningthreads === undefined || idlethreads === undefined || runqueue === undefined) return undefined;
  const s: SchedSample = { line, ms, gomaxprocs, idleprocs, threads, spinningthreads, idlethreads, runqueue };
  const need = num('needspinning');
  if (need !== undefined) s.needspinning = need;
  const ticksAt = rest.indexOf(' schedticks=');
  const list = LIST.exec(ticksAt === -1 ? rest : rest.slice(0, ticksAt));
  if (list) {
    const local = numbers(list[1]!);
    // Another stderr writer can cut into the line (the runtime prints it piecewise): trust only a full list.
    if (local.length === gomaxprocs) s.local = local;
  }
  if (ticksAt !== -1) {
    const t = LIST.exec(rest.slice(ticksAt));
    if (t) {
      const ticks = numbers(t[1]!);
      if (ticks.length === gomaxprocs) s.schedticks = ticks;
    }
  }
  return s;
}

function numbers(text: string): number[] {
  return text.trim() === '' ? [] : text.trim().split(/\s+/).map(Number);
}

function sum(xs: readonly number[]): number {
  let t = 0;
  for (const x of xs) t += x;
  return t;
}

function emptyRun(): Run {
  return { ticks: 0, fromLine: 0, fromMs: 0, toMs: 0 };
}

function extend<R extends Run>(run: R, on: boolean, s: SchedSample): Run | R {
  if (!on) return emptyRun();
  if (run.ticks === 0) return { ticks: 1, fromLine: s.line, fromMs: s.ms, toMs: s.ms };
  return { ...run, ticks: run.ticks + 1, toMs: s.ms };
}

function programWaits(goroutines: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [state, n] of Object.entries(goroutines)) {
    if (!RUNTIME_WAITS.has(state) && state !== 'dead' && state !== 'idle') out[state] = n;
  }
  return out;
}
