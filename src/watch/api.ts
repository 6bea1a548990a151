import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { loadKubeConfig, networkMessage } from '../load/kubeconfig.js';

/**
 * The watch controller's connection to the API server: @kubernetes/client-node reads the
 * kubeconfig (contexts, client certificates, tokens, exec plugins, in-cluster service account)
 * and the requests are plain http(s) with its options, as in src/load/cluster-live.ts, so the JSON
 * arrives untouched. Unlike live diagnose it writes (Events, Leases, remediation patches) and streams.
 */
export interface ApiResponse {
  status: number;
  text: string;
}

export interface ApiClient {
  server: string;
  context: string;
  /** The context's namespace (or the service account's), used when neither -n nor -A is given. */
  defaultNamespace: string;
  /** Network failures reject; HTTP errors resolve with their status. */
  request(method: string, path: string, body?: unknown, contentType?: string): Promise<ApiResponse>;
  /**
   * A watch stream: `onLine` gets each JSON line as it arrives. Resolves when the server ends the
   * stream (status 200) or answers with an error status (its body in `text`); rejects on network
   * failures and when nothing arrives for `idleMs` (a half-open connection).
   */
  stream(path: string, onLine: (line: string) => void, opts: { idleMs: number; signal: AbortSignal }): Promise<ApiResponse>;
}

export interface ConnectOptions {
  kubeconfig?: string;
  context?: string;
  /** Per request (default 30 s); streams use their own idle timeout. */
  timeoutMs?: number;
}

/** An error that ends the command before it starts: one line, names the kubeconfig or endpoint. */
export class ConnectError extends Error {
  override name = 'ConnectError';
}

export async function connect(opts: ConnectOptions): Promise<ApiClient> {
  const target = await loadKubeConfig(opts, (message) => new ConnectError(message));
  const { server } = target;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const options = (method: string, headers: Record<string, string>): Promise<RequestOptions> => target.requestOptions(method, headers);
  const send = server.startsWith('http:') ? httpRequest : httpsRequest;

  return {
    server,
    context: target.context,
    defaultNamespace: target.defaultNamespace,
    async request(method, path, body, contentType = 'application/json') {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const o = await options(method, payload === undefined ? {} : { 'content-type': contentType, 'content-length': String(Buffer.byteLength(payload)) });
      return new Promise<ApiResponse>((resolve, reject) => {
        const req = send(server + path, o, (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        });
        req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error(`no response within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
        req.on('error', (err) => reject(new Error(`${method} ${server}${path.split('?')[0]}: ${networkMessage(err)}`)));
        if (payload !== undefined) req.write(payload);
        req.end();
      });
    },
    async stream(path, onLine, { idleMs, signal }) {
      const o = await options('GET', {});
      return new Promise<ApiResponse>((resolve, reject) => {
        const req = send(server + path, { ...o, signal }, (res: IncomingMessage) => {
          const status = res.statusCode ?? 0;
          const chunks: Buffer[] = [];
          let partial = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            if (status !== 200) {
              chunks.push(Buffer.from(chunk));
              return;
            }
            const lines = (partial + chunk).split('\n');
            partial = lines.pop() ?? '';
            for (const line of lines) if (line.trim()) onLine(line);
          });
          res.on('end', () => resolve({ status, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
          // An aborted or destroyed response ends without 'end': report it as a network failure.
          res.on('aborted', () => reject(new Error(`watch ${server}${path.split('?')[0]}: connection closed`)));
        });
        req.setTimeout(idleMs, () => req.destroy(Object.assign(new Error(`nothing received for ${idleMs} ms`), { code: 'ETIMEDOUT' })));
        req.on('error', (err) => reject(new Error(`watch ${server}${path.split('?')[0]}: ${networkMessage(err)}`)));
        req.end();
      });
    },
  };
}

/** The API's own `Status.reason` / `message` of an error response, when it sent one. */
export function apiStatus(text: string): { reason?: string; message?: string; code?: number } {
  try {
    const s = JSON.parse(text) as { reason?: unknown; message?: unknown; code?: unknown };
    return {
      ...(typeof s.reason === 'string' ? { reason: s.reason } : {}),
      ...(typeof s.message === 'string' ? { message: s.message } : {}),
      ...(typeof s.code === 'number' ? { code: s.code } : {}),
    };
  } catch {
    return {};
  }
}
