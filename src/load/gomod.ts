import { posix } from 'node:path';
import type { InputError, Span } from '../core/finding.js';
import type { GoModule, GoReplace, GoRequire, VendorModule } from '../model/gomod.js';

export { compareGoVersions, goVersionFromImageTag } from './go-version.js';

export interface LoadGoModOptions {
  goSum?: string;
  modulesTxt?: { file: string; text: string };
}

export interface LoadedGoMod {
  /** Undefined when the file has no usable `module` line (Go rejects such a go.mod too). */
  module?: GoModule;
  errors: InputError[];
}

interface Token {
  text: string;
  /** 0-based start and end (exclusive) in UTF-16 code units. */
  start: number;
  end: number;
  /** Quoted tokens are never punctuation: `"("` is a path, `(` opens a block. */
  quoted: boolean;
}

interface Line {
  tokens: Token[];
  /** Text of a trailing `//` comment, trimmed. */
  comment: string;
}

/** Verbs that Go accepts but kubewhy has no use for. */
const IGNORED_VERBS = new Set(['exclude', 'retract', 'godebug', 'tool', 'ignore']);

// The formats cmd/go accepts for the `go` and `toolchain` lines.
const GO_DIRECTIVE = /^[1-9]\d*\.(?:0|[1-9]\d*)(?:\.(?:0|[1-9]\d*))?(?:[a-z]+\d+)?$/;
const TOOLCHAIN_DIRECTIVE = /^(?:default|go[1-9]\d*\.(?:0|[1-9]\d*)(?:\.(?:0|[1-9]\d*))?(?:[a-z]+\d+)?(?:-\S+)?)$/;

export function loadGoMod(file: string, text: string, opts: LoadGoModOptions): LoadedGoMod {
  const errors: InputError[] = [];
  const dir = posix.dirname(file);
  if (text.includes('\0')) return { errors: [{ file, message: 'not a text file' }] };

  const parsed = parseGoMod(file, text, errors);
  if (!parsed.module || !parsed.moduleSpan) {
    errors.push({ file, message: 'no module directive' });
    return { errors };
  }
  const mod: GoModule = {
    file,
    dir,
    module: parsed.module,
    moduleSpan: parsed.moduleSpan,
    requires: parsed.requires,
    replaces: parsed.replaces,
  };
  if (parsed.goVersion !== undefined && parsed.goSpan) {
    mod.goVersion = parsed.goVersion;
    mod.goSpan = parsed.goSpan;
  }
  if (parsed.toolchain !== undefined && parsed.toolchainSpan) {
    mod.toolchain = parsed.toolchain;
    mod.toolchainSpan = parsed.toolchainSpan;
  }
  if (opts.goSum !== undefined) mod.sum = parseGoSum(posix.join(dir, 'go.sum'), opts.goSum, errors);
  if (opts.modulesTxt) {
    mod.vendor = { file: opts.modulesTxt.file, modules: parseModulesTxt(opts.modulesTxt.file, opts.modulesTxt.text, errors) };
  }
  return { module: mod, errors };
}

type Parsed = Partial<Pick<GoModule, 'module' | 'moduleSpan' | 'goVersion' | 'goSpan' | 'toolchain' | 'toolchainSpan'>> &
  Pick<GoModule, 'requires' | 'replaces'>;

