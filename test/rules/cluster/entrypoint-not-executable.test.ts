import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/cluster/entrypoint-not-executable.js';
import { diagnoseFixture, summary } from '../../helpers/cluster.js';

describe('entrypoint-not-executable', () => {
  it('reports permission denied from the runc create error', async () => {
    const r = await diagnoseFixture('containers/start', [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map(summary)).toEqual([
      'Deployment/shop/exporter spec.template.spec.containers[0].image exporter: 1/1 pods of Deployment shop/exporter: CrashLoopBackOff — /app/exporter is not executable by the container\'s user (permission denied)',
    ]);
    const f = r.findings[0]!;
    expect(f.fault).toBe('C1');
    expect(f.evidence.map((e) => e.message)).toEqual([
      'container "exporter" waiting: CrashLoopBackOff (back-off 5m0s restarting failed container=exporter pod=exporter-mfflfbfcbc-x2xkq_shop(86960275-6645-6f0c-6d66-9fc34baf0266))',
      'container "exporter" last terminated: exit 128 (StartError) — the runtime could not start the process (invalid entrypoint), 6 restarts',
      'event Warning BackOff ×27 (2026-11-25T09:01:10Z … 2026-11-25T09:30:00Z, kubelet): Back-off restarting failed container exporter in pod exporter-mfflfbfcbc-x2xkq_shop(86960275-6645-6f0c-6d66-9fc34baf0266)',
      'terminated message: failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "/app/exporter": permission denied: unknown',
      'root cause: /app/exporter is not executable by the container\'s user (permission denied)',
    ]);
    expect(f.fix).toBe('Make the file executable and readable by the container user: COPY --chmod=0755 (or RUN chmod 0755) in the Dockerfile, defaultMode: 0755 on a mounted script.');
    expect(f.verify).toBe('crane export registry.example.com/shop/exporter:2.0.0 - | tar -tv | grep -E "(^|/)exporter$"   # mode must include x for the container user');
  });

  it('stays silent on the decoys and on the other failure families', async () => {
    for (const dir of ['crash', 'config', 'probes', 'init']) {
      const r = await diagnoseFixture(`containers/${dir}`, [rule]);
      expect(r.findings.map(summary)).toEqual([]);
    }
  });
});
