import type { Node } from 'web-tree-sitter';
import {
  DEFAULT_SERVE_MUX,
  type GoClient,
  type GoListener,
  type GoServer,
  type GoShutdown,
  type GoString,
  type ListenerProtocol,
} from '../../model/gosrc.js';
import { isPkgCall, type Callee } from './callee.js';
import type { Resolver } from './resolve.js';
import { fieldInitsOf } from './package-index.js';
import type { Routers } from './routers.js';
import { brief, callArgs, field, unwrap } from './syntax.js';

const SERVER_TIMEOUTS = ['ReadHeaderTimeout', 'ReadTimeout', 'WriteTimeout', 'IdleTimeout'] as const;

/** Listeners, http.Server/Client literals, client helpers and shutdown handling. */
export class NetworkExtractor {
  /** Method and package-function names this extractor handles (the index keeps only such calls). */
  static readonly CALL_NAMES = [
    'ListenAndServe', 'ListenAndServeTLS', 'Serve', 'ServeTLS', 'Listen', 'ListenTLS', 'Run', 'RunTLS', 'Start', 'StartTLS',
    'Get', 'Post', 'Head', 'PostForm', 'NewRequest', 'Notify', 'NotifyContext',
    'Shutdown', 'ShutdownWithContext', 'ShutdownWithTimeout', 'GracefulStop',
  ];
  readonly listeners: GoListener[] = [];
  readonly servers: GoServer[] = [];
  readonly clients: GoClient[] = [];
  readonly shutdown: GoShutdown = { signals: [], calls: [] };
  private readonly serverByLiteral = new Map<number, GoServer>();
  /** `net.Listen` listeners by call node id, so `srv.Serve(lis)` can say what runs on them. */
  private readonly netListeners = new Map<number, GoListener>();

  constructor(
    private readonly r: Resolver,
    private readonly routers: Routers,
  ) {}

  /** Literals first: listeners look servers up by literal. */
  literal(lit: Node): void {
    const type = field(lit, 'type');
    const q = type ? this.r.qualified(type) : undefined;
    if (q?.path !== 'net/http') return;
    const elements = keyed(lit);
    if (q.name === 'Server') {
      const server: GoServer = { span: this.r.span(lit) };
      const addr = elements.get('Addr');
      if (addr) server.addr = this.r.string(addr);
      const handler = elements.get('Handler');
      const router = handler ? this.routers.inHandler(handler)?.id : DEFAULT_SERVE_MUX;
      if (router) server.router = router;
      for (const t of SERVER_TIMEOUTS) {
        const v = elements.get(t);
        if (v) server[lowerFirst(t)] = this.r.duration(v);
      }
      this.servers.push(server);
      this.serverByLiteral.set(lit.id, server);
    } else if (q.name === 'Client') {
      const timeout = elements.get('Timeout');
      this.clients.push({ kind: 'client-literal', span: this.r.span(lit), expr: brief(lit.text, 60), ...(timeout ? { timeout: this.r.duration(timeout) } : {}) });
    }
  }

  selector(sel: Node): void {
    const q = this.r.qualified(sel);
    if (q?.path === 'net/http' && q.name === 'DefaultClient') this.clients.push({ kind: 'default-client', span: this.r.span(sel), expr: 'http.DefaultClient' });
  }

  call(call: Node, c: Callee): void {
    const args = callArgs(call);
    if (c.kind === 'pkg') this.pkgCall(call, c, args);
    else if (c.kind === 'method') this.methodCall(call, c, args);
  }

