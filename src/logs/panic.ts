import { redact } from '../core/redact.js';
import type { Crash, CrashKind, LogRef, PanicValue, SignalInfo } from '../model/logs.js';
import type { LogLine } from './lines.js';
import { toRef } from './ref.js';
import {
  addDumpLine, firstUserFrame, GoroutineGrouper, newGoroutine, parseDumpLine, parseHeader, type Goroutine, type GoroutineHeader,
} from './goroutines.js';

/**
 * Crash reports (runtime/panic.go printpanics, runtime/error.go, traceback.go): the `panic:`
 * chain or `fatal error:` line, the signal line, `runtime:` diagnostics, `runtime stack:`,
 * then the goroutine dump. Bare dumps (SIGQUIT, debug.Stack, pprof debug=2) are crashes of
 * kind `signal` / `dump`.
 */

const PANIC = /^panic: (.*?)( \[recovered(?:, repanicked)?\])?$/;
const NESTED_PANIC = /^\tpanic: (.*?)( \[recovered(?:, repanicked)?\])?$/;
const FATAL = /^fatal error: (.*)$/;
const SIGNAL_LINE = /^\[signal (SIG[A-Z0-9]+): (.*?)(?: code=(\S+))?(?: addr=(\S+))?(?: pc=(\S+))?\]$/;
const SIGNAL_HEADER = /^(SIG[A-Z0-9]+): ([a-z][a-z -]*)$/;
const PC_LINE = /^PC=0x[0-9a-f]+ m=\S+ sigcode=\S+/;
const REGISTER = /^(?:r[a-z0-9]+|rip|rflags|cs|fs|gs|[re]?[a-z]{2}|x\d+|pc|sp|lr|fault)\s+0x[0-9a-f]+$/;
const RUNTIME_LINE = /^runtime: /;
const GOMEMLIMIT_LINE = /^GOMEMLIMIT=(.*)$/;
/** Unrelated lines tolerated inside a report: other goroutines keep writing while the runtime prints. */
const MAX_NOISE = 3;
const MAX_GROUPS_KEPT = 50;
const MAX_VALUE = 2000;

type State = 'idle' | 'header' | 'runtime-stack' | 'dump';

/** `header`: a crash's opening line (also worth the error matchers); `body`: consumed; false: not ours. */
export type Claim = 'header' | 'body' | false;

export class CrashDecoder {
  readonly crashes: Crash[] = [];
  omitted = 0;
  private state: State = 'idle';
  private crash: Crash | undefined;
  private grouper = new GoroutineGrouper();
  private current: Goroutine | undefined;
  private firstId: number | undefined;
  private culpritTaken = false;
  private noise = 0;
  private blankSinceHeader = false;
  private preamble: { runtime: LogRef[]; gomemlimit?: string } = { runtime: [] };

  constructor(private readonly keep: number) {}

  feed(line: LogLine): Claim {
    const text = line.text;
    if (this.state !== 'idle') {
      const claimed = this.continueCrash(line, text);
      if (claimed !== false) {
        this.noise = 0;
        return claimed;
      }
      if (this.isOpener(text) || ++this.noise > MAX_NOISE) this.end();
      else return false;
    }
    return this.open(line, text);
  }

  finish(): void {
    if (this.state !== 'idle') this.end();
  }

  private isOpener(text: string): boolean {
    return PANIC.test(text) || FATAL.test(text) || SIGNAL_HEADER.test(text);
  }

  private open(line: LogLine, text: string): Claim {
    const runtime = RUNTIME_LINE.test(text);
    const gomem = GOMEMLIMIT_LINE.exec(text);
    if (runtime || gomem) {
      // printed right before the throw they explain; kept until the next unrelated line
      if (runtime) this.preamble.runtime.push(toRef(line));
      if (gomem) this.preamble.gomemlimit = redact(gomem[1]!);
      return 'body';
    }
    const panic = PANIC.exec(text);
    const fatal = panic ? undefined : FATAL.exec(text);
    const signal = panic || fatal ? undefined : SIGNAL_HEADER.exec(text);
    const header = panic || fatal || signal ? undefined : parseHeader(text);
    if (!panic && !fatal && !signal && !header) {
      this.preamble = { runtime: [] };
      return false;
    }
    const kind: CrashKind = panic ? 'panic' : fatal ? 'fatal' : signal ? 'signal' : 'dump';
    const crash: Crash = {
      kind,
      at: toRef(line),
      panics: panic ? [panicValue(panic)] : [],
      runtimeLines: this.preamble.runtime,
      goroutines: 0,
      groups: [],
      groupsOmitted: 0,
      systemTraceback: false,
      endLine: line.no,
    };
    if (fatal) crash.fatal = fatal[1]!;
    if (signal) crash.signal = { name: signal[1]!, description: signal[2]! };
    if (this.preamble.gomemlimit !== undefined) crash.gomemlimit = this.preamble.gomemlimit;
    this.preamble = { runtime: [] };
    this.crash = crash;
    this.state = 'header';
    this.blankSinceHeader = false;
    if (header) {
      this.startGoroutine(line, header);
      return 'body';
    }
    return 'header';
  }

