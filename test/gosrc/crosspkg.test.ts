import { describe, expect, it } from 'vitest';
import { importedPaths } from '../../src/load/gosrc/import-order.js';
import { valueOf } from '../../src/model/go-values.js';
import { GO_FIXTURES, at, loadGoTree, pkg } from './helpers.js';

const { packages, errors } = await loadGoTree(`${GO_FIXTURES}crosspkg`);
const api = pkg(packages, 'cmd/api');
const worker = pkg(packages, 'cmd/worker');

describe('values defined in another package of the module', () => {
  it('reads every package, in directory order, whatever order they were extracted in', () => {
    expect(errors).toEqual([]);
    expect(packages.map((p) => p.dir)).toEqual(['cmd/api', 'cmd/worker', 'internal/config', 'internal/httpapi', 'internal/server']);
  });

  it('resolves a listen address through a package variable that calls an env helper of a third package', () => {
    const [metrics, main] = api.listeners;
    expect(main?.call).toBe('Server.ListenAndServe');
    expect(metrics?.call).toBe('http.ListenAndServe');
    expect(valueOf(main!.addr!)).toBe(':9000');
    expect(valueOf(main!.addr!, { PORT: '8080' })).toBe(':8080');
    const env = main!.addr!.parts.find((p) => p.kind === 'env');
    expect(env).toMatchObject({ kind: 'env', name: 'PORT', fallback: '9000' });
    // The fallback's evidence is the constant in internal/config.
    expect(env?.kind === 'env' ? at(env.fallbackFrom) : undefined).toBe('internal/config/config.go:10:21');
    // server.MetricsAddr(): a getter returning a constant expression.
    expect(valueOf(metrics!.addr!)).toBe('127.0.0.1:9090');
  });

  it('resolves route patterns built from constants of another package', () => {
    expect(api.routes.map((r) => [r.method, r.path])).toEqual([
      ['GET', '/healthz'],
      [undefined, '/readyz'],
      [undefined, '/api/v2/items'],
    ]);
    expect(api.unresolvedRoutes).toBeUndefined();
  });

  it('reads env names through constants and helpers of another package, required or with a default', () => {
    expect(api.config.env.map((e) => [e.name, e.via, at(e.span), e.fallback, e.required])).toEqual([['DATABASE_URL', 'config.Must()', 'cmd/api/main.go:16:9', undefined, true]]);
    // An aliased import (`cfg`) is followed too.
    expect(worker.config.env.map((e) => [e.name, e.via, e.fallback, e.required])).toEqual([['WORKER_PORT', 'config.Get()', '7070', false]]);
    expect(valueOf(worker.listeners[0]!.addr!)).toBe(':7070');
  });

  it('resolves file paths and durations across packages and files (a constant built from another file\'s constant)', () => {
    expect(api.config.files.map((f) => [f.call, valueOf(f.path), f.required])).toEqual([['os.ReadFile', '/etc/platform/settings.yaml', true]]);
    expect(api.shutdown.calls.map((c) => [c.call, c.timeout?.seconds, c.timeout?.expr])).toEqual([['http.Server.Shutdown', 25, 'config.ShutdownGrace']]);
    // The constraint of the file the constant lives in is kept.
    const paths = pkg(packages, 'internal/config').files.find((f) => f.file.endsWith('paths_unix.go'));
    expect(paths?.constraint).toBe('!windows');
    expect(paths?.constraintSpan?.line).toBe(1);
  });
});

describe('import paths read before parsing (the extraction order)', () => {
  it('reads grouped, aliased and single imports, ignoring comments with parentheses and quotes', () => {
    const text = 'package main\n\nimport "fmt"\nimport cfg "example.com/x/config"\n\nimport (\n\t_ "net/http/pprof" // TODO(perf): "remove"\n\t/* "not/this" */ "os"\n)\n\nfunc main() {}\n\nimport "late/ignored"\n';
    expect(importedPaths(text)).toEqual(['fmt', 'example.com/x/config', 'net/http/pprof', 'os']);
  });
});