function parseGoMod(file: string, text: string, errors: InputError[]): Parsed {
  const out: Parsed = { requires: [], replaces: [] };
  const fail = (line: number, column: number, message: string): void => {
    errors.push({ file, line: line + 1, column: column + 1, message });
  };
  const span = (line: number, from: Token, to: Token): Span => ({
    file,
    line: line + 1,
    column: from.start + 1,
    endLine: line + 1,
    endColumn: to.end + 1,
  });

  /** One statement: `tokens` excludes the verb; `all` is what its span covers. */
  const statement = (verb: string, args: Token[], all: Token[], comment: string, line: number): void => {
    const first = all[0];
    const last = all[all.length - 1];
    if (!first || !last) return;
    const s = span(line, first, last);
    const values = args.map((t) => t.text);
    switch (verb) {
      case 'module':
        if (values.length !== 1) return fail(line, first.start, 'usage: module module/path');
        if (out.module !== undefined) return fail(line, first.start, 'repeated module statement');
        out.module = values[0];
        out.moduleSpan = s;
        return;
      case 'go':
        if (values.length !== 1 || !GO_DIRECTIVE.test(values[0] ?? '')) {
          return fail(line, first.start, `invalid go version "${values.join(' ')}": must match format 1.23.0`);
        }
        if (out.goVersion !== undefined) return fail(line, first.start, 'repeated go statement');
        out.goVersion = values[0];
        out.goSpan = s;
        return;
      case 'toolchain':
        if (values.length !== 1 || !TOOLCHAIN_DIRECTIVE.test(values[0] ?? '')) {
          return fail(line, first.start, `invalid toolchain "${values.join(' ')}": must match format go1.23.0 or default`);
        }
        if (out.toolchain !== undefined) return fail(line, first.start, 'repeated toolchain statement');
        out.toolchain = values[0];
        out.toolchainSpan = s;
        return;
      case 'require': {
        const [path, version] = values;
        if (values.length !== 2 || path === undefined || version === undefined) {
          return fail(line, first.start, 'usage: require module/path v1.2.3');
        }
        // cmd/go marks indirect requirements with `// indirect`, optionally followed by `; more text`.
        const req: GoRequire = { path, version, indirect: /^indirect(?:;|$)/.test(comment), span: s };
        out.requires.push(req);
        return;
      }
      case 'replace': {
        const rep = replaceOf(values, s);
        if (!rep) return fail(line, first.start, 'usage: replace module/path [v1.2.3] => other/module v1.4 | ../local/dir');
        out.replaces.push(rep);
        return;
      }
      default:
        if (!IGNORED_VERBS.has(verb)) fail(line, first.start, `unknown directive: ${verb}`);
    }
  };

  let block: { verb: string; line: number; column: number } | undefined;
  text.split('\n').forEach((raw, i) => {
    const lexed = tokenize(raw.replace(/\r$/, ''));
    if ('error' in lexed) return fail(i, lexed.column, lexed.error);
    const { tokens, comment } = lexed;
    const [head, second, third] = tokens;
    if (!head) return;
    const isPunct = (t: Token | undefined, p: string): boolean => t !== undefined && !t.quoted && t.text === p;

    if (block) {
      if (isPunct(head, ')')) {
        if (tokens.length > 1) fail(i, tokens[1]?.start ?? 0, 'unexpected text after )');
        block = undefined;
        return;
      }
      return statement(block.verb, tokens, tokens, comment, i);
    }
    if (isPunct(second, '(') && tokens.length === 2) {
      block = { verb: head.text, line: i, column: head.start };
      return;
    }
    // `require ()` on one line is an empty block.
    if (isPunct(second, '(') && isPunct(third, ')') && tokens.length === 3) return;
    const stray = tokens.find((t) => isPunct(t, '(') || isPunct(t, ')'));
    if (stray) return fail(i, stray.start, `unexpected "${stray.text}"`);
    statement(head.text, tokens.slice(1), tokens, comment, i);
  });
  if (block) fail(block.line, block.column, `${block.verb} block is missing its closing )`);
  return out;
}

function replaceOf(values: string[], span: Span): GoReplace | undefined {
  const arrow = values.indexOf('=>');
  const left = values.slice(0, arrow);
  const right = values.slice(arrow + 1);
  const [from, fromVersion] = left;
  const [to, toVersion] = right;
  if (arrow < 0 || from === undefined || to === undefined || left.length > 2 || right.length > 2) return undefined;
  const rep: GoReplace = { from, to, span };
  if (fromVersion !== undefined) rep.fromVersion = fromVersion;
  if (toVersion !== undefined) rep.toVersion = toVersion;
  return rep;
}

