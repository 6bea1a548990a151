// The webhook server over real TLS on loopback: certificates from `generateWebhookCerts`, requests
// through node:https with the generated CA, certificate rotation done the way the kubelet updates
// a Secret volume (a new timestamped directory and an atomic rename of the `..data` symlink).
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { Agent, request, type RequestOptions } from 'node:https';
import { tmpdir } from 'node:os';
import type { TLSSocket } from 'node:tls';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/core/config.js';
import { RULES } from '../../../src/rules/index.js';
import { generateWebhookCerts, type GeneratedCerts } from '../../../src/server/webhook/certs.js';
import { webhookLog } from '../../../src/server/webhook/log.js';
import { webhookMetrics, type WebhookMetrics } from '../../../src/server/webhook/metrics.js';
import { admissionRuleSet } from '../../../src/server/webhook/rule-set.js';
import { startWebhookServer, type WebhookServer } from '../../../src/server/webhook/server.js';
import { admissionReview, container, deployment, pod } from './fixtures.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  reusedSocket: boolean;
  peerFingerprint: string;
}

function send(port: number, ca: string, body: string | undefined, opts: RequestOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/validate', method: 'POST', ca, headers: { 'content-type': 'application/json' }, ...opts },
      (res) => {
        const peerFingerprint = (res.socket as TLSSocket).getPeerCertificate().fingerprint256;
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, reusedSocket: req.reusedSocket, peerFingerprint }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A directory laid out like a mounted Secret: tls.crt → ..data/tls.crt, ..data → ..<timestamp>. */
class SecretVolume {
  private gen = 0;
  private current = '';
  constructor(readonly dir: string) {}
  write(c: GeneratedCerts): void {
    const version = `..2026_11_25_12_00_0${this.gen++}.000000001`;
    mkdirSync(join(this.dir, version));
    writeFileSync(join(this.dir, version, 'tls.crt'), c.cert);
    writeFileSync(join(this.dir, version, 'tls.key'), c.key);
    symlinkSync(version, join(this.dir, '..data_tmp'));
    renameSync(join(this.dir, '..data_tmp'), join(this.dir, '..data'));
    if (this.current) rmSync(join(this.dir, this.current), { recursive: true });
    else for (const f of ['tls.crt', 'tls.key']) symlinkSync(join('..data', f), join(this.dir, f));
    this.current = version;
  }
  get files() {
    return { cert: join(this.dir, 'tls.crt'), key: join(this.dir, 'tls.key') };
  }
}

async function until<T>(probe: () => T | undefined, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const certs = (): GeneratedCerts => generateWebhookCerts({ service: 'kubewhy-webhook', namespace: 'kubewhy', hosts: ['127.0.0.1'] });
const rootUid = deployment({ spec: { securityContext: { runAsNonRoot: true, runAsUser: 0 } } });

let dir = '';
let first: GeneratedCerts;
let volume: SecretVolume;
let server: WebhookServer | undefined;
let metrics: WebhookMetrics;
let logLines: string[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubewhy-webhook-'));
  first = certs();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await server?.shutdown();
  server = undefined;
});

/** Certificate files written in place, as a person or a script (not the kubelet) would. */
function plainFiles(c: GeneratedCerts): { cert: string; key: string } {
  const d = mkdtempSync(join(dir, 'plain-'));
  const files = { cert: join(d, 'tls.crt'), key: join(d, 'tls.key') };
  writeFileSync(files.cert, c.cert);
  writeFileSync(files.key, c.key);
  return files;
}

async function start(opts: { maxBodyBytes?: number; files?: { cert: string; key: string } } = {}): Promise<WebhookServer> {
  volume = new SecretVolume(mkdtempSync(join(dir, 'certs-')));
  volume.write(first);
  metrics = webhookMetrics();
  logLines = [];
  server = await startWebhookServer({
    port: 0,
    host: '127.0.0.1',
    files: opts.files ?? volume.files,
    rules: admissionRuleSet(RULES, defaultConfig()),
    metrics,
    log: webhookLog('json', (l) => logLines.push(l)),
    certDebounceMs: 20,
    certPollMs: 60_000,
    drainTimeoutMs: 5000,
    ...opts,
  });
  return server;
}

describe('webhook server: requests', () => {
  it('answers an AdmissionReview with the verdict, as JSON', async () => {
    const s = await start();
    const r = await send(s.port, first.caCert, JSON.stringify(admissionReview(rootUid, { uid: 'uid-1' })));
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json');
    const body = JSON.parse(r.body) as { apiVersion: string; kind: string; response: { uid: string; allowed: boolean; status: { code: number } } };
    expect(body.apiVersion).toBe('admission.k8s.io/v1');
    expect(body.kind).toBe('AdmissionReview');
    expect(body.response.uid).toBe('uid-1');
    expect(body.response.allowed).toBe(false);
    expect(body.response.status.code).toBe(403);
  });

  it('answers malformed bodies with 400 and a clear message, and keeps serving', async () => {
    const s = await start();
    const bad = await send(s.port, first.caCert, '{"apiVersion": "admission.k8s.io/v1", ');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatch(/^invalid AdmissionReview: body is not JSON \(/);
    const wrongVersion = await send(s.port, first.caCert, JSON.stringify({ ...admissionReview(rootUid), apiVersion: 'admission.k8s.io/v1beta1' }));
    expect(wrongVersion.status).toBe(400);
    expect(wrongVersion.body).toBe('invalid AdmissionReview: apiVersion is "admission.k8s.io/v1beta1", expected admission.k8s.io/v1 (set admissionReviewVersions: [v1])\n');
    const ok = await send(s.port, first.caCert, JSON.stringify(admissionReview(deployment())));
    expect(ok.status).toBe(200);
  });

  it('refuses bodies over the cap with 413, by Content-Length or while streaming', async () => {
    const s = await start({ maxBodyBytes: 64 * 1024 });
    const big = JSON.stringify(admissionReview(deployment({ annotations: { filler: 'x'.repeat(100 * 1024) } })));
    // The client sends `sent` bytes and waits for the answer, so the answer never races a reset
    // of the half-read connection the server closes.
    const partial = (headers: Record<string, string | number>, sent: number) =>
      new Promise<{ status: number; body: string; connection?: string }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: s.port, path: '/validate', method: 'POST', ca: first.caCert, agent: false, headers }, (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection });
            req.destroy();
          });
        });
        req.on('error', reject);
        req.write(big.slice(0, sent));
      });
    // Refused on the Content-Length alone, before the body is read.
    expect(await partial({ 'content-length': Buffer.byteLength(big) }, 1000)).toEqual({ status: 413, body: 'request body exceeds 65536 bytes\n', connection: 'close' });
    // No Content-Length: refused once the cap is crossed while reading.
    expect((await partial({ 'transfer-encoding': 'chunked' }, 70_000)).status).toBe(413);
    const ok = await send(s.port, first.caCert, JSON.stringify(admissionReview(deployment())));
    expect(ok.status).toBe(200);
  });

  it('serves only POST /validate', async () => {
    const s = await start();
    const get = await send(s.port, first.caCert, undefined, { method: 'GET' });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    const other = await send(s.port, first.caCert, '{}', { path: '/mutate' });
    expect(other.status).toBe(404);
    expect(other.body).toBe('not found: the webhook serves POST /validate\n');
  });

  it('counts reviews, findings, rejects and latency in its own registry; dry runs add no findings', async () => {
    const s = await start();
    await send(s.port, first.caCert, JSON.stringify(admissionReview(rootUid)));
    await send(s.port, first.caCert, JSON.stringify(admissionReview(rootUid, { dryRun: true })));
    await send(s.port, first.caCert, 'nope');
    const text = await metrics.registry.metrics();
    expect(text).toContain('kubewhy_webhook_reviews_total{kind="Deployment",operation="CREATE",decision="denied",dry_run="false"} 1');
    expect(text).toContain('kubewhy_webhook_reviews_total{kind="Deployment",operation="CREATE",decision="denied",dry_run="true"} 1');
    expect(text).toContain('kubewhy_webhook_findings_total{rule="run-as-non-root-with-root-uid",fault="C3",severity="error",action="deny"} 1');
    expect(text).toContain('kubewhy_webhook_invalid_requests_total{reason="malformed"} 1');
    expect(text).toContain('kubewhy_webhook_review_duration_seconds_count{decision="denied"} 2');
    expect(text).toMatch(/kubewhy_webhook_certificate_expiry_timestamp_seconds \d{10}/);
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('logs who and what was decided, never the object: no env values, no Secret data', async () => {
    const s = await start();
    const leaky = pod('api', [container('app', { image: 'registry.example.com/shop/api:latest', env: [{ name: 'GOMEMLIMIT', value: '230MiB' }, { name: 'DB_PASSWORD', value: 'hunter2-in-plain-env' }] })]);
    await send(s.port, first.caCert, JSON.stringify(admissionReview(leaky, { uid: 'uid-log' })));
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, data: { password: 'c3VwZXItc2VjcmV0' } };
    await send(s.port, first.caCert, JSON.stringify(admissionReview(secret)));
    await send(s.port, first.caCert, JSON.stringify(admissionReview(secret)).replace('"AdmissionReview"', '"Nope"'));
    const all = logLines.join('');
    expect(all).not.toContain('hunter2');
    expect(all).not.toContain('c3VwZXItc2VjcmV0');
    const line = JSON.parse(logLines.find((l) => l.includes('uid-log'))!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'info', msg: 'review', uid: 'uid-log', kind: 'Pod', namespace: 'shop', name: 'api', operation: 'CREATE', user: 'admin', decision: 'warned', dryRun: false, findings: ['image-latest-tag:warn'] });
  });
});

