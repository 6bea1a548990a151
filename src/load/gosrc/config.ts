import type { Node } from 'web-tree-sitter';
import type { GoConfig, GoEnvRead, GoWatcher } from '../../model/gosrc.js';
import { isPkgCall, type Callee } from './callee.js';
import { isFatalCall, type Resolver } from './resolve.js';
import { callArgs, enclosingFunction, field, stringLiteral, unwrap } from './syntax.js';

const VIPER = /^github\.com\/spf13\/viper$/;
const FSNOTIFY = /^github\.com\/fsnotify\/fsnotify$/;

/** Calls that open a file by path: argument indexes that are paths. */
const FILE_CALLS: { path: RegExp; names: string[]; args: number[] | 'all' }[] = [
  { path: /^os$/, names: ['Open', 'OpenFile', 'ReadFile'], args: [0] },
  { path: /^io\/ioutil$/, names: ['ReadFile'], args: [0] },
  { path: VIPER, names: ['SetConfigFile', 'AddConfigPath'], args: [0] },
  { path: /^github\.com\/joho\/godotenv$/, names: ['Load', 'Overload'], args: 'all' },
  { path: /^crypto\/tls$/, names: ['LoadX509KeyPair'], args: [0, 1] },
];

/** A string literal that names this machine: a DSN or URL pointing at localhost. */
const LOCALHOST = /(?:^|[/@(])(?:localhost|127\.0\.0\.1|\[::1\])(?::\d+|[/)?]|$)|^(?:localhost|127\.0\.0\.1):\d+/;

/** What the program needs from its environment: env vars, files, watched paths. */
export class ConfigExtractor {
  static readonly CALL_NAMES = [
    'Getenv', 'LookupEnv', 'BindEnv', 'AutomaticEnv', 'WatchConfig', 'NewWatcher', 'NewBufferedWatcher', 'Add',
    ...FILE_CALLS.flatMap((f) => f.names),
  ];
  readonly config: GoConfig = { env: [], automaticEnv: [], files: [], watchers: [], localhostRefs: [] };
  private readonly watcherByCall = new Map<number, GoWatcher>();

  constructor(private readonly r: Resolver) {}

  call(call: Node, c: Callee): void {
    const args = callArgs(call);
    const span = this.r.span(call);
    if (c.kind === 'pkg' && isPkgCall(c, 'os', 'Getenv', 'LookupEnv') && args[0]) {
      const name = this.r.value(args[0]);
      if (name !== undefined) this.config.env.push({ name, via: `os.${c.name}`, span, ...this.emptyHandling(call) });
      return;
    }
    const helper = this.r.envHelperOf(c);
    if (helper || c.kind === 'func') {
      const name = helper && args[0] ? this.r.value(args[0]) : undefined;
      if (!helper || name === undefined || c.kind === 'other' || c.kind === 'method') return;
      const fb = helper.fallbackParam !== undefined ? args[helper.fallbackParam] : undefined;
      const fallback = fb ? this.r.value(fb) : undefined;
      const via = c.kind === 'pkg' ? `${shortPkg(c.path)}.${c.name}()` : `${c.name}()`;
      this.config.env.push({ name, via, span, ...(fallback !== undefined ? { fallback } : {}), required: helper.fatal && fallback === undefined });
      return;
    }
    if (isPkgCall(c, VIPER, 'BindEnv') && args[0]) {
      const key = this.r.value(args[0]);
      const names = args.length > 1 ? args.slice(1).map((a) => this.r.value(a)) : [key?.toUpperCase()];
      for (const name of names) if (name !== undefined) this.config.env.push({ name, via: 'viper.BindEnv', span, required: false });
      return;
    }
    if (isPkgCall(c, VIPER, 'AutomaticEnv') || (c.kind === 'method' && c.name === 'AutomaticEnv')) this.config.automaticEnv.push(span);
    else if (isPkgCall(c, VIPER, 'WatchConfig') || (c.kind === 'method' && c.name === 'WatchConfig')) this.config.watchers.push({ kind: 'viper', span });
    else if (isPkgCall(c, FSNOTIFY, 'NewWatcher', 'NewBufferedWatcher')) {
      const w: GoWatcher = { kind: 'fsnotify', span };
      this.config.watchers.push(w);
      this.watcherByCall.set(call.id, w);
    } else if (c.kind === 'method' && c.name === 'Add' && args[0]) {
      const made = this.r.assignedCall(unwrap(c.recv));
      const w = made ? this.watcherByCall.get(made.id) : undefined;
      if (w) w.target = this.r.string(args[0]);
    } else if (c.kind === 'pkg') this.fileCall(call, c, args);
  }