  private continueCrash(line: LogLine, text: string): Claim {
    const crash = this.crash!;
    if (text.length === 0 || text.trim().length === 0) {
      this.closeGoroutine();
      if (this.state === 'header') this.blankSinceHeader = true;
      return 'body';
    }
    const header = parseHeader(text);
    if (header) {
      this.startGoroutine(line, header);
      return 'body';
    }
    if (this.state === 'header') return this.headerLine(crash, line, text);
    const d = parseDumpLine(text);
    if (d) {
      if (d.type === 'file' && d.system) crash.systemTraceback = true;
      if (this.current) addDumpLine(this.current, d, line.no);
      crash.endLine = line.no;
      return 'body';
    }
    if (REGISTER.test(text)) {
      crash.endLine = line.no;
      return 'body';
    }
    return false;
  }

  private headerLine(crash: Crash, line: LogLine, text: string): Claim {
    crash.endLine = line.no;
    const nested = NESTED_PANIC.exec(text) ?? (crash.kind === 'panic' ? PANIC.exec(text) : null);
    if (nested) {
      crash.panics.push(panicValue(nested));
      return 'header';
    }
    const sig = SIGNAL_LINE.exec(text);
    if (sig) {
      const s: SignalInfo = { name: sig[1]!, description: sig[2]! };
      if (sig[3] !== undefined) s.code = sig[3];
      if (sig[4] !== undefined) s.addr = sig[4];
      if (sig[5] !== undefined) s.pc = sig[5];
      crash.signal = s;
      return 'body';
    }
    if (PC_LINE.test(text) || text === 'signal arrived during cgo execution') return 'body';
    if (text === 'runtime stack:') {
      this.state = 'runtime-stack';
      crash.systemTraceback = true;
      return 'body';
    }
    const last = crash.panics[crash.panics.length - 1];
    // Multi-line panic values: tab-indented since Go 1.23, verbatim before (until the blank line).
    if (last && (text.startsWith('\t') || !this.blankSinceHeader) && last.value.length < MAX_VALUE) {
      last.value += `\n${redact(text.replace(/^\t/, ''))}`;
      return 'body';
    }
    return false;
  }

  private startGoroutine(line: LogLine, header: GoroutineHeader): void {
    this.closeGoroutine();
    this.state = 'dump';
    const crash = this.crash!;
    if (header.system) crash.systemTraceback = true;
    crash.endLine = line.no;
    this.current = newGoroutine(header, line);
  }

  private closeGoroutine(): void {
    const g = this.current;
    if (!g) return;
    this.current = undefined;
    // goroutine 0 is the signal handler's g0 in SIGQUIT dumps, not a goroutine of the program
    if (g.header.id === 0) return;
    const crash = this.crash!;
    if (this.firstId === undefined) this.firstId = g.header.id;
    if (!this.culpritTaken && crash.kind !== 'dump' && crash.kind !== 'signal' && !isDeadlock(crash)) {
      this.culpritTaken = true;
      const culprit: NonNullable<Crash['culprit']> = { id: g.header.id, state: g.header.state, frames: g.frames, at: toRef(g.at) };
      const user = firstUserFrame(g.frames);
      if (user) culprit.userFrame = user;
      if (g.createdBy) culprit.createdBy = g.createdBy;
      crash.culprit = culprit;
    }
    this.grouper.add(g);
  }

  private end(): void {
    this.closeGoroutine();
    const crash = this.crash!;
    const groups = this.grouper.sorted(crash.culprit?.id);
    crash.goroutines = this.grouper.total;
    crash.groups = groups.slice(0, MAX_GROUPS_KEPT);
    crash.groupsOmitted = groups.length - crash.groups.length + this.grouper.overflow;
    if (this.crashes.length < this.keep) this.crashes.push(crash);
    else this.omitted++;
    this.state = 'idle';
    this.crash = undefined;
    this.grouper = new GoroutineGrouper();
    this.firstId = undefined;
    this.culpritTaken = false;
    this.noise = 0;
  }
}

function isDeadlock(crash: Crash): boolean {
  return crash.fatal !== undefined && /deadlock!$/.test(crash.fatal);
}

function panicValue(m: RegExpExecArray): PanicValue {
  const suffix = m[2] ?? '';
  return { value: redact(m[1]!.slice(0, MAX_VALUE)), recovered: suffix.length > 0, repanicked: suffix.includes('repanicked') };
}