describe('webhook server: certificate rotation', () => {
  it('serves a rotated Secret volume to new connections without dropping a keep-alive one', async () => {
    const s = await start();
    const second = certs();
    const agent = new Agent({ keepAlive: true, maxSockets: 1, ca: [first.caCert, second.caCert] });
    try {
      const body = JSON.stringify(admissionReview(deployment()));
      const before = await send(s.port, first.caCert, body, { agent });
      expect(before.status).toBe(200);
      const firstPrint = s.certificate().fingerprint;

      volume.write(second);
      await until(() => (s.certificate().fingerprint !== firstPrint ? true : undefined), 'the rotated certificate');

      // The open connection keeps its session and is reused, not reset.
      const reused = await send(s.port, first.caCert, body, { agent });
      expect(reused.status).toBe(200);
      expect(reused.reusedSocket).toBe(true);
      expect(reused.peerFingerprint).toBe(before.peerFingerprint);

      // A new handshake gets the new certificate: the new CA accepts it, the old one does not.
      const fresh = await send(s.port, second.caCert, body, { agent: false });
      expect(fresh.status).toBe(200);
      expect(fresh.peerFingerprint).not.toBe(before.peerFingerprint);
      await expect(send(s.port, first.caCert, body, { agent: false })).rejects.toThrow(/self-signed certificate in certificate chain|unable to verify|unable to get local issuer/);
      expect(await metrics.registry.metrics()).toContain('kubewhy_webhook_certificate_reloads_total{result="ok"} 2');
    } finally {
      agent.destroy();
    }
  });

  it('keeps the old pair while plain files do not match (half-copied), and logs why without quoting the key', async () => {
    const files = plainFiles(first);
    const s = await start({ files });
    const printBefore = s.certificate().fingerprint;
    const other = certs();
    // Half a rotation: a new certificate beside the old key.
    writeFileSync(files.cert, other.cert);
    await until(() => logLines.find((l) => l.includes('not reloaded')), 'the rejection log line');
    expect(s.certificate().fingerprint).toBe(printBefore);
    const line = JSON.parse(logLines.find((l) => l.includes('not reloaded'))!) as { error: string };
    expect(line.error).toBe(`${files.key}: the key does not belong to the certificate in ${files.cert}`);
    expect(logLines.join('')).not.toContain('PRIVATE KEY');
    // Completing the rotation recovers.
    writeFileSync(files.key, other.key);
    await until(() => (s.certificate().fingerprint !== printBefore ? true : undefined), 'the completed rotation');
    const r = await send(s.port, other.caCert, JSON.stringify(admissionReview(deployment())), { agent: false });
    expect(r.status).toBe(200);
  });
});

describe('webhook server: shutdown', () => {
  it('finishes an in-flight review, refuses new connections, and reports a clean drain', async () => {
    const s = await start();
    const body = JSON.stringify(admissionReview(rootUid, { uid: 'in-flight' }));
    // Headers and half the body are on the wire when shutdown starts.
    const inFlight = new Promise<Reply>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: s.port, path: '/validate', method: 'POST', ca: first.caCert, agent: false, headers: { 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, reusedSocket: false, peerFingerprint: '' }));
      });
      req.on('error', reject);
      req.write(body.slice(0, 500));
      setTimeout(() => req.end(body.slice(500)), 300);
    });
    await new Promise((r) => setTimeout(r, 100));
    const shutdown = s.shutdown();
    expect(s.notReady()).toBe('shutting down');
    const r = await inFlight;
    expect(r.status).toBe(200);
    expect(r.headers.connection).toBe('close');
    expect((JSON.parse(r.body) as { response: { uid: string } }).response.uid).toBe('in-flight');
    expect(await shutdown).toEqual({ drained: true });
    await expect(send(s.port, first.caCert, body, { agent: false })).rejects.toThrow(/ECONNREFUSED/);
    server = undefined;
  });
});
