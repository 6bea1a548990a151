import type { Node } from 'web-tree-sitter';
import { DEFAULT_SERVE_MUX, type RouterFramework, type RouterId } from '../../model/gosrc.js';
import { isPkgCall } from './callee.js';
import type { Resolver } from './resolve.js';
import { fieldInitsOf } from './package-index.js';
import { callArgs, enclosingFunction, field, parameterNames, unwrap } from './syntax.js';

export interface RouterRef {
  framework: RouterFramework;
  id: RouterId;
  /** Path prefix of a group/subrouter, '' at the root. */
  prefix: string;
}

/** Import path → framework and the functions that create a root router. */
const CONSTRUCTORS: { path: RegExp; framework: RouterFramework; names: string[] }[] = [
  { path: /^net\/http$/, framework: 'net/http', names: ['NewServeMux'] },
  { path: /^github\.com\/gin-gonic\/gin$/, framework: 'gin', names: ['New', 'Default'] },
  { path: /^github\.com\/labstack\/echo(\/v\d+)?$/, framework: 'echo', names: ['New'] },
  { path: /^github\.com\/go-chi\/chi(\/v\d+)?$/, framework: 'chi', names: ['NewRouter', 'NewMux'] },
  { path: /^github\.com\/gorilla\/mux$/, framework: 'gorilla', names: ['NewRouter'] },
  { path: /^github\.com\/gofiber\/fiber(\/v\d+)?$/, framework: 'fiber', names: ['New'] },
  { path: /^github\.com\/julienschmidt\/httprouter$/, framework: 'httprouter', names: ['New'] },
];

/** Parameter types that say which framework a router parameter belongs to. */
const PARAM_TYPES: { type: RegExp; framework: RouterFramework }[] = [
  { type: /\bhttp\.ServeMux$/, framework: 'net/http' },
  { type: /\bgin\.(Engine|RouterGroup|IRouter|IRoutes)$/, framework: 'gin' },
  { type: /\becho\.(Echo|Group)$/, framework: 'echo' },
  { type: /\bchi\.(Router|Mux)$/, framework: 'chi' },
  { type: /\bmux\.Router$/, framework: 'gorilla' },
  { type: /\bfiber\.(App|Router)$/, framework: 'fiber' },
  { type: /\bhttprouter\.Router$/, framework: 'httprouter' },
];

export function frameworkOfImport(path: string): RouterFramework | undefined {
  return CONSTRUCTORS.find((c) => c.path.test(path))?.framework;
}

const MAX_DEPTH = 6;

/** Follows a router expression to the constructor that made it, so routes and listeners agree on its identity. */
export class Routers {
  constructor(private readonly r: Resolver) {}

