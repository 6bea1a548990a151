/**
 * Variable expansion and word splitting as BuildKit's shell lexer does it for Dockerfile
 * instructions — only the parts kubewhy needs, and never throwing on bad input.
 */

/**
 * A variable's value in some scope: a string when known, `undefined` when unset, and `null`
 * when BuildKit fills it in at build time (TARGETARCH & co.) so we cannot know it.
 */
export type Lookup = (name: string) => string | null | undefined;

export interface Expansion {
  text: string;
  /** Some reference could not be resolved; its text was left as written. */
  unresolved: boolean;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/**
 * Expands `$X`, `${X}`, `${X:-w}`, `${X-w}`, `${X:+w}`, `${X+w}`, `${X:?w}`, `${X?w}`.
 * `word` mode also removes quotes and escapes (for ENV/ARG values and image names); otherwise
 * quoting is kept so the result still reads like the instruction. Single quotes block expansion
 * in both modes, as in the shell.
 */
export function expand(text: string, lookup: Lookup, escape: string, word = false): Expansion {
  const state = { unresolved: false };
  const out = expandInto(text, lookup, escape, word, state);
  return { text: out, unresolved: state.unresolved };
}

function expandInto(
  src: string,
  lookup: Lookup,
  escape: string,
  word: boolean,
  state: { unresolved: boolean },
): string {
  let out = '';
  let quote: '' | "'" | '"' = '';
  let i = 0;
  while (i < src.length) {
    const c = src.charAt(i);
    if (quote === "'") {
      if (c === "'") quote = '';
      if (c !== "'" || !word) out += c;
      i++;
      continue;
    }
    if (c === escape && i + 1 < src.length) {
      const next = src.charAt(i + 1);
      // Inside double quotes the escape only protects `"`, `$` and itself; elsewhere it is literal.
      if (quote === '"' && next !== '"' && next !== '$' && next !== escape) {
        out += c;
        i++;
        continue;
      }
      out += word ? next : c + next;
      i += 2;
      continue;
    }
    if (c === "'" && quote === '') {
      quote = "'";
      if (!word) out += c;
      i++;
      continue;
    }
    if (c === '"') {
      quote = quote === '"' ? '' : '"';
      if (!word) out += c;
      i++;
      continue;
    }
    if (c === '$') {
      const ref = expandDollar(src, i, lookup, escape, word, state);
      out += ref.text;
      i = ref.end;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** Expands the reference starting at `src[start] === '$'`; `end` is the index after it. */
function expandDollar(
  src: string,
  start: number,
  lookup: Lookup,
  escape: string,
  word: boolean,
  state: { unresolved: boolean },
): { text: string; end: number } {
  const unresolved = (end: number): { text: string; end: number } => {
    state.unresolved = true;
    return { text: src.slice(start, end), end };
  };

  if (src.charAt(start + 1) !== '{') {
    const name = NAME.exec(src.slice(start + 1))?.[0];
    if (name === undefined) return { text: '$', end: start + 1 };
    const end = start + 1 + name.length;
    const value = lookup(name);
    return typeof value === 'string' ? { text: value, end } : unresolved(end);
  }

  const close = matchingBrace(src, start + 2);
  if (close < 0) return unresolved(src.length);
  const end = close + 1;
  const inner = src.slice(start + 2, close);
  const name = NAME.exec(inner)?.[0];
  if (name === undefined) return unresolved(end);
  const value = lookup(name);
  const rest = inner.slice(name.length);
  if (rest === '') return typeof value === 'string' ? { text: value, end } : unresolved(end);

  const op = /^:?[-+?]/.exec(rest)?.[0];
  // Pattern operators (`#`, `%`, `/`) are rare in Dockerfiles; treat them as unknown rather than guess.
  if (op === undefined || value === null) return unresolved(end);
  const alt = (): string => expandInto(rest.slice(op.length), lookup, escape, word, state);
  const set = value !== undefined && (!op.startsWith(':') || value !== '');
  switch (op.slice(-1)) {
    case '-':
      return { text: set ? value : alt(), end };
    case '+':
      return { text: set ? alt() : '', end };
    default:
      return set ? { text: value, end } : unresolved(end);
  }
}

function matchingBrace(src: string, from: number): number {
  let depth = 1;
  for (let i = from; i < src.length; i++) {
    if (src.startsWith('${', i)) {
      depth++;
      i++;
    } else if (src.charAt(i) === '}' && --depth === 0) {
      return i;
    }
  }
  return -1;
}

/** Splits on unquoted, unescaped whitespace; words keep their quotes and escapes. */
export function splitWords(text: string, escape: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (quote === '' && /\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
      continue;
    }
    inWord = true;
    cur += c;
    if (c === escape && quote !== "'" && i + 1 < text.length) {
      cur += text.charAt(++i);
    } else if (quote === '' && (c === '"' || c === "'")) {
      quote = c;
    } else if (c === quote) {
      quote = '';
    }
  }
  if (inWord) words.push(cur);
  return words;
}

export interface Assignment {
  name: string;
  /** Raw (unexpanded, still quoted) value; undefined for `ARG NAME` without a default. */
  value?: string;
}

/**
 * `NAME=value …` pairs of ENV and ARG. ENV also has the legacy one-variable form
 * `ENV NAME the rest of the line`, recognised (as BuildKit does) when the first word has no `=`.
 * Returns an error message instead when the text cannot be read.
 */
export function parseAssignments(
  args: string,
  escape: string,
  keyword: 'ENV' | 'ARG',
): { assignments: Assignment[]; error?: string } {
  const words = splitWords(args, escape);
  const first = words[0];
  if (first === undefined) return { assignments: [], error: `${keyword} needs at least one name` };
  if (keyword === 'ENV' && !first.includes('=')) {
    const value = args.trimStart().slice(first.length).trim();
    if (value === '') return { assignments: [], error: `ENV ${first} has no value` };
    return { assignments: [{ name: first, value }] };
  }
  const assignments: Assignment[] = [];
  for (const w of words) {
    const eq = w.indexOf('=');
    if (eq === 0) return { assignments, error: `${keyword} has a blank name in "${w}"` };
    if (eq < 0 && keyword === 'ENV') return { assignments, error: `ENV needs NAME=value, got "${w}"` };
    assignments.push(eq < 0 ? { name: w } : { name: w.slice(0, eq), value: w.slice(eq + 1) });
  }
  return { assignments };
}
