import type { GcCycle, GcFacts, LogRef, ScavSample } from '../model/logs.js';
import type { LogLine } from './lines.js';
import { toRef } from './ref.js';
import { Series } from './series.js';

/**
 * `GODEBUG=gctrace=1` (runtime/mgc.go gcMarkTermination) and `scavtrace=1` lines. One regex
 * covers Go 1.18–1.27: 1.27's ` (checking for goroutine leaks)` after the CPU share is optional.
 */
const GC = /^gc (\d+) @([\d.]+)s (\d+)%(?: \([^)]*\))?: ([\d.]+)\+([\d.]+)\+([\d.]+) ms clock, ([\d.]+)\+([\d.]+)\/([\d.]+)\/([\d.]+)\+([\d.]+) ms cpu, (\d+)->(\d+)->(\d+) MB, (\d+) MB goal, (\d+) MB stacks, (\d+) MB globals, (\d+) P( \(forced\))?$/;
const SCAV = /^scav (\d+) KiB work \(bg\), (\d+) KiB work \(eager\), (\d+) KiB now, (\d+)% util(?: \(forced\))?$/;

const MAX_SAMPLES = 2000;

export class GcDecoder {
  private readonly cycles = new Series<GcCycle>(MAX_SAMPLES);
  private readonly scav = new Series<ScavSample>(MAX_SAMPLES);
  private first: GcCycle | undefined;
  private last: GcCycle | undefined;
  private peak: GcCycle | undefined;
  private at: LogRef | undefined;
  private forced = 0;
  private maxGoalMB = 0;
  private maxHeapMB = 0;
  private maxLiveMB = 0;
  private maxPauseMs = 0;

  feed(line: LogLine): boolean {
    const text = line.text;
    if (text.startsWith('gc ')) {
      const m = GC.exec(text);
      if (!m) return false;
      this.cycle(line, m);
      return true;
    }
    if (text.startsWith('scav ')) {
      const m = SCAV.exec(text);
      if (!m) return false;
      this.scav.push({ line: line.no, bgKiB: Number(m[1]), eagerKiB: Number(m[2]), nowKiB: Number(m[3]), utilPct: Number(m[4]) });
      return true;
    }
    // printed before the periodic (2-minute) forced GC when gctrace is on
    return text === 'GC forced';
  }

  finish(): GcFacts | undefined {
    if (!this.first || !this.last || !this.peak || !this.at) return undefined;
    return {
      cycles: this.cycles.points,
      count: this.cycles.count,
      forced: this.forced,
      first: this.first,
      last: this.last,
      maxGoalMB: this.maxGoalMB,
      maxHeapMB: this.maxHeapMB,
      maxLiveMB: this.maxLiveMB,
      maxPauseMs: this.maxPauseMs,
      peak: this.peak,
      scav: this.scav.points,
      scavCount: this.scav.count,
      at: this.at,
    };
  }

  private cycle(line: LogLine, m: RegExpExecArray): void {
    const n = (i: number): number => Number(m[i]);
    const c: GcCycle = {
      line: line.no,
      n: n(1),
      atSec: n(2),
      cpuPct: n(3),
      clockMs: [n(4), n(5), n(6)],
      cpuMs: [n(7), n(8), n(9), n(10), n(11)],
      heapStartMB: n(12),
      heapEndMB: n(13),
      liveMB: n(14),
      goalMB: n(15),
      stacksMB: n(16),
      globalsMB: n(17),
      procs: n(18),
      forced: m[19] !== undefined,
    };
    this.at ??= toRef(line);
    this.first ??= c;
    this.last = c;
    this.cycles.push(c);
    if (c.forced) this.forced++;
    if (!this.peak || c.heapEndMB > this.peak.heapEndMB) this.peak = c;
    this.maxGoalMB = Math.max(this.maxGoalMB, c.goalMB);
    this.maxHeapMB = Math.max(this.maxHeapMB, c.heapStartMB, c.heapEndMB);
    this.maxLiveMB = Math.max(this.maxLiveMB, c.liveMB);
    this.maxPauseMs = Math.max(this.maxPauseMs, c.clockMs[0] + c.clockMs[2]);
  }
}
