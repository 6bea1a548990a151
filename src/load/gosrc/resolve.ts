import type { Node } from 'web-tree-sitter';
import type { Span } from '../../core/finding.js';
import type { GoDuration, GoString, GoStringPart } from '../../model/gosrc.js';
import { staticValue } from '../../model/go-values.js';
import type { Binding, Scopes } from './bindings.js';
import { calleeOf, isPkgCall, qualified, type Callee } from './callee.js';
import type { ExportTable } from './exports.js';
import { fieldInitsOf, type ParsedFile } from './package-index.js';
import { brief, callArgs, field, parameterNames, spanOf, stringLiteral } from './syntax.js';

const MAX_DEPTH = 8;

const FLAG_FUNCS = /^(String|Int|Int64|Uint|Uint64|Bool|Duration|Float64)(Var)?(P)?$/;

const NANOS: Record<string, number> = { Nanosecond: 1, Microsecond: 1e3, Millisecond: 1e6, Second: 1e9, Minute: 6e10, Hour: 3.6e12 };

/** A package function that reads an env var named by its first parameter (`getEnv("PORT", "8080")`). */
export interface EnvHelper {
  /** Index of the parameter returned when the variable is empty. */
  fallbackParam?: number;
  /** The helper stops the program when the variable is empty. */
  fatal: boolean;
}

/** Calls that stop the program: what makes an env var or file required. */
export function isFatalCall(c: Callee): boolean {
  if (c.kind === 'func') return c.name === 'panic';
  if (c.kind === 'pkg') return (c.path === 'log' && /^(Fatal|Panic)/.test(c.name)) || (c.path === 'os' && c.name === 'Exit');
  return c.kind === 'method' && /^(Fatal|Panic)(f|ln|w)?$/.test(c.name);
}

/**
 * Evaluates expressions to strings and durations through constants (in any file of the
 * package), local assignments, env defaults, flag defaults and common formatting calls.
 */
export class Resolver {
  private readonly helpers = new Map<string, EnvHelper | null>();
  private readonly callees = new Map<number, Callee>();
  private byName: Map<string, Node[]> | undefined;

  /** `deps`: exports of the packages this one imports (same module), extracted before it. */
  constructor(
    readonly scopes: Scopes,
    private readonly deps: ExportTable = new Map(),
  ) {}

  fileOf(node: Node): ParsedFile {
    const f = this.scopes.index.fileOf.get(node.tree);
    if (!f) throw new Error('node from a tree outside the package');
    return f;
  }

  span(node: Node): Span {
    return spanOf(this.fileOf(node).rel, node);
  }

  /** Memoised: extractors ask about the same calls many times. */
  callee(call: Node): Callee {
    let c = this.callees.get(call.id);
    if (!c) {
      c = calleeOf(call, this.fileOf(call));
      this.callees.set(call.id, c);
    }
    return c;
  }

  /** Calls of a package function or method by its simple name (`registerRoutes(…)`, `x.routes(…)`). */
  callsNamed(name: string): Node[] {
    if (!this.byName) {
      this.byName = new Map();
      for (const call of this.scopes.index.calls) {
        const c = this.callee(call);
        if (c.kind !== 'func' && c.kind !== 'method') continue;
        const list = this.byName.get(c.name);
        if (list) list.push(call);
        else this.byName.set(c.name, [call]);
      }
    }
    return this.byName.get(name) ?? [];
  }

  qualified(node: Node): { path: string; name: string } | undefined {
    return qualified(node, this.fileOf(node));
  }

  string(node: Node): GoString {
    return { expr: brief(node.text), span: this.span(node), parts: merge(this.parts(node, 0)) };
  }

  /** The static value of an expression (env vars unset, flags at their defaults), if fully known. */
  value(node: Node): string | undefined {
    return staticValue(this.parts(node, 0));
  }

  private unknown(node: Node): GoStringPart[] {
    return [{ kind: 'unknown', expr: brief(node.text), span: this.span(node) }];
  }

  parts(node: Node, depth: number): GoStringPart[] {
    if (depth > MAX_DEPTH) return this.unknown(node);
    const lit = stringLiteral(node);
    if (lit !== undefined) return [{ kind: 'text', text: lit, from: this.span(node) }];
    switch (node.type) {
      case 'int_literal':
        return [{ kind: 'text', text: String(Number(node.text.replace(/_/g, ''))), from: this.span(node) }];
      case 'parenthesized_expression': {
        const inner = node.namedChildren[0];
        return inner ? this.parts(inner, depth + 1) : this.unknown(node);
      }
      case 'binary_expression': {
        const l = field(node, 'left');
        const r = field(node, 'right');
        if (field(node, 'operator')?.text !== '+' || !l || !r) return this.unknown(node);
        return [...this.parts(l, depth + 1), ...this.parts(r, depth + 1)];
      }
      case 'unary_expression': {
        const op = field(node, 'operand');
        return field(node, 'operator')?.text === '*' && op ? this.parts(op, depth + 1) : this.unknown(node);
      }
      case 'identifier':
        return this.identifier(node, depth);
      case 'call_expression':
        return this.call(node, depth);
      case 'selector_expression':
        return this.selector(node, depth);
      default:
        return this.unknown(node);
    }
  }

