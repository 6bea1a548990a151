import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Counter, Registry } from 'prom-client';
import { startOpsEndpoints, type OpsEndpoints } from '../../src/server/ops-endpoints.js';

function get(port: number, path: string, method = 'GET'): Promise<{ status: number; type: string; body: string; allow?: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body, allow: res.headers.allow }));
    });
    req.on('error', reject);
    req.end();
  });
}

let ops: OpsEndpoints | undefined;
afterEach(async () => {
  await ops?.close();
  ops = undefined;
});

describe('ops endpoints', () => {
  it('serves the registry it was given on /metrics, in the Prometheus text format', async () => {
    const registry = new Registry();
    new Counter({ name: 'kubewhy_test_total', help: 'a counter', registers: [registry] }).inc(3);
    ops = await startOpsEndpoints({ port: 0, host: '127.0.0.1', registry, notReady: () => undefined });
    const r = await get(ops.port, '/metrics');
    expect(r.status).toBe(200);
    expect(r.type).toBe(registry.contentType);
    expect(r.body).toBe('# HELP kubewhy_test_total a counter\n# TYPE kubewhy_test_total counter\nkubewhy_test_total 3\n');
  });

  it('answers /healthz always, and /readyz with 503 and the reason until ready', async () => {
    let why: string | undefined = 'certificates not loaded';
    ops = await startOpsEndpoints({ port: 0, host: '127.0.0.1', registry: new Registry(), notReady: () => why });
    expect(await get(ops.port, '/healthz')).toMatchObject({ status: 200, body: 'ok\n' });
    expect(await get(ops.port, '/readyz')).toMatchObject({ status: 503, body: 'not ready: certificates not loaded\n' });
    why = undefined;
    expect(await get(ops.port, '/readyz?verbose')).toMatchObject({ status: 200, body: 'ok\n' });
  });

  it('refuses other methods and paths', async () => {
    ops = await startOpsEndpoints({ port: 0, host: '127.0.0.1', registry: new Registry(), notReady: () => undefined });
    expect(await get(ops.port, '/metrics', 'POST')).toMatchObject({ status: 405, allow: 'GET, HEAD' });
    expect(await get(ops.port, '/healthz', 'HEAD')).toMatchObject({ status: 200, body: '' });
    expect(await get(ops.port, '/debug/pprof')).toMatchObject({ status: 404, body: 'not found\n' });
  });

  it('reports a scrape that fails as 500 with the reason, and keeps serving', async () => {
    const registry = new Registry();
    new Counter({
      name: 'kubewhy_broken_total',
      help: 'collect throws',
      registers: [registry],
      collect() {
        throw new Error('collector exploded');
      },
    });
    ops = await startOpsEndpoints({ port: 0, host: '127.0.0.1', registry, notReady: () => undefined });
    expect(await get(ops.port, '/metrics')).toMatchObject({ status: 500, body: 'metrics failed: collector exploded\n' });
    expect(await get(ops.port, '/healthz')).toMatchObject({ status: 200 });
  });

  it('names the port when it cannot listen', async () => {
    ops = await startOpsEndpoints({ port: 0, host: '127.0.0.1', registry: new Registry(), notReady: () => undefined });
    await expect(startOpsEndpoints({ port: ops.port, host: '127.0.0.1', registry: new Registry(), notReady: () => undefined })).rejects.toThrow(/EADDRINUSE/);
  });
});
