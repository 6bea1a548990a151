import type { Node } from 'web-tree-sitter';
import type { Span } from '../../core/finding.js';
import { DEFAULT_SERVE_MUX, type GoDependencyCall, type GoRoute, type RouterFramework } from '../../model/gosrc.js';
import { isPkgCall, type Callee } from './callee.js';
import type { Resolver } from './resolve.js';
import { frameworkOfImport, joinPath, type RouterRef, type Routers } from './routers.js';
import { brief, callArgs, field, unwrap } from './syntax.js';

const UPPER_VERBS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'CONNECT', 'TRACE'];
const TITLE_VERBS = UPPER_VERBS.map((v) => v.charAt(0) + v.slice(1).toLowerCase());

/** How a framework's registration methods lay out their arguments. */
interface Registration {
  method?: string;
  pathArg: number;
  handlerArg: number | 'last';
  methodArg?: number;
}

function registration(framework: RouterFramework, name: string): Registration | undefined {
  switch (framework) {
    case 'net/http':
      return name === 'Handle' || name === 'HandleFunc' ? { pathArg: 0, handlerArg: 1 } : undefined;
    case 'gorilla':
      return name === 'Handle' || name === 'HandleFunc' ? { pathArg: 0, handlerArg: 1 } : undefined;
    case 'gin':
      if (UPPER_VERBS.includes(name)) return { method: name, pathArg: 0, handlerArg: 'last' };
      if (name === 'Any') return { pathArg: 0, handlerArg: 'last' };
      return name === 'Handle' ? { methodArg: 0, pathArg: 1, handlerArg: 'last' } : undefined;
    case 'echo':
      if (UPPER_VERBS.includes(name)) return { method: name, pathArg: 0, handlerArg: 1 };
      if (name === 'Any') return { pathArg: 0, handlerArg: 1 };
      return name === 'Add' ? { methodArg: 0, pathArg: 1, handlerArg: 2 } : undefined;
    case 'chi':
      if (TITLE_VERBS.includes(name)) return { method: name.toUpperCase(), pathArg: 0, handlerArg: 1 };
      if (name === 'Handle' || name === 'HandleFunc') return { pathArg: 0, handlerArg: 1 };
      return name === 'Method' || name === 'MethodFunc' ? { methodArg: 0, pathArg: 1, handlerArg: 2 } : undefined;
    case 'fiber':
      if (TITLE_VERBS.includes(name)) return { method: name.toUpperCase(), pathArg: 0, handlerArg: 'last' };
      if (name === 'All') return { pathArg: 0, handlerArg: 'last' };
      return name === 'Add' ? { methodArg: 0, pathArg: 1, handlerArg: 'last' } : undefined;
    case 'httprouter':
      if (UPPER_VERBS.includes(name)) return { method: name, pathArg: 0, handlerArg: 1 };
      return name === 'Handle' || name === 'HandlerFunc' || name === 'Handler' ? { methodArg: 0, pathArg: 1, handlerArg: 2 } : undefined;
  }
}

/** Go 1.22 ServeMux patterns: `[METHOD ][HOST]/[PATH]`. */
function splitServeMuxPattern(pattern: string): { method?: string; host?: string; path: string } {
  const m = /^(?:([A-Z]+)\s+)?([^/]*)(\/.*)?$/.exec(pattern.trim());
  if (!m) return { path: pattern };
  return { ...(m[1] ? { method: m[1] } : {}), ...(m[2] ? { host: m[2] } : {}), path: m[3] ?? '/' };
}

/** Dependency calls are recognised by what they call, not by types (there are none). */
function dependencyOf(c: Callee, call: Node): GoDependencyCall['kind'] | undefined {
  if (isPkgCall(c, 'net/http', 'Get', 'Post', 'Head', 'PostForm')) return 'http';
  if (isPkgCall(c, 'net', 'Dial', 'DialTimeout')) return 'dial';
  if (isPkgCall(c, 'google.golang.org/grpc', 'Dial', 'DialContext', 'NewClient')) return 'grpc';
  if (c.kind !== 'method') return undefined;
  const recv = c.recv.text;
  if (c.name === 'Ping' || c.name === 'PingContext') return /redis|rdb|cache/i.test(recv) ? 'redis' : /db|sql|pool|conn/i.test(recv) ? 'sql' : 'ping';
  if (/^(Query|QueryRow|Exec|Prepare)(Context)?$|^(Begin|BeginTx)$/.test(c.name) && /db|sql|pool|conn|tx/i.test(recv) && callArgs(call).length > 0) return 'sql';
  if (c.name === 'Do' && /client|http/i.test(recv)) return 'http';
  // A chained call (`rdb.Ping(ctx).Err()`) was already counted at its inner call.
  if (c.recv.type !== 'call_expression' && /redis|rdb/i.test(recv)) return 'redis';
  if (c.name === 'Check' && /health/i.test(recv)) return 'grpc';
  return undefined;
}