/** Splits one go.mod line into tokens the way modfile's lexer does. */
function tokenize(line: string): Line | { error: string; column: number } {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line.charAt(i);
    if (/\s/.test(c)) {
      i++;
    } else if (line.startsWith('//', i)) {
      return { tokens, comment: line.slice(i + 2).trim() };
    } else if (c === '(' || c === ')') {
      tokens.push({ text: c, start: i, end: i + 1, quoted: false });
      i++;
    } else if (c === '"' || c === '`') {
      const end = closingQuote(line, i);
      if (end < 0) return { error: 'unterminated quoted string', column: i };
      const body = line.slice(i, end + 1);
      const text = c === '`' ? body.slice(1, -1) : unquote(body);
      if (text === undefined) return { error: `invalid quoted string ${body}`, column: i };
      tokens.push({ text, start: i, end: end + 1, quoted: true });
      i = end + 1;
    } else {
      const start = i;
      while (i < line.length && !/[\s()]/.test(line.charAt(i)) && !line.startsWith('//', i)) i++;
      tokens.push({ text: line.slice(start, i), start, end: i, quoted: false });
    }
  }
  return { tokens, comment: '' };
}

function closingQuote(line: string, open: number): number {
  const q = line.charAt(open);
  for (let i = open + 1; i < line.length; i++) {
    if (q === '"' && line.charAt(i) === '\\') i++;
    else if (line.charAt(i) === q) return i;
  }
  return -1;
}

/** Go string literal escapes are a superset of JSON's; the ones paths use are shared. */
function unquote(literal: string): string | undefined {
  try {
    const v: unknown = JSON.parse(literal);
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

/** `path version` pairs; `v1.2.3/go.mod` lines count as `v1.2.3` (only the go.mod was hashed). */
function parseGoSum(file: string, text: string, errors: InputError[]): Set<string> {
  const sum = new Set<string>();
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const fields = line.split(/\s+/);
    const [path, version] = fields;
    if (fields.length !== 3 || path === undefined || version === undefined) {
      errors.push({ file, line: i + 1, column: 1, message: 'malformed go.sum line: want "module version hash"' });
      return;
    }
    sum.add(`${path} ${version.replace(/\/go\.mod$/, '')}`);
  });
  return sum;
}

/**
 * vendor/modules.txt: `# path version [=> replacement [version]]` starts a module, `## explicit[; go 1.N]`
 * annotates it, other lines are its packages.
 */
function parseModulesTxt(file: string, text: string, errors: InputError[]): VendorModule[] {
  const modules: VendorModule[] = [];
  let current: VendorModule | undefined;
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    const fail = (message: string): void => {
      errors.push({ file, line: i + 1, column: 1, message });
    };
    if (line.trim() === '') return;
    if (line.startsWith('## ')) {
      if (!current) return fail('## annotation before any "# module" line');
      if (line.slice(3).split(';').some((a) => a.trim() === 'explicit')) current.explicit = true;
      return;
    }
    if (line.startsWith('# ')) {
      const fields = line.slice(2).trim().split(/\s+/);
      const arrow = fields.indexOf('=>');
      const head = arrow < 0 ? fields : fields.slice(0, arrow);
      const [path, version = ''] = head;
      // A version may be omitted only by a whole-module replacement (`# path => ../dir`).
      const ok = path !== undefined && (head.length === 2 || (head.length === 1 && arrow > 0)) && arrow !== fields.length - 1;
      if (!ok) {
        current = undefined;
        return fail(`malformed module line: ${line}`);
      }
      current = { path, version, explicit: false, line: i + 1 };
      modules.push(current);
      return;
    }
    if (line.startsWith('#')) return fail(`malformed module line: ${line}`);
    if (!current) fail('package line before any "# module" line');
  });
  return modules;
}
