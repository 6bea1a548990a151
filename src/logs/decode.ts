import { Readable } from 'node:stream';
import type { ContainerLimits, LogFacts } from '../model/logs.js';
import { readLines, type LogLine } from './lines.js';
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
export async function decodeStream(input: Readable, opts: DecodeOptions): Promise<LogFacts> {
  const crash = new CrashDecoder(opts.maxCrashes ?? 20);
  const sched = new SchedDecoder();
  const gc = new GcDecoder();
  const init = new InitDecoder();
  const errors = new ErrorDecoder();
  const json = new JsonLogDecoder();

  const onLine = (line: LogLine): void => {
    if (sched.feed(line) || gc.feed(line) || init.feed(line)) return;
    const claim = crash.feed(line);
    if (claim === 'body') return;
    // A panic value often is the root cause: `panic: dial tcp 127.0.0.1:5432: connect: connection refused`.
    if (claim === 'header') {
      errors.feed(line);
      return;
    }
    const plain = json.feed(line);
    errors.feed(plain ?? line);
  };

  const stats = await readLines(input, onLine);
  crash.finish();
  const facts: LogFacts = {
    file: opts.file,
    lines: stats.lines,
    bytes: stats.bytes,
    prefixes: stats.prefixes,
    crashes: crash.crashes,
    crashesOmitted: crash.omitted,
    errors: errors.finish(),
    json: json.finish(),
    limits: opts.limits ?? {},
  };
  const s = sched.finish();
  if (s) facts.sched = s;
  const g = gc.finish();
  if (g) facts.gc = g;
  const i = init.finish();
  if (i) facts.init = i;
  return facts;
}

/** The same decoders over text already in memory (container logs from a snapshot, tests). */
export function decodeText(text: string, opts: DecodeOptions): Promise<LogFacts> {
  return decodeStream(Readable.from([text]), opts);
}