const MAX_REACH_DEPTH = 2;

const FRAMEWORKS: RouterFramework[] = ['net/http', 'gin', 'echo', 'chi', 'gorilla', 'fiber', 'httprouter'];

/** Every method name that registers a route in some framework: anything else is not looked at. */
const REGISTRATION_NAMES: ReadonlySet<string> = new Set(
  [...UPPER_VERBS, ...TITLE_VERBS, 'Handle', 'HandleFunc', 'Handler', 'HandlerFunc', 'Any', 'All', 'Add', 'Method', 'MethodFunc'].filter((n) =>
    FRAMEWORKS.some((f) => registration(f, n)),
  ),
);

export class RouteExtractor {
  static readonly CALL_NAMES = [...REGISTRATION_NAMES];
  readonly routes: GoRoute[] = [];
  /** Registrations on a known router whose path did not resolve. */
  readonly unresolved: Span[] = [];
  private readonly frameworksImported: RouterFramework[];

  constructor(
    private readonly r: Resolver,
    private readonly routers: Routers,
  ) {
    const paths = new Set(r.scopes.index.files.flatMap((f) => [...f.importNames.values()]));
    this.frameworksImported = [...paths].map(frameworkOfImport).filter((f): f is RouterFramework => f !== undefined && f !== 'net/http');
    const frameworks: RouterFramework[] = ['net/http', ...this.frameworksImported];
    this.names = new Set([...REGISTRATION_NAMES].filter((n) => frameworks.some((f) => registration(f, n))));
  }

  /**
   * Registration names of net/http and the frameworks this package imports: `store.Get(ctx, id)`
   * in a package without gin/echo/chi/fiber/httprouter cannot register a route, so its receiver
   * is not worth following.
   */
  private readonly names: ReadonlySet<string>;

  visit(call: Node, c: Callee): void {
    if (isPkgCall(c, 'net/http', 'Handle', 'HandleFunc')) {
      this.add(call, { framework: 'net/http', id: DEFAULT_SERVE_MUX, prefix: '' }, { pathArg: 0, handlerArg: 1 });
      return;
    }
    if (c.kind !== 'method' || !this.names.has(c.name) || !hasPathLikeArg(call)) return;
    const router = this.routers.resolve(c.recv) ?? this.guess(call, c.name);
    if (!router) return;
    const reg = registration(router.framework, c.name);
    if (reg) this.add(call, router, reg);
  }

