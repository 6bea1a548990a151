import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { buildLayer, pushImage } from '../../helpers/oci-push.js';
import { client, closeClients, registry, repo } from './context.js';

/** Forwards a request to the real plain-HTTP registry, minus any Authorization header. */
function forward(upstream: string, req: IncomingMessage, res: ServerResponse, path = req.url ?? '/'): void {
  const headers = { ...req.headers, host: upstream };
  delete headers.authorization;
  const out = http.request(`http://${upstream}${path}`, { method: req.method, headers }, (up) => {
    res.writeHead(up.statusCode ?? 502, up.headers);
    up.pipe(res);
  });
  req.pipe(out);
}

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * A registry front like Docker Hub's: Basic auth at the registry origin, layer GETs redirected to
 * a "CDN" on another origin; both forward to the real test registry, so the content is real.
 */
describe.skipIf(!registry)('redirects to a blob host on another origin', () => {
  const info = registry!;
  const servers: http.Server[] = [];
  const cdnAuthHeaders: (string | undefined)[] = [];
  afterAll(async () => {
    closeClients();
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  });

  it('follows the redirect and does not send Authorization to the other origin', async () => {
    const password = `front-${Math.random().toString(36).slice(2)}`;
    const cdn = http.createServer((req, res) => {
      cdnAuthHeaders.push(req.headers.authorization);
      forward(info.plain.host, req, res, new URL(req.url ?? '/', 'http://cdn').searchParams.get('path') ?? '/');
    });
    servers.push(cdn);
    const cdnHost = await listen(cdn);
    const front = http.createServer((req, res) => {
      if (req.headers.authorization !== `Basic ${Buffer.from(`alice:${password}`).toString('base64')}`) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="front"', 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }));
        return;
      }
      if (req.method === 'GET' && /\/blobs\/sha256:/.test(req.url ?? '')) {
        res.writeHead(307, { location: `http://${cdnHost}/signed?path=${encodeURIComponent(req.url ?? '')}` });
        res.end();
        return;
      }
      forward(info.plain.host, req, res);
    });
    servers.push(front);
    const frontHost = await listen(front);

    const name = `${info.plain.host}/${repo()}`;
    const layer = await buildLayer([{ path: 'app', content: 'via the cdn' }]);
    const pushed = await pushImage(client({ insecureRegistries: [`http://${info.plain.host}`] }), name, { layers: [layer], tag: 'v1', config: { User: 'nobody' } });

    const c = client({ insecureRegistries: [`http://${frontHost}`], credentials: { lookup: async () => [{ username: 'alice', password, source: 'test' }] } });
    const img = await c.resolve(`${frontHost}/${name.slice(info.plain.host.length + 1)}:v1`);
    expect(img.config.config?.User).toBe('nobody');
    const chunks: Buffer[] = [];
    for await (const chunk of await c.openBlob(img.reference, img.layers[0]!)) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks)).toEqual(layer.bytes);
    expect(img.layers[0]!.digest).toBe(pushed.layers[0]!.digest);
    // The config and the layer both came through the CDN, without the front's credentials.
    expect(cdnAuthHeaders).toEqual([undefined, undefined]);
    expect(c.stats().requests.filter((r) => r.host === cdnHost).map((r) => r.status)).toEqual([200, 200]);
  });
});
