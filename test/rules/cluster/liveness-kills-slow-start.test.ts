import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/cluster/liveness-kills-slow-start.js';
import { diagnoseFixture, summary } from '../../helpers/cluster.js';

describe('liveness-kills-slow-start', () => {
  it('compares the probe budget with the observed start-up (liveness and startup probes)', async () => {
    const r = await diagnoseFixture('containers/probes', [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map(summary)).toEqual([
      'Deployment/shop/catalog spec.template.spec.containers[0].livenessProbe catalog: 2/3 pods of Deployment shop/catalog: CrashLoopBackOff — the liveness probe allows 40s, start-up takes 95s: each run ends after 41s, before it ever gets healthy',
      'Deployment/shop/ingest spec.template.spec.containers[0].startupProbe ingest: 1/1 pods of Deployment shop/ingest: CrashLoopBackOff — the startup probe allows 30s: each run ends after 60s, before it ever gets healthy',
    ]);
    const f = r.findings[0]!;
    expect(f.fault).toBe('D1');
    expect(f.evidence.map((e) => e.message)).toEqual([
      'container "catalog" waiting: CrashLoopBackOff (back-off 5m0s restarting failed container=catalog pod=catalog-acehkfmfhj-m4q9z_shop(023529be-72fb-76c4-dd13-fd2d9f755932))',
      'container "catalog" last terminated: exit 143 (Error) — terminated by SIGTERM (stopped by Kubernetes: liveness failure, eviction or rollout), 6 restarts, ran 41s',
      'event Warning BackOff ×9 (2026-11-25T09:05:00Z … 2026-11-25T09:30:00Z, kubelet): Back-off restarting failed container catalog in pod catalog-acehkfmfhj-m4q9z_shop(023529be-72fb-76c4-dd13-fd2d9f755932)',
      'event Normal Killing ×7 (2026-11-25T09:00:41Z … 2026-11-25T09:27:41Z, kubelet): Container catalog failed liveness probe, will be restarted',
      'event Warning Unhealthy ×21 (2026-11-25T09:00:20Z … 2026-11-25T09:27:40Z, kubelet): Liveness probe failed: Get "http://10.244.1.12:8080/healthz": dial tcp 10.244.1.12:8080: connect: connection refused',
      'liveness probe budget 40s (initialDelaySeconds 10 + failureThreshold 3 × periodSeconds 10)',
      'pod catalog-acbjbdlcgm-k2d8s of the same workload took 95s from start to Ready',
      'previous log of catalog-acehkfmfhj-m4q9z/catalog (logs/shop/catalog-acehkfmfhj-m4q9z/catalog.previous.log), last 3 lines:\n{"level":"INFO","msg":"loading catalog index","items":2100000}\n{"level":"INFO","msg":"index progress","pct":35}\n{"level":"INFO","msg":"received signal, shutting down","signal":"terminated"}',
      'root cause: the liveness probe allows 40s, start-up takes 95s: each run ends after 41s, before it ever gets healthy',
    ]);
    expect(f.fix).toBe('Add a startupProbe to Deployment shop/catalog with the liveness probe\'s handler and failureThreshold: 15, periodSeconds: 10 (2m30s to start); liveness begins only after it succeeds.');
    expect(f.verify).toBe('kubectl get pod catalog-acehkfmfhj-m4q9z -n shop -w   # RESTARTS must stay put and READY turn 1/1');
    expect(r.findings[1]!.evidence.at(-1)!.message).toBe('root cause: the startup probe allows 30s: each run ends after 60s, before it ever gets healthy');
  });

  it('stays silent on the decoys and on the other failure families', async () => {
    for (const dir of ['start', 'crash', 'config', 'init']) {
      const r = await diagnoseFixture(`containers/${dir}`, [rule]);
      expect(r.findings.map(summary)).toEqual([]);
    }
  });
});
