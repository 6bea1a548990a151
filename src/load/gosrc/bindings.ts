import type { Node } from 'web-tree-sitter';
import type { Decl, PackageIndex } from './package-index.js';
import { callArgs, enclosingFunction, field, parameterNames, unwrap } from './syntax.js';

/** One way a name gets a value inside a function. Block scopes are ignored: a name is a name. */
export interface Binding {
  /** The assigned expression; undefined for `var x T` and parameters. */
  value?: Node;
  /** Which result of a multi-value right side this name takes (`v, ok := os.LookupEnv(…)`). */
  index: number;
  /** The assignment or declaration statement. */
  stmt: Node;
  kind: 'value' | 'flag-var' | 'param';
  /** Declared type text, for parameters. */
  type?: string;
  /** Function whose parameter this is. */
  fn?: Node;
}

export type Lookup = { local: Binding[] } | { pkg: Decl } | undefined;

type Bindings = Map<string, Binding[]>;

const FLAG_VAR = /^(String|Int|Int64|Uint|Uint64|Bool|Duration|Float64)VarP?$/;

function add(m: Bindings, name: string, b: Binding): void {
  if (name === '_') return;
  const list = m.get(name);
  if (list) list.push(b);
  else m.set(name, [b]);
}

function collect(fn: Node): Bindings {
  const m: Bindings = new Map();
  for (const p of parameterNames(fn)) add(m, p.name, { index: 0, stmt: fn, kind: 'param', type: p.type, fn });
  const body = field(fn, 'body');
  if (!body) return m;
  for (const node of body.descendantsOfType(['short_var_declaration', 'assignment_statement', 'var_spec', 'call_expression'])) {
    if (!node) continue;
    if (node.type === 'call_expression') {
      flagVar(m, node);
      continue;
    }
    if (node.type === 'assignment_statement' && field(node, 'operator')?.text !== '=') continue;
    const names = node.type === 'var_spec' ? node.childrenForFieldName('name') : (field(node, 'left')?.namedChildren ?? []);
    const values = field(node, node.type === 'var_spec' ? 'value' : 'right')?.namedChildren ?? [];
    names.forEach((n, i) => {
      if (n?.type !== 'identifier') return;
      const single = values.length === 1 && names.length > 1;
      const value = single ? values[0] : values[i];
      add(m, n.text, { ...(value ? { value } : {}), index: single ? i : 0, stmt: node, kind: 'value' });
    });
  }
  return m;
}

/** `flag.StringVar(&port, "port", "8080", "…")` assigns a flag to `port`. */
function flagVar(m: Bindings, call: Node): void {
  const callee = field(call, 'function');
  if (callee?.type !== 'selector_expression' || !FLAG_VAR.test(field(callee, 'field')?.text ?? '')) return;
  const target = callArgs(call)[0];
  if (!target || target.type !== 'unary_expression') return;
  const name = unwrap(target);
  if (name.type === 'identifier') add(m, name.text, { value: call, index: 0, stmt: call, kind: 'flag-var' });
}

/** Per-package memo of function bindings, keyed by node id (stable while the trees live). */
export class Scopes {
  private readonly memo = new Map<number, Bindings>();
  constructor(readonly index: PackageIndex) {}

  bindingsOf(fn: Node): Bindings {
    let b = this.memo.get(fn.id);
    if (!b) {
      b = collect(fn);
      this.memo.set(fn.id, b);
    }
    return b;
  }

  /** What `name` means at `at`: a local (innermost function first, then enclosing ones) or a package-level value. */
  lookup(name: string, at: Node): Lookup {
    for (let fn = enclosingFunction(at); fn; fn = enclosingFunction(fn)) {
      const local = this.bindingsOf(fn).get(name);
      if (local) return { local };
    }
    const pkg = this.index.values.get(name);
    return pkg ? { pkg } : undefined;
  }
}