  private pkgCall(call: Node, c: { path: string; name: string }, args: Node[]): void {
    const span = this.r.span(call);
    if (c.path === 'net/http') {
      if ((c.name === 'ListenAndServe' || c.name === 'ListenAndServeTLS') && args[0]) {
        const handler = args[c.name === 'ListenAndServe' ? 1 : 3];
        this.listeners.push({
          call: `http.${c.name}`,
          protocol: c.name === 'ListenAndServe' ? 'http' : 'https',
          span,
          addr: this.r.string(args[0]),
          ...this.routerOf(handler),
        });
      } else if ((c.name === 'Serve' || c.name === 'ServeTLS') && args[0]) {
        const l = this.netListener(args[0]);
        if (l) Object.assign(l, { protocol: c.name === 'Serve' ? 'http' : 'https', ...this.routerOf(args[1]) });
      } else if (c.name === 'Get' || c.name === 'Post' || c.name === 'Head' || c.name === 'PostForm') {
        this.clients.push({ kind: 'package-helper', span, expr: `http.${c.name}` });
      } else if (c.name === 'NewRequest') {
        this.clients.push({ kind: 'request-without-context', span, expr: 'http.NewRequest' });
      }
    } else if (c.path === 'net' && c.name === 'Listen' && args[1]) {
      const network = args[0] ? this.r.value(args[0]) : undefined;
      const protocol: ListenerProtocol = network?.startsWith('unix') ? 'unix' : 'tcp';
      const l: GoListener = { call: 'net.Listen', protocol, span, addr: this.r.string(args[1]) };
      this.listeners.push(l);
      this.netListeners.set(call.id, l);
    } else if (c.path === 'os/signal' && (c.name === 'Notify' || c.name === 'NotifyContext')) {
      this.shutdown.signals.push({ call: `signal.${c.name}`, signals: args.slice(1).map(signalName), span });
    }
  }

  private methodCall(call: Node, c: { recv: Node; name: string }, args: Node[]): void {
    const span = this.r.span(call);
    switch (c.name) {
      case 'ListenAndServe':
      case 'ListenAndServeTLS': {
        const server = this.serverOf(c.recv);
        if (!server && args.length > 0 && c.name === 'ListenAndServe') return;
        this.listeners.push({
          call: `Server.${c.name}`,
          protocol: c.name === 'ListenAndServe' ? 'http' : 'https',
          span,
          ...(server?.addr ? { addr: server.addr } : {}),
          ...(server?.router ? { router: server.router } : {}),
          ...(server ? { server } : {}),
        });
        return;
      }
      case 'Serve':
      case 'ServeTLS': {
        const l = args[0] ? this.netListener(args[0]) : undefined;
        if (!l) return;
        if (this.isGrpcServer(c.recv)) l.protocol = 'grpc';
        else {
          const server = this.serverOf(c.recv);
          l.protocol = c.name === 'Serve' ? 'http' : 'https';
          if (server) Object.assign(l, { server, ...(server.router ? { router: server.router } : {}) });
        }
        return;
      }
      case 'Run':
      case 'RunTLS':
      case 'Start':
      case 'StartTLS':
      case 'Listen':
      case 'ListenTLS':
        this.frameworkListener(call, c, args);
        return;
      case 'Shutdown':
      case 'ShutdownWithContext':
      case 'ShutdownWithTimeout':
      case 'GracefulStop':
        this.shutdownCall(call, c, args);
        return;
      default:
        return;
    }
  }

  /** gin `r.Run()`, echo `e.Start(addr)`, fiber `app.Listen(addr)`. */
  private frameworkListener(call: Node, c: { recv: Node; name: string }, args: Node[]): void {
    const router = this.routers.resolve(c.recv);
    const expected: Record<string, string[]> = { gin: ['Run', 'RunTLS'], echo: ['Start', 'StartTLS'], fiber: ['Listen', 'ListenTLS'] };
    if (!router || !expected[router.framework]?.includes(c.name)) return;
    const span = this.r.span(call);
    const tls = c.name.endsWith('TLS');
    const addr: GoString | undefined = args[0]
      ? this.r.string(args[0])
      : router.framework === 'gin'
        ? // gin.Engine.Run() with no address: ":" + $PORT, or ":8080" (gin's resolveAddress).
          { expr: 'gin default address', span, parts: [{ kind: 'text', text: ':' }, { kind: 'env', name: 'PORT', fallback: '8080', span }] }
        : undefined;
    this.listeners.push({ call: `${router.framework}.${c.name}`, protocol: tls ? 'https' : 'http', span, ...(addr ? { addr } : {}), router: router.id });
  }