  /** `cfg.Addr`: the value the package assigns to that field, when it assigns exactly one. */
  private selector(node: Node, depth: number): GoStringPart[] {
    const name = field(node, 'field')?.text;
    const q = this.qualified(node);
    // `config.DefaultPort`: a value exported by another package of the module.
    if (q) return this.deps.get(q.path)?.values.get(q.name) ?? this.unknown(node);
    if (name === undefined) return this.unknown(node);
    const inits = fieldInitsOf(this.scopes.index, name);
    const only = inits.length === 1 ? inits[0] : undefined;
    return only ? this.parts(only.node, depth + 1) : this.unknown(node);
  }

  private identifier(node: Node, depth: number): GoStringPart[] {
    const found = this.scopes.lookup(node.text, node);
    if (!found) return this.unknown(node);
    if ('pkg' in found) return this.parts(found.pkg.node, depth + 1);
    return this.fromBindings(node, found.local, depth);
  }

  /**
   * The first assignment gives the value; a later constant assignment is the fallback when the
   * first is an env read (`p := os.Getenv("PORT"); if p == "" { p = "8080" }`), and the reverse
   * (`addr := ":8080"; if p := os.Getenv("PORT"); p != "" { addr = ":" + p }`) too.
   */
  private fromBindings(node: Node, bindings: Binding[], depth: number): GoStringPart[] {
    const evaluated = bindings
      .filter((b) => b.kind !== 'param' && b.value !== undefined)
      .map((b) => this.binding(b, depth))
      .filter((p): p is GoStringPart[] => p !== undefined);
    const [first, ...later] = evaluated;
    if (!first) return this.unknown(node);
    for (const alt of later) {
      const merged = withFallback(first, alt);
      if (merged) return merged;
    }
    return first;
  }

  private binding(b: Binding, depth: number): GoStringPart[] | undefined {
    const v = b.value;
    if (!v) return undefined;
    if (b.kind === 'flag-var') return this.flag(v, true);
    if (b.index > 0) return undefined;
    return this.parts(v, depth + 1);
  }

  private call(call: Node, depth: number): GoStringPart[] {
    const c = this.callee(call);
    const args = callArgs(call);
    const a0 = args[0];
    if (isPkgCall(c, 'os', 'Getenv', 'LookupEnv') && a0) {
      const name = staticValue(this.parts(a0, depth + 1));
      return name !== undefined ? [{ kind: 'env', name, span: this.span(call) }] : this.unknown(call);
    }
    if (isPkgCall(c, 'cmp', 'Or') && a0) {
      const first = this.parts(a0, depth + 1);
      const alt = args[1] ? this.parts(args[1], depth + 1) : [];
      return withFallback(first, alt) ?? first;
    }
    if (isPkgCall(c, 'fmt', 'Sprintf') && a0) return this.sprintf(call, a0, args.slice(1), depth);
    if (isPkgCall(c, 'fmt', 'Sprint') || isPkgCall(c, 'strconv', 'Itoa', 'FormatInt', 'FormatUint') || isPkgCall(c, 'strings', 'TrimSpace')) {
      return a0 ? this.parts(a0, depth + 1) : this.unknown(call);
    }
    if (isPkgCall(c, 'net', 'JoinHostPort') && a0 && args[1]) {
      return [...this.parts(a0, depth + 1), { kind: 'text', text: ':' }, ...this.parts(args[1], depth + 1)];
    }
    if (isPkgCall(c, /^(flag|github\.com\/spf13\/pflag)$/)) return this.flag(call, false) ?? this.unknown(call);
    if (c.kind === 'func' || (c.kind === 'pkg' && this.deps.has(c.path))) return this.packageFunc(call, c, args, depth) ?? this.unknown(call);
    return this.unknown(call);
  }

