import { describe, expect, it } from 'vitest';
import { valueOf } from '../../src/model/go-values.js';
import type { GoPackage } from '../../src/model/gosrc.js';
import { GO_FIXTURES, at, loadGoTree, pkg } from './helpers.js';

const { packages, errors } = await loadGoTree(`${GO_FIXTURES}frameworks`);

function routes(p: GoPackage): [string | undefined, string, string | undefined][] {
  return p.routes.map((r) => [r.method, r.path, at(r.span)]);
}

describe('routers of popular frameworks', () => {
  it('parses every service without errors', () => {
    expect(errors).toEqual([]);
    expect(packages.map((p) => p.dir)).toEqual(['chi', 'echo', 'fiber', 'generics', 'gin', 'gorilla']);
  });

  it('gin: groups, Handle with http.Method constants, Run() default address, redis ping in the health handler', () => {
    const gin = pkg(packages, 'gin');
    expect(routes(gin)).toEqual([
      ['GET', '/healthz', 'gin/main.go:14:2'],
      ['GET', '/api/v1/users/:id', 'gin/main.go:23:3'],
      ['DELETE', '/api/v1/users/:id', 'gin/main.go:24:3'],
    ]);
    expect(gin.routes[0]?.reaches.map((d) => [d.kind, d.call, at(d.span)])).toEqual([['redis', 'rdb.Ping', 'gin/main.go:15:13']]);
    const [run] = gin.listeners;
    expect(run).toMatchObject({ call: 'gin.Run', protocol: 'http', router: 'gin/main.go:13:7' });
    expect(at(run?.span)).toBe('gin/main.go:26:2');
    // gin reads $PORT itself, else :8080.
    expect(valueOf(run!.addr!)).toBe(':8080');
    expect(valueOf(run!.addr!, { PORT: '5000' })).toBe(':5000');
    expect(gin.routes.every((r) => r.router === run?.router)).toBe(true);
  });

  it('echo: method values, groups, Start with Sprintf of an int flag', () => {
    const echo = pkg(packages, 'echo');
    expect(routes(echo)).toEqual([
      ['GET', '/livez', 'echo/main.go:19:2'],
      ['POST', '/admin/reload', 'echo/main.go:21:2'],
    ]);
    expect(at(echo.routes[0]?.handlerSpan)).toBe('echo/main.go:12:1');
    const [start] = echo.listeners;
    expect(start).toMatchObject({ call: 'echo.Start', router: 'echo/main.go:17:7' });
    expect(valueOf(start!.addr!)).toBe(':8081');
    expect(start?.addr?.parts[1]).toMatchObject({ kind: 'flag', name: 'port', default: '8081' });
  });

  it('chi: Route closures, a router passed to a function, cmp.Or default', () => {
    const chi = pkg(packages, 'chi');
    expect(routes(chi)).toEqual([
      ['GET', '/health', 'chi/main.go:13:2'],
      ['GET', '/api/items', 'chi/main.go:15:3'],
      ['POST', '/admin/flush', 'chi/main.go:23:2'],
    ]);
    const id = 'chi/main.go:12:7';
    expect(chi.routes.map((r) => r.router)).toEqual([id, id, id]);
    const [l] = chi.listeners;
    expect(l).toMatchObject({ call: 'http.ListenAndServe', router: id });
    expect(valueOf(l!.addr!)).toBe(':3000');
    expect(chi.config.env.map((e) => [e.name, e.fallback, e.required])).toEqual([['PORT', '3000', false]]);
  });

  it('gorilla: Methods() chains, PathPrefix subrouters, a loopback http.Server, an HTTP dependency in a health handler', () => {
    const g = pkg(packages, 'gorilla');
    expect(routes(g)).toEqual([
      ['GET', '/healthz', 'gorilla/main.go:11:2'],
      ['POST', '/api/orders', 'gorilla/main.go:13:2'],
    ]);
    expect(g.routes[0]?.reaches.map((d) => [d.kind, d.call])).toEqual([['http', 'http.Get']]);
    const [l] = g.listeners;
    expect(l).toMatchObject({ call: 'Server.ListenAndServe', router: 'gorilla/main.go:10:7' });
    expect(valueOf(l!.addr!)).toBe('localhost:8000');
    expect(l?.server?.readHeaderTimeout).toBeUndefined();
  });

  it('fiber: groups, and an address from a parameterless function', () => {
    const f = pkg(packages, 'fiber');
    expect(routes(f)).toEqual([
      ['GET', '/ping', 'fiber/main.go:11:2'],
      ['POST', '/api/jobs', 'fiber/main.go:13:2'],
    ]);
    const [l] = f.listeners;
    expect(l).toMatchObject({ call: 'fiber.Listen', router: 'fiber/main.go:10:9' });
    expect(valueOf(l!.addr!)).toBe(':3000');
    expect(l?.addr?.parts[0]?.kind === 'text' ? at(l.addr.parts[0].from) : undefined).toBe('fiber/main.go:17:35');
  });

  it('generics: a generic env helper with an explicit instantiation', () => {
    const g = pkg(packages, 'generics');
    const [l] = g.listeners;
    expect(valueOf(l!.addr!)).toBe(':7070');
    expect(valueOf(l!.addr!, { PORT: '80' })).toBe(':80');
    expect(g.config.env.map((e) => [e.name, e.via, e.fallback])).toEqual([['PORT', 'envOr()', '7070']]);
  });
});