  /** A receiver we cannot follow (a struct field set elsewhere, another package's value): trust the imports. */
  private guess(call: Node, name: string): RouterRef | undefined {
    const a0 = callArgs(call)[0];
    const path = a0 ? this.r.value(a0) : undefined;
    if (path === undefined || !/^([A-Z]+ )?\//.test(path)) return undefined;
    const candidates = this.frameworksImported.filter((f) => registration(f, name));
    const framework = candidates.length === 1 ? candidates[0] : (name === 'Handle' || name === 'HandleFunc') && candidates.length === 0 ? 'net/http' : undefined;
    return framework ? { framework, id: `unresolved:${framework}`, prefix: '' } : undefined;
  }

  private add(call: Node, router: RouterRef, reg: Registration): void {
    const args = callArgs(call);
    const pathNode = args[reg.pathArg];
    const handler = reg.handlerArg === 'last' ? args[args.length - 1] : args[reg.handlerArg];
    const raw = pathNode ? this.r.value(pathNode) : undefined;
    if (raw === undefined && handler) this.unresolved.push(this.r.span(call));
    if (raw === undefined || !handler) return;
    let method = reg.method;
    if (reg.methodArg !== undefined) {
      const m = args[reg.methodArg];
      method = m ? (this.methodValue(m) ?? method) : method;
    }
    let path = raw;
    let host: string | undefined;
    if (router.framework === 'net/http') {
      const p = splitServeMuxPattern(raw);
      method = p.method ?? method;
      host = p.host;
      path = p.path;
    }
    if (router.framework === 'gorilla') method = this.gorillaMethods(call) ?? method;
    const body = this.handlerBody(handler, 0);
    this.routes.push({
      framework: router.framework,
      ...(method !== undefined ? { method } : {}),
      path: joinPath(router.prefix, path),
      ...(host ? { host } : {}),
      router: router.id,
      span: this.r.span(call),
      handler: brief(handler.text, 60),
      ...(body ? { handlerSpan: this.r.span(body) } : {}),
      reaches: body ? this.reaches(body, 0, new Set()) : [],
    });
  }

  /** `http.MethodGet` or `"GET"`. */
  private methodValue(node: Node): string | undefined {
    const q = node.type === 'selector_expression' ? this.r.qualified(node) : undefined;
    if (q?.path === 'net/http' && q.name.startsWith('Method')) return q.name.slice('Method'.length).toUpperCase();
    return this.r.value(node)?.toUpperCase();
  }

  /** gorilla: `r.HandleFunc("/x", h).Methods("GET")`: the method comes from the chained call. */
  private gorillaMethods(call: Node): string | undefined {
    const sel = call.parent;
    const chained = sel?.parent;
    if (sel?.type !== 'selector_expression' || chained?.type !== 'call_expression' || field(sel, 'field')?.text !== 'Methods') return undefined;
    const methods = callArgs(chained).map((a) => this.methodValue(a)).filter((m): m is string => m !== undefined);
    return methods.length === 1 ? methods[0] : undefined;
  }

  /** The function whose body runs for a handler expression, when the package defines it. */
  handlerBody(expr: Node, depth: number): Node | undefined {
    if (depth > 4) return undefined;
    const node = unwrap(expr);
    const index = this.r.scopes.index;
    switch (node.type) {
      case 'func_literal':
        return node;
      case 'identifier': {
        const fn = index.funcs.get(node.text);
        if (fn) return fn.node;
        const found = this.r.scopes.lookup(node.text, node);
        const v = found && 'local' in found ? found.local.find((b) => b.value && b.index === 0)?.value : undefined;
        return v ? this.handlerBody(v, depth + 1) : undefined;
      }
      case 'selector_expression': {
        if (this.r.qualified(node)) return undefined;
        // A method value (`s.health`): any method of that name in the package.
        const methods = index.methods.get(field(node, 'field')?.text ?? '');
        return methods?.length === 1 ? methods[0]?.node : undefined;
      }
      case 'call_expression': {
        const c = this.r.callee(node);
        const args = callArgs(node);
        if (isPkgCall(c, 'net/http', 'HandlerFunc', 'TimeoutHandler', 'MaxBytesHandler')) return args[0] ? this.handlerBody(args[0], depth + 1) : undefined;
        if (isPkgCall(c, 'net/http', 'StripPrefix')) return args[1] ? this.handlerBody(args[1], depth + 1) : undefined;
        // A handler factory (`healthHandler(db)`) returns a closure: its body is the factory's.
        if (c.kind === 'func') return index.funcs.get(c.name)?.node;
        if (c.kind === 'method') {
          const methods = index.methods.get(c.name);
          return methods?.length === 1 ? methods[0]?.node : undefined;
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  /** Dependency calls in a function and, up to MAX_REACH_DEPTH, in the package functions it calls. */
  private reaches(fn: Node, depth: number, seen: Set<number>): GoDependencyCall[] {
    if (seen.has(fn.id)) return [];
    seen.add(fn.id);
    const out: GoDependencyCall[] = [];
    for (const call of field(fn, 'body')?.descendantsOfType('call_expression') ?? []) {
      if (!call) continue;
      const c = this.r.callee(call);
      const kind = dependencyOf(c, call);
      if (kind) {
        out.push({ kind, call: brief(field(call, 'function')?.text ?? '', 60), span: this.r.span(call), depth });
        continue;
      }
      if (depth >= MAX_REACH_DEPTH) continue;
      const index = this.r.scopes.index;
      const next = c.kind === 'func' ? index.funcs.get(c.name)?.node : c.kind === 'method' ? uniqueMethod(index.methods.get(c.name)) : undefined;
      if (next) out.push(...this.reaches(next, depth + 1, seen));
    }
    return out;
  }
}

/**
 * Registrations take the path as a literal or a constant (here or in another package:
 * `httpapi.HealthPath`) in one of the first two arguments; `cache.Get(ctx, key)` does not,
 * and is not worth following its receiver for.
 */
function hasPathLikeArg(call: Node): boolean {
  return callArgs(call)
    .slice(0, 2)
    .some((a) => ['interpreted_string_literal', 'raw_string_literal', 'identifier', 'binary_expression', 'selector_expression'].includes(a.type));
}

function uniqueMethod(list: { node: Node }[] | undefined): Node | undefined {
  return list?.length === 1 ? list[0]?.node : undefined;
}
