import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVE_MUX } from '../../src/model/gosrc.js';
import { isLoopbackHost, splitHostPort, valueOf } from '../../src/model/go-values.js';
import { packagesInBinary } from '../../src/model/go-packages.js';
import { GO_FIXTURES, at, loadGoTree, pkg } from './helpers.js';

const { packages, errors } = await loadGoTree(`${GO_FIXTURES}stdlib`);
const api = pkg(packages, 'cmd/api');
const worker = pkg(packages, 'cmd/worker');

describe('Go packages of a module (stdlib net/http service)', () => {
  it('finds one package per directory, skipping vendor/, //go:build ignore and tools files', () => {
    expect(errors).toEqual([]);
    expect(packages.map((p) => p.dir)).toEqual(['cmd/api', 'cmd/worker', 'internal/platform']);
    expect(api.files.map((f) => f.file)).toEqual(['cmd/api/config.go', 'cmd/api/handlers.go', 'cmd/api/main.go', 'cmd/api/signals_windows.go']);
    expect(pkg(packages, 'internal/platform').files.map((f) => f.file)).toEqual(['internal/platform/platform.go']);
  });

  it('marks files built only for another platform instead of dropping them', () => {
    expect(api.files.find((f) => f.file.endsWith('_windows.go'))?.constraint).toBe('windows');
    expect(api.files.find((f) => f.file.endsWith('main.go'))?.constraint).toBeUndefined();
  });

  it('identifies main packages and links them to their module', () => {
    expect(api.isMain).toBe(true);
    expect(at(api.mainSpan)).toBe('cmd/api/main.go:22:6');
    expect(api.module?.module).toBe('example.com/shop');
    expect(api.importPath).toBe('example.com/shop/cmd/api');
    expect(pkg(packages, 'internal/platform').isMain).toBe(false);
  });

  it('resolves the listen address through a helper and a constant in another file', () => {
    expect(api.listeners).toHaveLength(1);
    const l = api.listeners[0]!;
    expect(l.call).toBe('Server.ListenAndServe');
    expect(at(l.span)).toBe('cmd/api/main.go:48:13');
    expect(l.addr?.expr).toBe('":" + getEnv("PORT", defaultPort)');
    expect(valueOf(l.addr!)).toBe(':8080');
    expect(valueOf(l.addr!, { PORT: '9000' })).toBe(':9000');
    const env = l.addr?.parts[1];
    expect(env).toMatchObject({ kind: 'env', name: 'PORT', fallback: '8080' });
    // The fallback's evidence is the constant, in config.go.
    expect(env?.kind === 'env' ? at(env.fallbackFrom) : undefined).toBe('cmd/api/config.go:10:18');
    expect(l.router).toBe('cmd/api/main.go:29:9');
    expect(l.server).toBe(api.servers[0]);
  });

  it('reads http.Server timeouts through constants, and notices ReadHeaderTimeout is missing', () => {
    const s = api.servers[0]!;
    expect(at(s.span)).toBe('cmd/api/main.go:38:10');
    expect(s.readTimeout).toMatchObject({ seconds: 5, expr: 'readTimeout' });
    expect(s.writeTimeout).toMatchObject({ seconds: 10, expr: '2 * readTimeout' });
    expect(s.readHeaderTimeout).toBeUndefined();
  });

  it('reads Go 1.22 ServeMux patterns, method values, closures and what health handlers reach', () => {
    expect(api.routes.map((r) => [r.method, r.path, r.handler, at(r.span)])).toEqual([
      ['GET', '/healthz', 's.healthz', 'cmd/api/main.go:30:2'],
      ['GET', '/readyz', 's.readyz', 'cmd/api/main.go:31:2'],
      [undefined, '/metrics', 'promhttp.Handler()', 'cmd/api/main.go:32:2'],
      [undefined, '/orders/{id}', expect.stringMatching(/^func\(w http/), 'cmd/api/main.go:33:2'],
    ]);
    expect(api.routes.every((r) => r.router === 'cmd/api/main.go:29:9')).toBe(true);
    const [healthz, readyz, , orders] = api.routes;
    expect(at(healthz?.handlerSpan)).toBe('cmd/api/handlers.go:8:1');
    expect(healthz?.reaches).toEqual([]);
    // readyz → s.checkDB → s.db.PingContext: one call deep.
    expect(readyz?.reaches.map((d) => [d.kind, d.call, at(d.span), d.depth])).toEqual([['sql', 's.db.PingContext', 'cmd/api/handlers.go:21:9', 1]]);
    expect(orders?.reaches.map((d) => [d.kind, d.call, d.depth])).toEqual([['sql', 'db.QueryRowContext', 0]]);
  });

  it('reads SIGTERM handling and the shutdown deadline', () => {
    expect(api.shutdown.signals).toEqual([{ call: 'signal.NotifyContext', signals: ['Interrupt', 'SIGTERM'], span: expect.objectContaining({ line: 45, column: 15 }) }]);
    expect(api.shutdown.calls.map((c) => [c.call, at(c.span), c.timeout?.seconds, c.timeout?.expr])).toEqual([
      ['http.Server.Shutdown', 'cmd/api/main.go:55:6', 45, 'shutdownGrace'],
    ]);
  });

  it('reads env vars with their defaults and whether the program dies without them', () => {
    expect(api.config.env.map((e) => [e.name, e.via, at(e.span), e.fallback, e.required])).toEqual([
      ['LOG_LEVEL', 'os.Getenv', 'cmd/api/config.go:32:11', 'info', false],
      ['DATABASE_URL', 'mustEnv()', 'cmd/api/main.go:23:29', undefined, true],
      ['PORT', 'getEnv()', 'cmd/api/main.go:39:23', '8080', false],
    ]);
  });

  it('reads metrics and log libraries', () => {
    expect(api.observability.metricsHandlers.map(at)).toEqual(['cmd/api/main.go:32:25']);
    expect(api.observability.goCollector.map(at)).toEqual(['cmd/api/main.go:32:25']);
    expect(api.observability.logLibraries.map((l) => [l.path, l.structured])).toEqual([['log', false]]);
    expect(api.observability.pprof).toBeUndefined();
  });
});

describe('a worker with gRPC, flags, clients and image needs', () => {
  it('links net.Listen to the gRPC server serving it, and sees the loopback bind', () => {
    const [grpc, metrics] = worker.listeners;
    expect(grpc).toMatchObject({ call: 'net.Listen', protocol: 'grpc' });
    expect(at(grpc?.span)).toBe('cmd/worker/main.go:24:14');
    const hp = splitHostPort(valueOf(grpc!.addr!) ?? '');
    expect(hp).toEqual({ host: '127.0.0.1', port: '9090' });
    expect(isLoopbackHost(hp.host)).toBe(true);
    // A flag default through a package-level pointer.
    expect(metrics).toMatchObject({ call: 'http.ListenAndServe', router: DEFAULT_SERVE_MUX });
    expect(metrics?.addr?.parts).toEqual([{ kind: 'flag', name: 'metrics-addr', default: ':9091', span: expect.objectContaining({ line: 19, column: 19 }) }]);
  });

  it('reads clients without timeouts', () => {
    expect(worker.clients.map((c) => [c.kind, at(c.span), c.timeout])).toEqual([
      ['client-literal', 'cmd/worker/main.go:32:13', undefined],
      ['package-helper', 'cmd/worker/main.go:37:9', undefined],
    ]);
  });

  it('reads what the runtime image must provide', () => {
    expect(worker.needs.loadLocation.map((l) => [valueOf(l.name!), at(l.span)])).toEqual([['Europe/Paris', 'cmd/worker/main.go:38:12']]);
    expect(worker.needs.tzdata).toBeUndefined();
    expect(worker.needs.tlsClients.map((t) => [t.expr, at(t.span)])).toEqual([['https://api.example.com/v1/stock', 'cmd/worker/main.go:33:26']]);
    expect(worker.needs.embeddedRoots).toBeUndefined();
    expect(worker.needs.exec.map((e) => [e.tool, at(e.span)])).toEqual([['git', 'cmd/worker/main.go:40:12']]);
    expect(at(worker.needs.osUser?.span)).toBe('cmd/worker/main.go:11:2');
    expect(worker.needs.cgoImports).toEqual([]);
  });

  it('reads watchers, config files, localhost DSNs, pprof and ignore comments', () => {
    expect(worker.config.watchers.map((w) => [w.kind, at(w.span), w.target ? valueOf(w.target) : undefined])).toEqual([
      ['fsnotify', 'cmd/worker/main.go:45:10', '/etc/worker/config.yaml'],
      ['viper', 'cmd/worker/main.go:48:2', undefined],
    ]);
    expect(worker.config.files.map((f) => [f.call, valueOf(f.path), at(f.span)])).toEqual([['viper.SetConfigFile', 'config/worker.yaml', 'cmd/worker/main.go:47:2']]);
    expect(worker.config.localhostRefs.map((r) => [r.text, r.span.line])).toEqual([
      ['127.0.0.1:9090', 24],
      ['postgres://app:secret@localhost:5432/shop?sslmode=disable', 49],
    ]);
    expect(at(worker.observability.pprof?.span)).toBe('cmd/worker/main.go:9:2');
    expect(worker.ignores).toEqual([{ rules: ['pprof-exposed'], span: expect.objectContaining({ line: 21, column: 1 }) }]);
    expect(worker.shutdown.calls.map((c) => c.call)).toEqual(['grpc.Server.GracefulStop']);
    expect(worker.shutdown.signals).toEqual([]);
  });

  it('sees runtime tuning in packages the binary imports', () => {
    const platform = pkg(packages, 'internal/platform');
    expect(at(platform.runtime.automaxprocs)).toBe('internal/platform/platform.go:4:2');
    expect(platform.runtime.setMemoryLimit.map(at)).toEqual(['internal/platform/platform.go:9:2']);
    // cmd/api does not import it; a binary that does would get it through packagesInBinary.
    expect(packagesInBinary(api, packages).map((p) => p.dir)).toEqual(['cmd/api']);
    const withPlatform = { ...api, imports: [...api.imports, { path: 'example.com/shop/internal/platform', span: api.imports[0]!.span }] };
    expect(packagesInBinary(withPlatform, packages).map((p) => p.dir)).toEqual(['cmd/api', 'internal/platform']);
  });
});