  private shutdownCall(call: Node, c: { recv: Node; name: string }, args: Node[]): void {
    const span = this.r.span(call);
    const server = this.serverOf(c.recv);
    const router = server ? undefined : this.routers.resolve(c.recv);
    const grpc = !server && !router && this.isGrpcServer(c.recv);
    // Without a known receiver, `X.Shutdown(ctx)` may be a tracer or a pool: keep its text so rules can judge.
    const owner = server ? 'http.Server' : router ? router.framework : grpc ? 'grpc.Server' : brief(c.recv.text, 40);
    let timeout;
    if (c.name === 'ShutdownWithTimeout' && args[0]) timeout = this.r.duration(args[0]);
    else if (args[0]) {
      const ctx = this.r.assignedCall(args[0]);
      const ctxArgs = ctx ? callArgs(ctx) : [];
      if (ctx && isPkgCall(this.r.callee(ctx), 'context', 'WithTimeout') && ctxArgs[1]) timeout = this.r.duration(ctxArgs[1]);
    }
    this.shutdown.calls.push({ call: `${owner}.${c.name}`, span, ...(timeout ? { timeout } : {}) });
  }

  private routerOf(handler: Node | undefined): { router?: string } {
    if (!handler || handler.text === 'nil') return { router: DEFAULT_SERVE_MUX };
    const ref = this.routers.inHandler(handler);
    return ref ? { router: ref.id } : {};
  }

  private netListener(expr: Node): GoListener | undefined {
    const call = this.r.assignedCall(unwrap(expr));
    return call ? this.netListeners.get(call.id) : undefined;
  }

  /** The http.Server literal an expression refers to (`srv`, `&http.Server{…}`, `s.httpServer`). */
  private serverOf(expr: Node): GoServer | undefined {
    const node = unwrap(expr);
    if (node.type === 'composite_literal') return this.serverByLiteral.get(node.id);
    if (node.type === 'identifier') {
      const found = this.r.scopes.lookup(node.text, node);
      const values = found ? ('pkg' in found ? [found.pkg.node] : found.local.flatMap((b) => (b.value && b.index === 0 ? [b.value] : []))) : [];
      for (const v of values) {
        const s = this.serverByLiteral.get(unwrap(v).id);
        if (s) return s;
      }
    }
    if (node.type === 'selector_expression' && !this.r.qualified(node)) {
      for (const init of fieldInitsOf(this.r.scopes.index, field(node, 'field')?.text ?? '')) {
        const s = this.serverByLiteral.get(unwrap(init.node).id);
        if (s) return s;
      }
    }
    return undefined;
  }

  private isGrpcServer(expr: Node): boolean {
    const node = unwrap(expr);
    let call = this.r.assignedCall(node);
    if (!call && node.type === 'selector_expression') {
      const init = fieldInitsOf(this.r.scopes.index, field(node, 'field')?.text ?? '')?.[0];
      call = init ? this.r.assignedCall(unwrap(init.node)) : undefined;
    }
    return call !== undefined && isPkgCall(this.r.callee(call), 'google.golang.org/grpc', 'NewServer');
  }
}

/** `syscall.SIGTERM` → `SIGTERM`, `os.Interrupt` → `Interrupt`. */
function signalName(n: Node): string {
  return n.type === 'selector_expression' ? (field(n, 'field')?.text ?? n.text) : n.text;
}

/** Keyed elements of a composite literal: field name → value expression. */
export function keyed(lit: Node): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const el of field(lit, 'body')?.namedChildren ?? []) {
    if (el?.type !== 'keyed_element') continue;
    const key = field(el, 'key')?.namedChildren[0];
    const value = field(el, 'value')?.namedChildren[0];
    if (key && value) out.set(key.text, value);
  }
  return out;
}

function lowerFirst<S extends string>(s: S): Uncapitalize<S> {
  return (s.charAt(0).toLowerCase() + s.slice(1)) as Uncapitalize<S>;
}