  /** `flag.String("port", ":8080", usage)`, `flag.StringVar(&p, "port", …)`, pflag's `…P` forms with a shorthand. */
  private flag(call: Node, isVar: boolean): GoStringPart[] | undefined {
    const fn = field(call, 'function');
    const m = FLAG_FUNCS.exec(fn ? (field(fn, 'field')?.text ?? '') : '');
    if (!m) return undefined;
    const args = callArgs(call).slice(isVar || m[2] ? 1 : 0);
    const nameNode = args[0];
    const defNode = args[m[3] ? 2 : 1];
    if (!nameNode || !defNode) return undefined;
    const name = this.value(nameNode);
    const def = this.value(defNode);
    if (name === undefined) return undefined;
    return [{ kind: 'flag', name, default: def ?? '', span: this.span(call) }];
  }

  private sprintf(call: Node, format: Node, args: Node[], depth: number): GoStringPart[] {
    const f = this.value(format);
    if (f === undefined) return this.unknown(call);
    const out: GoStringPart[] = [];
    let next = 0;
    let last = 0;
    for (const m of f.matchAll(/%[-+# 0]*(\d+|\*)?(\.\d+)?([a-zA-Z%])/g)) {
      out.push({ kind: 'text', text: f.slice(last, m.index) });
      last = m.index + m[0].length;
      if (m[3] === '%') {
        out.push({ kind: 'text', text: '%' });
        continue;
      }
      const arg = args[next++];
      out.push(...(arg && /[sdv]/.test(m[3] ?? '') ? this.parts(arg, depth + 1) : this.unknown(arg ?? call)));
    }
    out.push({ kind: 'text', text: f.slice(last) });
    return out;
  }

  /** `getEnv("PORT", "8080")` through an env helper (here or in an imported package), or a parameterless getter. */
  private packageFunc(call: Node, c: Callee, args: Node[], depth: number): GoStringPart[] | undefined {
    const helper = this.envHelperOf(c);
    const a0 = args[0];
    if (helper && a0) {
      const envName = this.value(a0);
      if (envName === undefined) return undefined;
      const fb = helper.fallbackParam !== undefined ? args[helper.fallbackParam] : undefined;
      const env: GoStringPart[] = [{ kind: 'env', name: envName, span: this.span(call) }];
      return fb ? (withFallback(env, this.parts(fb, depth + 1)) ?? env) : env;
    }
    if (c.kind === 'pkg') return this.deps.get(c.path)?.returns.get(c.name);
    return c.kind === 'func' ? this.returnedBy(c.name, depth) : undefined;
  }

  /** What a parameterless package function returns when its body is one `return expr`. */
  returnedBy(name: string, depth = 0): GoStringPart[] | undefined {
    const decl = this.scopes.index.funcs.get(name);
    if (!decl || parameterNames(decl.node).length > 0) return undefined;
    const stmts = field(decl.node, 'body')?.namedChildren[0]?.namedChildren ?? [];
    const ret = stmts.length === 1 && stmts[0]?.type === 'return_statement' ? stmts[0].namedChildren[0]?.namedChildren[0] : undefined;
    return ret ? this.parts(ret, depth + 1) : undefined;
  }

  /** The env helper a call calls: a function of this package or one exported by an imported package. */
  envHelperOf(c: Callee): EnvHelper | undefined {
    if (c.kind === 'func') return this.envHelper(c.name);
    return c.kind === 'pkg' ? this.deps.get(c.path)?.envHelpers.get(c.name) : undefined;
  }

  envHelper(name: string): EnvHelper | undefined {
    const memo = this.helpers.get(name);
    if (memo !== undefined) return memo ?? undefined;
    const found = this.detectEnvHelper(name);
    this.helpers.set(name, found ?? null);
    return found;
  }

  private detectEnvHelper(name: string): EnvHelper | undefined {
    const decl = this.scopes.index.funcs.get(name);
    if (!decl) return undefined;
    const params = parameterNames(decl.node);
    const key = params[0]?.name;
    const body = field(decl.node, 'body');
    if (key === undefined || !body) return undefined;
    let reads = false;
    let fatal = false;
    for (const call of body.descendantsOfType('call_expression')) {
      if (!call) continue;
      const c = this.callee(call);
      if (isPkgCall(c, 'os', 'Getenv', 'LookupEnv') && callArgs(call)[0]?.text === key) reads = true;
      if (isFatalCall(c)) fatal = true;
    }
    if (!reads) return undefined;
    const fallbackParam = params.findIndex((p, i) => i > 0 && new RegExp(`\\breturn\\s+${p.name}\\b`).test(body.text));
    return { ...(fallbackParam > 0 ? { fallbackParam } : {}), fatal };
  }

  duration(node: Node): GoDuration {
    const ns = this.nanoseconds(node);
    return { ...(ns !== undefined ? { seconds: ns / 1e9 } : {}), expr: brief(node.text), span: this.span(node) };
  }

  /** A constant duration in nanoseconds, when the expression is one. */
  nanoseconds(node: Node): number | undefined {
    return this.nanos(node, 0);
  }

  private nanos(node: Node, depth: number): number | undefined {
    if (depth > MAX_DEPTH) return undefined;
    switch (node.type) {
      case 'int_literal':
      case 'float_literal': {
        const n = Number(node.text.replace(/_/g, ''));
        return Number.isFinite(n) ? n : undefined;
      }
      case 'parenthesized_expression': {
        const inner = node.namedChildren[0];
        return inner ? this.nanos(inner, depth + 1) : undefined;
      }
      case 'selector_expression': {
        const q = this.qualified(node);
        return q?.path === 'time' ? NANOS[q.name] : q ? this.deps.get(q.path)?.durations.get(q.name) : undefined;
      }
      case 'binary_expression': {
        const l = field(node, 'left');
        const r = field(node, 'right');
        const a = l ? this.nanos(l, depth + 1) : undefined;
        const b = r ? this.nanos(r, depth + 1) : undefined;
        if (a === undefined || b === undefined) return undefined;
        const op = field(node, 'operator')?.text;
        return op === '*' ? a * b : op === '/' ? (b === 0 ? undefined : a / b) : op === '+' ? a + b : op === '-' ? a - b : undefined;
      }
      case 'call_expression': {
        // time.Duration(n) is a conversion.
        const fn = field(node, 'function');
        const q = fn ? this.qualified(fn) : undefined;
        const arg = callArgs(node)[0];
        return q?.path === 'time' && q.name === 'Duration' && arg ? this.nanos(arg, depth + 1) : undefined;
      }
      case 'type_conversion_expression': {
        const op = field(node, 'operand');
        return op ? this.nanos(op, depth + 1) : undefined;
      }
      case 'identifier': {
        const found = this.scopes.lookup(node.text, node);
        if (!found) return undefined;
        if ('pkg' in found) return this.nanos(found.pkg.node, depth + 1);
        const first = found.local.find((b) => b.kind === 'value' && b.value && b.index === 0);
        return first?.value ? this.nanos(first.value, depth + 1) : undefined;
      }
      default:
        return undefined;
    }
  }

  /** The binding that gave `node` (an identifier) its value, if it is a local assigned from a call. */
  assignedCall(node: Node): Node | undefined {
    if (node.type !== 'identifier') return node.type === 'call_expression' ? node : undefined;
    const found = this.scopes.lookup(node.text, node);
    const value = found && 'local' in found ? found.local.find((b) => b.value)?.value : found && 'pkg' in found ? found.pkg.node : undefined;
    return value?.type === 'call_expression' ? value : undefined;
  }
}

/** `first` is an env read without default and `alt` the value used instead: express `alt` as the env's fallback. */
function withFallback(first: GoStringPart[], alt: GoStringPart[]): GoStringPart[] | undefined {
  const altValue = staticValue(alt);
  if (altValue === undefined || alt.some((p) => p.kind !== 'text')) {
    // Reverse form: the constant came first and the env-derived value replaces it.
    return alt.some((p) => p.kind === 'env') && first.every((p) => p.kind === 'text') ? withFallback(alt, first) : undefined;
  }
  const envAt = first.findIndex((p) => p.kind === 'env' && p.fallback === undefined);
  if (envAt < 0 || first.filter((p) => p.kind !== 'text').length !== 1) return undefined;
  const prefix = staticValue(first.slice(0, envAt)) ?? '';
  const suffix = staticValue(first.slice(envAt + 1)) ?? '';
  // `p := os.Getenv("PORT"); if p == "" { p = "8080" }`: the whole value is the env var.
  if (!altValue.startsWith(prefix) || !altValue.endsWith(suffix) || altValue.length < prefix.length + suffix.length) return undefined;
  const env = first[envAt];
  if (env?.kind !== 'env') return undefined;
  const fallback = altValue.slice(prefix.length, altValue.length - suffix.length);
  const from = alt.length === 1 && alt[0]?.kind === 'text' ? alt[0].from : undefined;
  return [...first.slice(0, envAt), { ...env, fallback, ...(from ? { fallbackFrom: from } : {}) }, ...first.slice(envAt + 1)];
}

/**
 * Drops empty text and joins text that has no origin of its own (Sprintf glue) onto its
 * neighbour; text from a literal keeps its own part so evidence can point at it.
 */
function merge(parts: GoStringPart[]): GoStringPart[] {
  const out: GoStringPart[] = [];
  for (const p of parts) {
    if (p.kind === 'text' && p.text === '') continue;
    const prev = out[out.length - 1];
    if (p.kind === 'text' && prev?.kind === 'text' && p.from === undefined) out[out.length - 1] = { ...prev, text: prev.text + p.text };
    else out.push(p);
  }
  return out;
}
