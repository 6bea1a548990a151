import type { CreatedBy, Frame, GoroutineGroup } from '../model/logs.js';
import type { LogLine } from './lines.js';
import { toRef } from './ref.js';

/**
 * Goroutine dump lines (runtime/traceback.go) and panicparse-style grouping: goroutines whose
 * state, frames (function, file, line), creator and elision are equal form one group, whatever
 * their argument values. Only groups are kept, so a 100,000-goroutine dump costs its distinct stacks.
 */

export interface GoroutineHeader {
  id: number;
  state: string;
  minutes?: number;
  locked: boolean;
  /** `gp=… m=…` (1.22+ at GOTRACEBACK=system, or the goroutine of a runtime throw). */
  system: boolean;
}

// Optional labels after `]` (1.27 `{k: v}`) and inside it (1.26 ` labels:{…}`) are ignored.
const HEADER = /^\s*goroutine (\d+)( gp=\S+ m=\S+(?: mp=\S+)?)? \[(.*?)\](?: \{.*\})?:$/;
const FUNC = /^\s*(\S+)\(([^()]*)\)$/;
const FILE = /^\s*(\S.*?):(\d+)(?: \+0x[0-9a-f]+)?( fp=0x[0-9a-f]+ sp=0x[0-9a-f]+(?: pc=0x[0-9a-f]+)?)?$/;
const CREATED = /^\s*created by (\S+?)(?: in goroutine (\d+))?$/;
const ELIDED = /^\s*\.\.\.(?:\d+ frames elided|additional frames elided)\.\.\.$/;
const NO_STACK = /^\s*goroutine running on other thread; stack unavailable$/;

export function parseHeader(text: string): GoroutineHeader | undefined {
  if (!text.includes('goroutine ')) return undefined;
  const m = HEADER.exec(text);
  if (!m) return undefined;
  const items = m[3]!.replace(/ labels:\{.*\}$/, '').split(', ');
  const state = items[0]!.replace(/ \((?:scan|durable|leaked)\)/g, '');
  const h: GoroutineHeader = { id: Number(m[1]), state, locked: false, system: m[2] !== undefined };
  for (const item of items.slice(1)) {
    const min = /^(\d+) minutes$/.exec(item);
    if (min) h.minutes = Number(min[1]);
    else if (item === 'locked to thread') h.locked = true;
  }
  return h;
}

export type DumpLine =
  | { type: 'func'; func: string }
  | { type: 'file'; file: string; line: number; system: boolean }
  | { type: 'created'; func: string; parent?: number }
  | { type: 'elided' }
  | { type: 'nostack' };

/** A line of a goroutine's body, or undefined when it is not one. */
export function parseDumpLine(text: string): DumpLine | undefined {
  const last = text.charCodeAt(text.length - 1);
  if (last === 41 /* ) */) {
    const f = FUNC.exec(text);
    return f ? { type: 'func', func: f[1]! } : undefined;
  }
  const file = FILE.exec(text);
  if (file && (text.startsWith('\t') || file[1]!.includes('/') || /\.(go|s|c)$/.test(file[1]!))) {
    return { type: 'file', file: file[1]!, line: Number(file[2]), system: file[3] !== undefined };
  }
  const created = CREATED.exec(text);
  if (created) return created[2] !== undefined ? { type: 'created', func: created[1]!, parent: Number(created[2]) } : { type: 'created', func: created[1]! };
  if (ELIDED.test(text)) return { type: 'elided' };
  if (NO_STACK.test(text)) return { type: 'nostack' };
  return undefined;
}

/**
 * Standard library or runtime: the import path's first element has no dot (`net/http`,
 * `internal/poll`, `runtime`), except the program's own `main`. Third-party and the user's
 * module both count as user code: the dump does not say where the main module ends.
 */
export function isStdlib(func: string): boolean {
  const slash = func.indexOf('/');
  const dot = func.indexOf('.');
  const first = slash !== -1 ? func.slice(0, slash) : dot !== -1 ? func.slice(0, dot) : func;
  if (slash === -1 && first === 'main') return false;
  return !first.includes('.');
}

