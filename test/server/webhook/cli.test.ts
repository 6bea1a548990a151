// `kubewhy webhook certs` and `kubewhy webhook serve` as processes (dist/cli/main.js).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, REPO } from '../../helpers/cli.js';
import { admissionReview, deployment } from './fixtures.js';

const MAIN = join(REPO, 'dist/cli/main.js');

function certsInto(dir: string): string {
  const r = cli(['webhook', 'certs', '--out', dir, '--service', 'kubewhy-webhook', '--namespace', 'kubewhy', '--host', '127.0.0.1']);
  expect(r.code).toBe(0);
  return r.stdout;
}

describe('kubewhy webhook certs', () => {
  it('writes the CA and serving pair (keys owner-only) and prints only the caBundle on stdout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubewhy-certs-'));
    const r = cli(['webhook', 'certs', '--out', dir, '--service', 'kubewhy-webhook', '--namespace', 'kubewhy', '--host', '127.0.0.1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${Buffer.from(readFileSync(join(dir, 'ca.crt'))).toString('base64')}\n`);
    expect(r.stderr).toContain(
      'SANs: kubewhy-webhook, kubewhy-webhook.kubewhy, kubewhy-webhook.kubewhy.svc, kubewhy-webhook.kubewhy.svc.cluster.local, 127.0.0.1',
    );
    expect(statSync(join(dir, 'tls.key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'ca.key')).mode & 0o777).toBe(0o600);
  });

  it('is a usage error without --service', () => {
    const r = cli(['webhook', 'certs', '--out', '/tmp/x', '--namespace', 'kubewhy']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error: required option '--service <name>' not specified");
  });
});

describe('kubewhy webhook serve', () => {
  it('refuses a bad config or unreadable certificates with exit 2 and the reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubewhy-serve-'));
    certsInto(dir);
    writeFileSync(join(dir, 'bad.yaml'), 'webhook:\n  rules:\n    image-latest-tag: block\n');
    const bad = cli(['webhook', 'serve', '--cert', join(dir, 'tls.crt'), '--key', join(dir, 'tls.key'), '--port', '0', '--metrics-port', '0', '-c', join(dir, 'bad.yaml')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.yaml:3:23: webhook\.rules\.image-latest-tag: expected deny, warn, audit, got "block"\n/);
    const missing = cli(['webhook', 'serve', '--cert', join(dir, 'tls.crt'), '--key', join(dir, 'nope.key'), '--port', '0', '--metrics-port', '0']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`kubewhy webhook: ${join(dir, 'nope.key')}: cannot read the key (ENOENT)\n`);
  });

  it('serves reviews and probes, and on SIGTERM drains and exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubewhy-serve-'));
    certsInto(dir);
    const ca = readFileSync(join(dir, 'ca.crt'), 'utf8');
    const p = spawn(process.execPath, [MAIN, 'webhook', 'serve', '--cert', join(dir, 'tls.crt'), '--key', join(dir, 'tls.key'), '--host', '127.0.0.1', '--port', '0', '--metrics-port', '0', '--log', 'json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => p.on('exit', (code) => resolve(code)));
    try {
      const listening = await new Promise<{ https: string; ops: string }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no listening line: ${stderr}`)), 15_000);
        p.stderr.on('data', () => {
          const line = stderr.split('\n').find((l) => l.includes('"msg":"listening"'));
          if (line) {
            clearTimeout(timer);
            resolve(JSON.parse(line) as { https: string; ops: string });
          }
        });
      });
      const port = Number(/:(\d+)\/validate$/.exec(listening.https)![1]);
      const opsPort = Number(/:(\d+)$/.exec(listening.ops)![1]);
      const body = JSON.stringify(admissionReview(deployment(), { uid: 'from-cli' }));
      const reply = await new Promise<string>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/validate', method: 'POST', ca }, (res) => {
          let t = '';
          res.on('data', (d: Buffer) => (t += d.toString()));
          res.on('end', () => resolve(t));
        });
        req.on('error', reject);
        req.end(body);
      });
      expect(JSON.parse(reply)).toEqual({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: 'from-cli', allowed: true } });
      const ready = await new Promise<number>((resolve, reject) => {
        httpGet({ host: '127.0.0.1', port: opsPort, path: '/readyz' }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        }).on('error', reject);
      });
      expect(ready).toBe(200);
    } finally {
      p.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr).toContain('"msg":"draining","signal":"SIGTERM"');
    expect(stderr).toContain('"msg":"stopped","drained":true');
  });
});
