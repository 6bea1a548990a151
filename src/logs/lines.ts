import type { Readable } from 'node:stream';
import { stripPrefixes } from './prefix.js';

/** One log line as the program wrote it, with its place in the file. */
export interface LogLine {
  /** Physical line number (1-based); a line joined from CRI/docker partial chunks has its first line's number. */
  no: number;
  /** 1-based column where `text` starts in the physical line. */
  column: number;
  text: string;
  time?: string;
}

export interface ReadStats {
  lines: number;
  bytes: number;
  prefixes: Record<string, number>;
}

/** Longer lines are cut here: one runaway line must not hold the whole file in memory. */
export const MAX_LINE = 1 << 20;

/**
 * Streams `input` line by line into `onLine`, synchronously per chunk (an async iterator per
 * line costs more than the decoding for a 200 MB log). A truncated last line is still
 * delivered; bytes that are not UTF-8 become U+FFFD and simply match nothing.
 */
export async function readLines(input: Readable, onLine: (line: LogLine) => void): Promise<ReadStats> {
  const stats: ReadStats = { lines: 0, bytes: 0, prefixes: {} };
  const joiner = partialJoiner(onLine, stats);
  let carry = '';
  let skipping = false;
  input.setEncoding('utf8');
  for await (const chunk of input as AsyncIterable<string>) {
    stats.bytes += Buffer.byteLength(chunk);
    let start = 0;
    for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', start)) {
      const piece = chunk.slice(start, nl);
      start = nl + 1;
      if (skipping) {
        // the rest of a line already delivered cut at MAX_LINE
        skipping = false;
        continue;
      }
      joiner.push(carry.length > 0 ? carry + piece : piece);
      carry = '';
    }
    if (skipping) continue;
    carry += chunk.slice(start);
    if (carry.length > MAX_LINE) {
      joiner.push(carry.slice(0, MAX_LINE));
      carry = '';
      skipping = true;
    }
  }
  if (carry.length > 0 && !skipping) joiner.push(carry);
  joiner.flush();
  return stats;
}

/** readLines over text already in memory: the same lines, synchronously (container logs in `diagnose`). */
export function splitLines(text: string, onLine: (line: LogLine) => void): ReadStats {
  const stats: ReadStats = { lines: 0, bytes: Buffer.byteLength(text), prefixes: {} };
  const joiner = partialJoiner(onLine, stats);
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    joiner.push(end - start > MAX_LINE ? text.slice(start, start + MAX_LINE) : text.slice(start, end));
    start = end + 1;
  }
  joiner.flush();
  return stats;
}

/** Counts physical lines, strips prefixes and glues CRI `P` / docker partial chunks back together. */
function partialJoiner(onLine: (line: LogLine) => void, stats: ReadStats): { push(raw: string): void; flush(): void } {
  let pending: LogLine | undefined;
  const flush = (): void => {
    if (pending) onLine(pending);
    pending = undefined;
  };
  const push = (raw: string): void => {
    const no = ++stats.lines;
    const s = stripPrefixes(raw);
    for (const f of s.formats) stats.prefixes[f] = (stats.prefixes[f] ?? 0) + 1;
    if (pending) {
      pending.text += s.text;
      if (pending.text.length > MAX_LINE) pending.text = pending.text.slice(0, MAX_LINE);
    } else {
      pending = { no, column: s.column, text: s.text };
      if (s.time !== undefined) pending.time = s.time;
    }
    if (!s.partial) flush();
  };
  return { push, flush };
}
