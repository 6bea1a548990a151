import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/cluster/readiness-never-true.js';
import { diagnoseFixture, summary } from '../../helpers/cluster.js';

describe('readiness-never-true', () => {
  it('reports readiness that never passed, with what the probe got back', async () => {
    const r = await diagnoseFixture('containers/probes', [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map(summary)).toEqual([
      'Deployment/shop/profile spec.template.spec.containers[0].readinessProbe profile: 1/1 pods of Deployment shop/profile: Running but not ready for 24m — the readiness probe (GET :8080/ready) gets "connection refused": nothing listens on that port on the pod IP',
      'Deployment/shop/recs spec.template.spec.containers[0].readinessProbe recs: 1/1 pods of Deployment shop/recs: Running but not ready for 24m — the readiness endpoint (GET :8080/ready) answers HTTP 503: the service reports itself not ready',
    ]);
    const f = r.findings[0]!;
    expect(f.fault).toBe('D2');
    expect(f.evidence.map((e) => e.message)).toEqual([
      'container "profile" running for 24m, never ready',
      'event Warning Unhealthy ×148 (2026-11-25T09:05:11Z … 2026-11-25T09:29:51Z, kubelet): Readiness probe failed: Get "http://10.244.2.9:8080/ready": dial tcp 10.244.2.9:8080: connect: connection refused',
      'readiness probe GET :8080/ready, budget 30s (initialDelaySeconds 0 + failureThreshold 3 × periodSeconds 10)',
      'root cause: the readiness probe (GET :8080/ready) gets "connection refused": nothing listens on that port on the pod IP',
    ]);
    expect(f.fix).toBe('Make the Go server listen on the probed port on all interfaces (":PORT", not "127.0.0.1:PORT"), or point the readiness probe of Deployment shop/profile at the port it does serve.');
    expect(f.verify).toBe('kubectl get pod profile-gbfhfbghlg-g3h8v -n shop -w   # READY must turn 1/1');
    expect(r.findings[1]!.evidence.at(-1)!.message).toBe('root cause: the readiness endpoint (GET :8080/ready) answers HTTP 503: the service reports itself not ready');
  });

  it('stays silent on the decoys and on the other failure families', async () => {
    for (const dir of ['start', 'crash', 'config', 'init']) {
      const r = await diagnoseFixture(`containers/${dir}`, [rule]);
      expect(r.findings.map(summary)).toEqual([]);
    }
  });
});