  private fileCall(call: Node, c: { path: string; name: string }, args: Node[]): void {
    const spec = FILE_CALLS.find((f) => f.path.test(c.path) && f.names.includes(c.name));
    if (!spec) return;
    const indexes = spec.args === 'all' ? args.map((_, i) => i) : spec.args;
    for (const i of indexes) {
      const a = args[i];
      if (!a) continue;
      const path = this.r.string(a);
      // A path from a parameter tells nothing about the image.
      if (path.parts.every((p) => p.kind === 'unknown')) continue;
      const required = c.name === 'SetConfigFile' ? this.readInConfigFatal(call) : this.fatalOnError(call, 0);
      this.config.files.push({ call: `${shortPkg(c.path)}.${c.name}`, path, span: this.r.span(call), required });
    }
  }

  /**
   * Whether the program stops when this call returns an error: `x, err := call; if err != nil
   * { log.Fatal(…) }` in the same function, or a `return …err` there whose callers in the
   * package stop (one level up: `if err := loadConfig(); err != nil { log.Fatal(err) }`).
   */
  private fatalOnError(call: Node, depth: number): boolean {
    const outer = call.parent?.type === 'argument_list' ? call.parent.parent : undefined;
    if (outer?.type === 'call_expression' && isFatalCall(this.r.callee(outer))) return true;
    const names = assignedNames(call);
    const err = names[names.length - 1];
    const fn = enclosingFunction(call);
    const body = fn ? field(fn, 'body') : undefined;
    if (!err || !fn || !body) return false;
    const check = new RegExp(`^${err}\\s*!=\\s*nil$`);
    for (const stmt of errChecks(call, body, err)) {
      const cond = field(stmt, 'condition');
      if (!cond || !check.test(cond.text.trim())) continue;
      if (this.consequenceIsFatal(stmt)) return true;
      const returns = (field(stmt, 'consequence')?.descendantsOfType('return_statement') ?? []).length > 0;
      const name = fn.type === 'function_declaration' ? field(fn, 'name')?.text : undefined;
      if (returns && depth === 0 && name !== undefined && this.r.callsNamed(name).some((c) => this.fatalOnError(c, depth + 1))) return true;
    }
    return false;
  }

  /** viper reads the file in ReadInConfig: whether a failure there stops the program. */
  private readInConfigFatal(setConfig: Node): boolean {
    const fn = enclosingFunction(setConfig);
    const calls = fn ? (field(fn, 'body')?.descendantsOfType('call_expression') ?? []) : [];
    return calls.some((c) => c !== null && /\bReadInConfig$/.test(field(c, 'function')?.text ?? '') && this.fatalOnError(c, 0));
  }

  /**
   * What the code does when the variable is empty: `v := os.Getenv("X"); if v == "" { log.Fatal(…) }`
   * makes it required; `if v == "" { v = "def" }` or `cmp.Or(os.Getenv("X"), "def")` gives a fallback.
   */
  private emptyHandling(call: Node): Pick<GoEnvRead, 'fallback' | 'required'> {
    const parent = call.parent;
    if (parent?.type === 'argument_list') {
      const outer = parent.parent;
      const args = outer ? callArgs(outer) : [];
      if (outer && isPkgCall(this.r.callee(outer), 'cmp', 'Or') && args[0]?.id === call.id && args[1]) {
        const fallback = this.r.value(args[1]);
        return { ...(fallback !== undefined ? { fallback } : {}), required: false };
      }
    }
    if (parent?.type === 'binary_expression' && parent.parent?.type === 'if_statement') {
      return { required: this.consequenceIsFatal(parent.parent) && /==/.test(field(parent, 'operator')?.text ?? '') };
    }
    const names = assignedNames(call);
    const fn = enclosingFunction(call);
    const body = fn ? field(fn, 'body') : undefined;
    const [value, ok] = names;
    if (!value) return { required: false };
    const empty = new RegExp(`^(${value}\\s*==\\s*""|""\\s*==\\s*${value}|len\\(${value}\\)\\s*==\\s*0${ok ? `|!\\s*${ok}` : ''})$`);
    let required = false;
    let fallback: string | undefined;
    for (const stmt of body?.descendantsOfType('if_statement') ?? []) {
      const cond = stmt ? field(stmt, 'condition') : undefined;
      if (!stmt || !cond || !empty.test(cond.text.replace(/\s+/g, ' ').trim())) continue;
      if (this.consequenceIsFatal(stmt)) required = true;
      for (const assign of field(stmt, 'consequence')?.descendantsOfType('assignment_statement') ?? []) {
        const left = assign ? field(assign, 'left')?.namedChildren[0] : undefined;
        const right = assign ? field(assign, 'right')?.namedChildren[0] : undefined;
        if (left?.text === value && right) fallback ??= this.r.value(right);
      }
    }
    return { ...(fallback !== undefined ? { fallback } : {}), required: required && fallback === undefined };
  }

