import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { rootCertificates } from 'node:tls';

/**
 * One HTTP exchange over node:http / node:https (Node 20's fetch cannot take a custom CA).
 * Redirects are followed for GET/HEAD; Authorization is dropped when a redirect leaves the
 * origin (registry → blob CDN), as Docker and containerd do.
 */
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  url: URL;
  method: HttpMethod;
  headers: Record<string, string>;
  body?: Buffer | Readable;
  /** Accept any certificate (an insecure registry with a self-signed certificate). */
  insecureTls?: boolean;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** Where the response finally came from, after redirects. */
  url: URL;
  body: Readable;
}

export interface TransportOptions {
  /** Extra trusted CA certificates (PEM), added to Node's bundled roots. */
  ca?: string[];
  /** Socket idle timeout: connecting, waiting for headers, and every gap in a body. */
  timeoutMs: number;
}

const MAX_REDIRECTS = 5;

export class Transport {
  private readonly httpAgent = new http.Agent({ keepAlive: true });
  private readonly httpsAgent: https.Agent;
  private readonly insecureAgent = new https.Agent({ keepAlive: true, rejectUnauthorized: false });

  constructor(private readonly opts: TransportOptions) {
    this.httpsAgent = new https.Agent({ keepAlive: true, ...(opts.ca?.length ? { ca: [...rootCertificates, ...opts.ca] } : {}) });
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    let current = req;
    for (let hop = 0; ; hop++) {
      const res = await this.once(current);
      const location = res.headers.location;
      const redirect = res.status >= 301 && res.status <= 308 && res.status !== 304 && location !== undefined;
      if (!redirect || (current.method !== 'GET' && current.method !== 'HEAD')) return res;
      res.body.resume();
      if (hop >= MAX_REDIRECTS) throw Object.assign(new Error(`more than ${MAX_REDIRECTS} redirects`), { code: 'ERR_TOO_MANY_REDIRECTS' });
      const next = new URL(location, current.url);
      const headers = { ...current.headers };
      if (next.origin !== current.url.origin) delete headers.authorization;
      current = { ...current, url: next, headers };
    }
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
    this.insecureAgent.destroy();
  }

  private once(req: HttpRequest): Promise<HttpResponse> {
    const secure = req.url.protocol === 'https:';
    const agent = !secure ? this.httpAgent : req.insecureTls ? this.insecureAgent : this.httpsAgent;
    const send = secure ? https.request : http.request;
    return new Promise((resolve, reject) => {
      const clientReq = send(req.url, { method: req.method, headers: req.headers, agent, timeout: this.opts.timeoutMs, ...(req.signal ? { signal: req.signal } : {}) }, (res) => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, url: req.url, body: res });
      });
      clientReq.on('timeout', () => {
        clientReq.destroy(Object.assign(new Error(`no response within ${this.opts.timeoutMs} ms`), { code: 'ETIMEDOUT' }));
      });
      clientReq.on('error', reject);
      if (req.body === undefined) clientReq.end();
      else if (Buffer.isBuffer(req.body)) clientReq.end(req.body);
      else req.body.pipe(clientReq);
    });
  }
}

export async function readBody(body: Readable, limit = 16 << 20): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buf.length;
    if (size > limit) {
      body.destroy();
      throw Object.assign(new Error(`response larger than ${limit} bytes`), { code: 'ERR_RESPONSE_TOO_LARGE' });
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}