export function firstUserFrame(frames: readonly Frame[]): Frame | undefined {
  return frames.find((f) => !isStdlib(f.func));
}

/** One goroutine while its lines are being read. */
export interface Goroutine {
  header: GoroutineHeader;
  /** Header line; made a (redacted) LogRef only for the goroutines that are kept. */
  at: LogLine;
  frames: Frame[];
  createdBy?: CreatedBy;
  elided: boolean;
  /** Function line waiting for its file line. */
  pendingFunc?: string;
  /** `created by` waiting for its file line. */
  pendingCreated?: { func: string; parent?: number };
}

export function newGoroutine(header: GoroutineHeader, at: LogLine): Goroutine {
  return { header, at, frames: [], elided: false };
}

/** Adds a parsed body line to `g`: a frame is complete once its file line arrives. */
export function addDumpLine(g: Goroutine, d: DumpLine, logLine: number): void {
  switch (d.type) {
    case 'func':
      g.pendingFunc = d.func;
      return;
    case 'file':
      if (g.pendingCreated) {
        g.createdBy = { ...g.pendingCreated, file: d.file, line: d.line };
        g.pendingCreated = undefined;
      } else if (g.pendingFunc !== undefined) {
        g.frames.push({ func: g.pendingFunc, file: d.file, line: d.line, logLine });
        g.pendingFunc = undefined;
      }
      return;
    case 'created':
      g.pendingCreated = d.parent !== undefined ? { func: d.func, parent: d.parent } : { func: d.func };
      return;
    case 'elided':
      g.elided = true;
      return;
    case 'nostack':
      return;
  }
}

/** Distinct stacks kept per dump; more than this are counted, not stored (a dump of all-unique stacks). */
export const MAX_GROUPS = 20_000;
const IDS_KEPT = 10;

export class GoroutineGrouper {
  private readonly groups = new Map<string, GoroutineGroup>();
  total = 0;
  overflow = 0;

  add(g: Goroutine): void {
    this.total++;
    const key = signature(g);
    const group = this.groups.get(key);
    const minutes = g.header.minutes;
    if (group) {
      group.count++;
      if (group.ids.length < IDS_KEPT) group.ids.push(g.header.id);
      if (minutes !== undefined) {
        group.minMinutes = Math.min(group.minMinutes ?? minutes, minutes);
        group.maxMinutes = Math.max(group.maxMinutes ?? minutes, minutes);
      }
      return;
    }
    if (this.groups.size >= MAX_GROUPS) {
      this.overflow++;
      return;
    }
    const created: GoroutineGroup = {
      count: 1,
      state: g.header.state,
      locked: g.header.locked,
      ids: [g.header.id],
      frames: g.frames,
      elided: g.elided,
      at: toRef(g.at),
    };
    if (minutes !== undefined) {
      created.minMinutes = minutes;
      created.maxMinutes = minutes;
    }
    if (g.createdBy) created.createdBy = g.createdBy;
    const user = firstUserFrame(g.frames);
    if (user) created.userFrame = user;
    this.groups.set(key, created);
  }

  /** Groups with the goroutine `firstId` first, then largest first, then by first appearance. */
  sorted(firstId: number | undefined): GoroutineGroup[] {
    const all = [...this.groups.values()];
    return all
      .map((g, i) => ({ g, i }))
      .sort((a, b) => rank(b.g, firstId) - rank(a.g, firstId) || b.g.count - a.g.count || a.i - b.i)
      .map((x) => x.g);
  }
}

function rank(g: GoroutineGroup, firstId: number | undefined): number {
  return firstId !== undefined && g.ids[0] === firstId ? 1 : 0;
}

function signature(g: Goroutine): string {
  const parts = [g.header.state, g.header.locked ? 'L' : '', g.elided ? 'E' : ''];
  for (const f of g.frames) parts.push(`${f.func}@${f.file}:${f.line}`);
  if (g.createdBy) parts.push(`<${g.createdBy.func}@${g.createdBy.file}:${g.createdBy.line}`);
  return parts.join('\n');
}
