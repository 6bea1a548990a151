import type { JsonLogFacts } from '../model/logs.js';
import type { LogLine } from './lines.js';
import { ErrorDecoder } from './errors.js';

/**
 * Structured JSON log lines (zap, zerolog, slog's JSONHandler, logrus' JSONFormatter): the
 * message, level, error and time fields become one plain line — `msg: error` — that the same
 * matchers read, stamped with the record's own time.
 */

const MESSAGE_KEYS = ['msg', 'message', 'M', '@message'];
const ERROR_KEYS = ['error', 'err', 'E', 'error.message'];
const TIME_KEYS = ['ts', 'time', 'timestamp', '@timestamp', 'T'];
// Counting levels must not cost a JSON.parse per line; the level field is flat in every library.
const LEVEL = /"(?:level|lvl|severity|L)":\s*"([A-Za-z]+)"/;

export class JsonLogDecoder {
  private lines = 0;
  private readonly byLevel: Record<string, number> = {};

  /** The plain line to match when `line` is a JSON record worth matching, else undefined. */
  feed(line: LogLine): LogLine | undefined {
    const text = line.text;
    if (text.charCodeAt(0) !== 123 /* { */ || text.charCodeAt(text.length - 1) !== 125 /* } */) return undefined;
    const level = LEVEL.exec(text);
    if (level) {
      const l = level[1]!.toLowerCase();
      this.byLevel[l] = (this.byLevel[l] ?? 0) + 1;
    }
    this.lines++;
    if (!ErrorDecoder.worthMatching(text)) return undefined;
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) return undefined;
    const r = record as Record<string, unknown>;
    const parts = [pick(r, MESSAGE_KEYS), pick(r, ERROR_KEYS)].filter((p): p is string => p !== undefined && p.length > 0);
    if (parts.length === 0) return undefined;
    const time = pick(r, TIME_KEYS) ?? line.time;
    const plain: LogLine = { no: line.no, column: line.column, text: parts.join(': ') };
    if (time !== undefined) plain.time = time;
    return plain;
  }

  finish(): JsonLogFacts {
    return { lines: this.lines, byLevel: this.byLevel };
  }
}

function pick(r: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = r[k];
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return String(v);
  }
  return undefined;
}