  private consequenceIsFatal(ifStmt: Node): boolean {
    const block = field(ifStmt, 'consequence');
    return (block?.descendantsOfType('call_expression') ?? []).some((c) => c !== null && isFatalCall(this.r.callee(c)));
  }

  string(node: Node): void {
    const v = stringLiteral(node);
    if (v !== undefined && v.length < 500 && LOCALHOST.test(v)) this.config.localhostRefs.push({ text: v, span: this.r.span(node) });
  }

  /**
   * Struct tags of env-config libraries: kelseyhightower/envconfig (`envconfig:"PORT" default:"…"
   * required:"true"`; the tag name also matches without the Process prefix) and caarlos0/env
   * (`env:"PORT,required" envDefault:"…"`).
   */
  taggedField(decl: Node): void {
    const tagNode = field(decl, 'tag');
    const tag = tagNode ? stringLiteral(tagNode) : undefined;
    if (tag === undefined) return;
    const tags = parseTag(tag);
    const envconfig = tags.get('envconfig');
    const env = tags.get('env');
    const [name, ...opts] = (envconfig ?? env ?? '').split(',');
    if (!name || name === '-') return;
    const fallback = envconfig !== undefined ? tags.get('default') : tags.get('envDefault');
    const required = tags.get('required') === 'true' || opts.includes('required') || opts.includes('notEmpty');
    this.config.env.push({
      name,
      via: envconfig !== undefined ? 'envconfig' : 'env',
      span: this.r.span(decl),
      ...(fallback !== undefined ? { fallback } : {}),
      required: required && fallback === undefined,
    });
  }
}

/**
 * The `if` statements that can test the error `call` assigned to `err`: the `if` whose
 * initializer it is (`if _, err := f(); err != nil`), else the later ones of the function up
 * to the next assignment of `err`, leaving out ifs that declare their own `err`.
 */
function errChecks(call: Node, body: Node, err: string): Node[] {
  const stmt = call.parent?.parent;
  const own = stmt?.parent?.type === 'if_statement' && field(stmt.parent, 'initializer')?.id === stmt.id ? stmt.parent : undefined;
  if (own) return [own];
  const assigns = new RegExp(`(?:^|[^\\w.])(?:[\\w.]+\\s*,\\s*)*${err}(?:\\s*,\\s*[\\w.]+)*\\s*:?=(?!=)`);
  const out: Node[] = [];
  for (const ifStmt of body.descendantsOfType('if_statement')) {
    if (!ifStmt || ifStmt.startIndex < call.endIndex) continue;
    const init = field(ifStmt, 'initializer');
    if (init && assigns.test(init.text)) continue;
    const between = body.text.slice(call.endIndex - body.startIndex, ifStmt.startIndex - body.startIndex);
    if (assigns.test(between)) break;
    out.push(ifStmt);
  }
  return out;
}

/** Names on the left of `name := call` / `v, ok := call` / `var v = call`. */
function assignedNames(call: Node): string[] {
  const list = call.parent;
  const stmt = list?.parent;
  if (list?.type !== 'expression_list' || !stmt) return [];
  if (stmt.type === 'var_spec') return stmt.childrenForFieldName('name').map((n) => n?.text ?? '');
  if (stmt.type !== 'short_var_declaration' && stmt.type !== 'assignment_statement') return [];
  if (field(stmt, 'right')?.id !== list.id) return [];
  return (field(stmt, 'left')?.namedChildren ?? []).map((n) => (n?.type === 'identifier' ? n.text : ''));
}

/** Go struct tag syntax: `key:"value" key2:"value2"`. */
function parseTag(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([\w.-]+):"((?:[^"\\]|\\.)*)"/g)) if (m[1]) out.set(m[1], m[2] ?? '');
  return out;
}

function shortPkg(path: string): string {
  return path.split('/').pop() ?? path;
}
