import type { InitEntry, InitFacts, LogRef } from '../model/logs.js';
import type { LogLine } from './lines.js';
import { toRef } from './ref.js';

/** `GODEBUG=inittrace=1` (runtime/proc.go doInit1): one line per package, after its init finished. */
const INIT = /^init (\S+) @([\d.]+) ms, ([\d.]+) ms clock, (\d+) bytes, (\d+) allocs$/;
const SLOWEST_KEPT = 10;

export class InitDecoder {
  private packages = 0;
  private totalMs = 0;
  private slowest: InitEntry[] = [];
  private last: InitEntry | undefined;
  private at: LogRef | undefined;

  feed(line: LogLine): boolean {
    if (!line.text.startsWith('init ')) return false;
    const m = INIT.exec(line.text);
    if (!m) return false;
    const e: InitEntry = { pkg: m[1]!, atMs: Number(m[2]), clockMs: Number(m[3]), bytes: Number(m[4]), allocs: Number(m[5]), line: line.no };
    // A restarted container logs a second run: a clock back at @0 starts it, and the latest run is what matters.
    if (this.last && e.atMs < this.last.atMs && e.atMs < 1) this.reset();
    this.at ??= toRef(line);
    this.packages++;
    this.last = e;
    this.totalMs = Math.max(this.totalMs, e.atMs + e.clockMs);
    this.slowest.push(e);
    if (this.slowest.length > SLOWEST_KEPT * 4) this.trim();
    return true;
  }

  finish(): InitFacts | undefined {
    if (!this.last || !this.at) return undefined;
    this.trim();
    return { packages: this.packages, totalMs: round(this.totalMs), slowest: this.slowest, last: this.last, at: this.at };
  }

  private trim(): void {
    this.slowest = this.slowest.sort((a, b) => b.clockMs - a.clockMs || a.line - b.line).slice(0, SLOWEST_KEPT);
  }

  private reset(): void {
    this.packages = 0;
    this.totalMs = 0;
    this.slowest = [];
    this.at = undefined;
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
