import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { WatchProcess } from './support/watch-process.js';

const home = mkdtempSync(join(tmpdir(), 'kubewhy-watch-cli-'));
const env = { HOME: home, KUBECONFIG: '' };

describe('kubewhy watch: usage errors are one line and exit 2', () => {
  it('a kubeconfig that cannot be read', () => {
    const r = cli(['watch', '--kubeconfig', join(home, 'missing.kubeconfig')], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^kubewhy watch: cannot read the kubeconfig ${home}/missing.kubeconfig: .+\\n$`));
  });

  it('an unknown remediation', () => {
    const r = cli(['watch', '--remediate', 'ttl,scale-up'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: option '--remediate <actions>' argument 'ttl,scale-up' is invalid. unknown remediation "scale-up" (known: ttl, restart-on-subpath)`);
  });

  it('a renew deadline not shorter than the lease duration', () => {
    const r = cli(['watch', '--leader-elect', '--leader-elect-lease-duration', '10s', '--leader-elect-renew-deadline', '10s'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('kubewhy watch: --leader-elect-renew-deadline must be shorter than --leader-elect-lease-duration\n');
  });
});

describe('kubewhy watch with an unreachable API server', () => {
  it('stays up, not ready, naming the endpoint, retrying with backoff; SIGTERM exits 0', async () => {
    const kubeconfig = join(home, 'unreachable.kubeconfig');
    writeFileSync(
      kubeconfig,
      `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:9", insecure-skip-tls-verify: true}}]
users: [{name: u, user: {token: very-secret-token-value}}]
contexts: [{name: c, context: {cluster: c, user: u, namespace: shop}}]
current-context: c
`,
    );
    const w = await WatchProcess.start(['--kubeconfig', kubeconfig], { HOME: home });
    try {
      await expect.poll(() => w.records.filter((r) => r.msg === 'connection lost for pods; retrying').length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
      const ready = await w.http('/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body).toMatch(/^not ready: waiting for the initial list of .*pods.*\n$/);
      expect((await w.http('/healthz')).status).toBe(200);
      const lost = w.records.filter((r) => r.msg === 'connection lost for pods; retrying');
      expect(lost[0]).toMatchObject({ level: 'warn', resource: 'pods', error: 'GET https://127.0.0.1:9/api/v1/namespaces/shop/pods: connect ECONNREFUSED', attempt: 0 });
      expect(await w.metric('kubewhy_watch_api_errors_total', { verb: 'list', resource: 'pods', code: '0' })).toBeGreaterThanOrEqual(2);
    } finally {
      expect(await w.stop()).toBe(0);
    }
    expect(w.stderr).not.toContain('very-secret-token-value');
  });
});
