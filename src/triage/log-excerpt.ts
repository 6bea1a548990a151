import { cut } from './start-errors.js';

/** Bounded excerpts of container output for evidence: a person reads them, so they stay short. */

/** Up to `max` lines from `before` lines above `line` (1-based) to `after` lines below, trailing blanks dropped. */
export function excerptLines(text: string, line: number, before: number, after = 0, max = 10): string[] {
  const lines = text.split('\n');
  const from = Math.max(0, line - 1 - before);
  const to = Math.min(lines.length, line + after);
  const out = lines.slice(from, to).map((l) => cut(l.trimEnd()));
  while (out.length > 0 && out.at(-1) === '') out.pop();
  return out.slice(0, max);
}

/** The last `n` non-empty lines: what a process said before it died. */
export function tailLines(text: string, n: number): string[] {
  return text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l !== '')
    .slice(-n)
    .map(cut);
}
