import { redact } from '../core/redact.js';
import type { LogRef } from '../model/logs.js';
import type { LogLine } from './lines.js';

/** Longest text kept per reference: evidence is for people, and a 1 MiB line helps no one. */
const MAX_TEXT = 500;

/** Where a fact came from, with its text redacted: decoded output is a report too. */
export function toRef(line: LogLine): LogRef {
  const text = line.text.length > MAX_TEXT ? `${line.text.slice(0, MAX_TEXT)}…` : line.text;
  const ref: LogRef = { line: line.no, column: line.column, length: Math.max(1, line.text.length), text: redact(text) };
  if (line.time !== undefined) ref.time = line.time;
  return ref;
}
