import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseAdmissionReview } from './admission.js';
import type { WebhookLog } from './log.js';
import type { WebhookMetrics } from './metrics.js';
import { judge } from './review.js';
import type { AdmissionRuleSet } from './rule-set.js';
import { readCertPair, watchCertFiles, type CertFiles, type CertPair, type CertWatcher } from './tls-files.js';

export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
export const VALIDATE_PATH = '/validate';

export interface WebhookServerOptions {
  /** 0 picks a free port (tests). */
  port: number;
  host?: string;
  files: CertFiles;
  rules: AdmissionRuleSet;
  metrics: WebhookMetrics;
  log: WebhookLog;
  /** etcd stores objects up to 1.5 MiB and a review carries the object twice on UPDATE. */
  maxBodyBytes?: number;
  /** How long shutdown waits for in-flight reviews before closing their connections. */
  drainTimeoutMs?: number;
  certDebounceMs?: number;
  certPollMs?: number;
}

export interface WebhookServer {
  server: Server;
  port: number;
  /** Why the server cannot take reviews (draining), or undefined. */
  notReady(): string | undefined;
  /** The serving certificate in use. */
  certificate(): CertPair;
  /** Stops accepting connections, lets in-flight reviews finish, then closes everything. */
  shutdown(): Promise<{ drained: boolean }>;
}

/**
 * The admission webhook over HTTPS. Reviews are synchronous CPU work of about a millisecond, so
 * the only waits are the network; the server still bounds what a client can make it hold
 * (body size, header and request time) and never lets a bad request reach the rules.
 */
export async function startWebhookServer(opts: WebhookServerOptions): Promise<WebhookServer> {
  let pair = readCertPair(opts.files);
  opts.metrics.certReload('ok', pair.notAfter);
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  let draining = false;
  let inFlight = 0;
  let idle: (() => void) | undefined;

  const server = createServer({ cert: pair.cert, key: pair.key }, (req, res) => {
    inFlight++;
    res.on('close', () => {
      inFlight--;
      if (inFlight === 0) idle?.();
    });
    if (draining) res.setHeader('connection', 'close');
    handle(req, res);
  });
  // The API server's Go client keeps idle connections for 90 s; closing ours sooner races its
  // next request on the same connection and turns into a failed call (and the failurePolicy).
  server.keepAliveTimeout = 100_000;
  server.headersTimeout = 30_000;
  server.requestTimeout = 30_000;

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== VALIDATE_PATH) {
      opts.metrics.invalid('not-found');
      return plain(res, 404, `not found: the webhook serves POST ${VALIDATE_PATH}`);
    }
    if (req.method !== 'POST') {
      opts.metrics.invalid('method');
      res.setHeader('allow', 'POST');
      return plain(res, 405, `method ${req.method ?? ''} not allowed: POST an AdmissionReview`);
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBody) return tooLarge(req, res);
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > maxBody) {
        refused = true;
        tooLarge(req, res);
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      if (refused) return;
      const started = performance.now();
      const parsed = parseAdmissionReview(Buffer.concat(chunks, size).toString('utf8'));
      if ('error' in parsed) {
        opts.metrics.invalid('malformed');
        return plain(res, 400, `invalid AdmissionReview: ${parsed.error}`);
      }
      let body: string;
      try {
        const verdict = judge(parsed.review.request, opts.rules);
        body = JSON.stringify(verdict.review);
        const ms = performance.now() - started;
        opts.metrics.record(verdict, ms / 1000);
        opts.log.verdict(verdict, ms);
      } catch (err) {
        // A bug in the review must not take the process down; the failurePolicy decides.
        opts.log.error('review failed', { uid: parsed.review.request.uid, error: err instanceof Error ? err.message : String(err) });
        return plain(res, 500, 'internal error while reviewing; see the webhook log');
      }
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
    });
  };

  const tooLarge = (req: IncomingMessage, res: ServerResponse): void => {
    opts.metrics.invalid('too-large');
    // Stop reading; the connection cannot be reused with an unread body on it.
    req.pause();
    res.setHeader('connection', 'close');
    plain(res, 413, `request body exceeds ${maxBody} bytes`);
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });

  const watcher: CertWatcher = watchCertFiles(
    opts.files,
    pair,
    (next) => {
      try {
        // New handshakes use the new pair; open connections keep theirs and are never dropped.
        server.setSecureContext({ cert: next.cert, key: next.key });
        pair = next;
        opts.metrics.certReload('ok', next.notAfter);
        opts.log.info('serving certificate reloaded', { notAfter: next.notAfter.toISOString() });
      } catch (err) {
        opts.metrics.certReload('error');
        opts.log.error('serving certificate rejected', { error: err instanceof Error ? err.message : String(err) });
      }
    },
    (err) => {
      opts.metrics.certReload('error');
      opts.log.error('serving certificate not reloaded', { error: err.message });
    },
    { debounceMs: opts.certDebounceMs, pollMs: opts.certPollMs },
  );

  return {
    server,
    port: (server.address() as AddressInfo).port,
    notReady: () => (draining ? 'shutting down' : undefined),
    certificate: () => pair,
    async shutdown() {
      draining = true;
      watcher.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const drained = await new Promise<boolean>((resolve) => {
        if (inFlight === 0) return resolve(true);
        const timer = setTimeout(() => resolve(false), opts.drainTimeoutMs ?? 25_000);
        idle = () => {
          clearTimeout(timer);
          resolve(true);
        };
      });
      // Keep-alive connections that are idle now (or stuck past the deadline) go too.
      server.closeAllConnections();
      await closed;
      return { drained };
    },
  };
}

function plain(res: ServerResponse, code: number, message: string): void {
  const body = `${message}\n`;
  res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body);
}
