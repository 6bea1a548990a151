import type { Instruction } from './dockerfile.js';

/** Splits on blanks, honouring single and double quotes (no expansion: Dockerfile text is already expanded). */
export function shellWords(s: string): string[] {
  const words: string[] = [];
  let cur = '';
  let quote: string | undefined;
  let has = false;
  for (const ch of s.trim()) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
    } else if (/\s/.test(ch)) {
      if (has || cur !== '') words.push(cur);
      cur = '';
      has = false;
    } else {
      cur += ch;
    }
  }
  if (has || cur !== '') words.push(cur);
  return words;
}

/** A boolean go flag (`-trimpath`, `-trimpath=true`, `-trimpath=false`); the last one wins, as in cmd/go. */
export function boolFlag(args: readonly string[], name: string): boolean | undefined {
  let value: boolean | undefined;
  for (const a of args) {
    const m = /^--?([\w.-]+)(?:=(.*))?$/.exec(a);
    if (!m || m[1] !== name) continue;
    value = m[2] === undefined || m[2] === 'true' || m[2] === '1';
  }
  return value;
}

/** `--mount=type=cache,…` whose target is the given directory. */
export function hasCacheMountAt(ins: Instruction, target: RegExp): boolean {
  return ins.flags.some((f) => {
    if (f.name !== 'mount' || !/(^|,)type=cache(,|$)/.test(f.value ?? '')) return false;
    const t = /(?:^|,)(?:target|dst|destination)=([^,]+)/.exec(f.value ?? '')?.[1];
    return t !== undefined && target.test(t.replace(/\/+$/, ''));
  });
}
