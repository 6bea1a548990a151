import type { Finding } from '../core/finding.js';
import { redact } from '../core/redact.js';

/** core/v1 Event messages are capped (events.k8s.io/v1 `note` is validated at 1 kB): stay within both. */
export const MAX_MESSAGE_BYTES = 1024;

/**
 * The diagnosis as one Event message: symptom → evidence → root cause + fix, e.g.
 * `job/report failed (DeadlineExceeded) — … | evidence: condition Failed=True …; event … | root cause: … | fix: …`.
 * Evidence is what gets shortened when the whole does not fit; the symptom, root cause and fix stay.
 */
export function eventMessage(f: Finding): string {
  const flat = (s: string): string => redact(s).replace(/\s*\n\s*/g, ' ⏎ ').trim();
  const rootCauses = f.evidence.filter((e) => e.message.startsWith('root cause: ')).map((e) => flat(e.message.slice('root cause: '.length)));
  const evidence = f.evidence.filter((e) => !e.message.startsWith('root cause: ')).map((e) => flat(e.message));
  const head = flat(f.message);
  const tail = `${rootCauses.length ? ` | root cause: ${rootCauses.join('; ')}` : ''} | fix: ${flat(f.fix)} [${f.ruleId}, ${f.fault}]`;
  const room = MAX_MESSAGE_BYTES - bytes(head) - bytes(tail) - bytes(' | evidence: ');
  let middle = '';
  if (evidence.length && room > 40) middle = ` | evidence: ${truncate(evidence.join('; '), room)}`;
  return truncate(head + middle + tail, MAX_MESSAGE_BYTES);
}

function bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Cuts to at most `max` UTF-8 bytes, on a character boundary, marking the cut with an ellipsis. */
export function truncate(s: string, max: number): string {
  if (bytes(s) <= max) return s;
  const ellipsis = '…';
  let out = '';
  let used = bytes(ellipsis);
  for (const ch of s) {
    const n = bytes(ch);
    if (used + n > max) break;
    out += ch;
    used += n;
  }
  return out + ellipsis;
}