  resolve(expr: Node, depth = 0): RouterRef | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const node = unwrap(expr);
    if (node.type === 'call_expression') return this.fromCall(node, depth);
    if (node.type === 'identifier') return this.fromIdentifier(node, depth);
    if (node.type === 'selector_expression') {
      const q = this.r.qualified(node);
      if (q) return q.path === 'net/http' && q.name === 'DefaultServeMux' ? { framework: 'net/http', id: DEFAULT_SERVE_MUX, prefix: '' } : undefined;
      // `s.router`: whatever the package assigns to a field of that name.
      const name = field(node, 'field')?.text ?? '';
      for (const init of fieldInitsOf(this.r.scopes.index, name)) {
        const found = this.resolve(init.node, depth + 1);
        if (found) return found;
      }
    }
    return undefined;
  }

  private fromCall(call: Node, depth: number): RouterRef | undefined {
    const c = this.r.callee(call);
    if (c.kind === 'pkg') {
      const ctor = CONSTRUCTORS.find((k) => k.path.test(c.path) && k.names.includes(c.name));
      return ctor ? { framework: ctor.framework, id: this.idOf(call), prefix: '' } : undefined;
    }
    if (c.kind !== 'method') return undefined;
    const args = callArgs(call);
    // Groups and subrouters: same server, longer prefix.
    if (c.name === 'Group' || c.name === 'PathPrefix' || c.name === 'Route') {
      const parent = this.resolve(c.recv, depth + 1);
      const a0 = args[0];
      const prefix = a0 && a0.type !== 'func_literal' ? (this.r.value(a0) ?? '') : '';
      return parent ? { ...parent, prefix: joinPath(parent.prefix, prefix) } : undefined;
    }
    if (c.name === 'Subrouter' || c.name === 'With' || c.name === 'Use') return this.resolve(c.recv, depth + 1);
    return undefined;
  }

  private fromIdentifier(node: Node, depth: number): RouterRef | undefined {
    const found = this.r.scopes.lookup(node.text, node);
    if (!found) return undefined;
    if ('pkg' in found) return this.resolve(found.pkg.node, depth + 1);
    for (const b of found.local) {
      if (b.kind === 'param' && b.fn) {
        const p = this.fromParam(b.fn, node.text, b.type ?? '', depth);
        if (p) return p;
      } else if (b.value && b.index === 0) {
        const v = this.resolve(b.value, depth + 1);
        if (v) return v;
      }
    }
    return undefined;
  }

  /**
   * A router parameter: chi's `r.Route("/api", func(r chi.Router) {…})`, or a package function
   * called with a router (`registerRoutes(mux)`). Otherwise its type names the framework only.
   */
  private fromParam(fn: Node, name: string, type: string, depth: number): RouterRef | undefined {
    const bare = type.replace(/^\*/, '');
    const framework = PARAM_TYPES.find((t) => t.type.test(bare))?.framework;
    // Only router-typed parameters are worth following to their callers (`w`, `r`, `ctx` are not).
    if (!framework) return undefined;
    const index = parameterNames(fn).findIndex((p) => p.name === name);
    if (fn.type === 'func_literal') {
      const call = fn.parent?.parent;
      if (call?.type === 'call_expression') {
        const c = this.r.callee(call);
        if (c.kind === 'method' && (c.name === 'Route' || c.name === 'Group')) return this.fromCall(call, depth + 1);
      }
    } else {
      const fname = field(fn, 'name')?.text ?? '';
      for (const call of this.r.callsNamed(fname)) {
        const c = this.r.callee(call);
        const matches = fn.type === 'function_declaration' ? c.kind === 'func' : c.kind === 'method';
        const arg = matches ? callArgs(call)[index] : undefined;
        const found = arg ? this.resolve(arg, depth + 1) : undefined;
        if (found) return found;
      }
    }
    const owner = fn.type === 'func_literal' ? enclosingFunction(fn) : fn;
    return { framework, id: `param:${this.idOf(owner ?? fn)}:${name}`, prefix: '' };
  }

  /** Identity of a router: where it was created. */
  idOf(node: Node): RouterId {
    const s = this.r.span(node);
    return `${s.file}:${s.line}:${s.column}`;
  }

  /** The router a server's handler expression ends up at, through middleware wrappers (`logging(mux)`). */
  inHandler(expr: Node): RouterRef | undefined {
    const direct = this.resolve(expr);
    if (direct) return direct;
    const node = unwrap(expr);
    if (node.type !== 'call_expression') return undefined;
    if (isPkgCall(this.r.callee(node), 'net/http', 'HandlerFunc')) return undefined;
    for (const a of callArgs(node)) {
      const found = this.inHandler(a);
      if (found) return found;
    }
    const fn = field(node, 'function');
    return fn?.type === 'selector_expression' && field(fn, 'field')?.text === 'Handler' ? this.resolve(field(fn, 'operand') ?? fn) : undefined;
  }
}

export function joinPath(prefix: string, path: string): string {
  if (prefix === '') return path;
  if (path === '' || path === '/') return prefix + (path === '/' && !prefix.endsWith('/') ? '/' : '');
  return prefix.replace(/\/+$/, '') + (path.startsWith('/') ? path : `/${path}`);
}
