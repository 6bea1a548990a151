import type { Readable } from 'node:stream';
import type { ContainerLimits, LogFacts } from '../model/logs.js';
import { readLines, splitLines, type LogLine, type ReadStats } from './lines.js';
import { CrashDecoder } from './panic.js';
import { SchedDecoder } from './schedtrace.js';
import { GcDecoder } from './gctrace.js';
import { InitDecoder } from './inittrace.js';
import { ErrorDecoder } from './errors.js';
import { JsonLogDecoder } from './jsonlog.js';

export interface DecodeOptions {
  /** Path findings point at. */
  file: string;
  limits?: ContainerLimits;
  /** Crash reports kept (the rest are counted): a log of many restarts repeats itself. */
  maxCrashes?: number;
}

/**
 * Every line goes to the first decoder that claims it. Trace lines are tried first because
 * the runtime prints them from its own threads, in the middle of anything — a goroutine dump
 * included — and the crash decoder must not see them as noise. Garbage matches nothing.
 */
class LogDecoder {
  private readonly crash: CrashDecoder;
  private readonly sched = new SchedDecoder();
  private readonly gc = new GcDecoder();
  private readonly init = new InitDecoder();
  private readonly errors = new ErrorDecoder();
  private readonly json = new JsonLogDecoder();

  constructor(private readonly opts: DecodeOptions) {
    this.crash = new CrashDecoder(opts.maxCrashes ?? 20);
  }

  readonly onLine = (line: LogLine): void => {
    if (this.sched.feed(line) || this.gc.feed(line) || this.init.feed(line)) return;
    const claim = this.crash.feed(line);
    if (claim === 'body') return;
    // A panic value often is the root cause: `panic: dial tcp 127.0.0.1:5432: connect: connection refused`.
    if (claim === 'header') {
      this.errors.feed(line);
      return;
    }
    const plain = this.json.feed(line);
    this.errors.feed(plain ?? line);
  };

  finish(stats: ReadStats): LogFacts {
    this.crash.finish();
    const facts: LogFacts = {
      file: this.opts.file,
      lines: stats.lines,
      bytes: stats.bytes,
      prefixes: stats.prefixes,
      crashes: this.crash.crashes,
      crashesOmitted: this.crash.omitted,
      errors: this.errors.finish(),
      json: this.json.finish(),
      limits: this.opts.limits ?? {},
    };
    const s = this.sched.finish();
    if (s) facts.sched = s;
    const g = this.gc.finish();
    if (g) facts.gc = g;
    const i = this.init.finish();
    if (i) facts.init = i;
    return facts;
  }
}

export async function decodeStream(input: Readable, opts: DecodeOptions): Promise<LogFacts> {
  const d = new LogDecoder(opts);
  return d.finish(await readLines(input, d.onLine));
}

/** The same decoders over text already in memory (container logs in `diagnose`, tests); synchronous. */
export function decodeText(text: string, opts: DecodeOptions): LogFacts {
  const d = new LogDecoder(opts);
  return d.finish(splitLines(text, d.onLine));
}
