import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/cluster/oomkilled.js';
import { diagnoseFixture, summary } from '../../helpers/cluster.js';

describe('oomkilled', () => {
  it('compares the memory limit with GOMEMLIMIT and shows the gctrace heap against it; old OOM kills are history', async () => {
    const r = await diagnoseFixture('containers/crash', [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map(summary)).toEqual([
      'Deployment/shop/indexer spec.template.spec.containers[0].env indexer: 1/1 pods of Deployment shop/indexer: CrashLoopBackOff — GOMEMLIMIT=1GiB is not below the 512Mi limit: the collector is allowed past it',
      'Deployment/shop/thumbnailer spec.template.spec.containers[0].env thumbnailer: 1/1 pods of Deployment shop/thumbnailer: OOMKilled — the Go heap outgrew the 256Mi memory limit: GOMEMLIMIT is not set, so the collector does not try to stay under it',
    ]);
    const f = r.findings[0]!;
    expect(f.fault).toBe('E1');
    expect(f.evidence.map((e) => e.message)).toEqual([
      'container "indexer" waiting: CrashLoopBackOff (back-off 5m0s restarting failed container=indexer pod=indexer-bgfddjafcd-b8k2m_shop(106c8a97-8909-49f5-a8b2-583566c33167))',
      'container "indexer" last terminated: exit 137 (OOMKilled) — killed by the kernel OOM killer (memory limit reached), 5 restarts, ran 70s',
      'event Warning BackOff ×22 (2026-11-25T09:02:00Z … 2026-11-25T09:30:00Z, kubelet): Back-off restarting failed container indexer in pod indexer-bgfddjafcd-b8k2m_shop(106c8a97-8909-49f5-a8b2-583566c33167)',
      'memory limit 512Mi',
      'env GOMEMLIMIT=1GiB',
      'gctrace in the previous log of indexer-bgfddjafcd-b8k2m/indexer, line 4 (gc #9; 4 cycles traced): heap 472->488 MB, live 401 MB, goal 802 MB, 95 % of the 512 MB limit',
      'previous log of indexer-bgfddjafcd-b8k2m/indexer (logs/shop/indexer-bgfddjafcd-b8k2m/indexer.previous.log), last 4 lines:\n' +
        [
          'gc 1 @0.021s 1%: 0.015+0.61+0.004 ms clock, 0.060+0.12/0.55/0.30+0.016 ms cpu, 4->4->2 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 4 P',
          'gc 7 @12.480s 3%: 0.021+8.1+0.011 ms clock, 0.085+1.2/7.9/3.1+0.045 ms cpu, 180->186->141 MB, 282 MB goal, 0 MB stacks, 0 MB globals, 4 P',
          'gc 8 @38.902s 4%: 0.030+15+0.012 ms clock, 0.12+2.4/14/6.0+0.048 ms cpu, 282->291->236 MB, 472 MB goal, 0 MB stacks, 0 MB globals, 4 P',
          'gc 9 @61.337s 5%: 0.033+22+0.015 ms clock, 0.13+3.0/21/8.8+0.060 ms cpu, 472->488->401 MB, 802 MB goal, 0 MB stacks, 0 MB globals, 4 P',
        ].join('\n'),
      'root cause: GOMEMLIMIT=1GiB is not below the 512Mi limit: the collector is allowed past it',
    ]);
    expect(f.fix).toBe('Set GOMEMLIMIT=460MiB (90 % of 512Mi) in Deployment shop/indexer; if it still OOMs, the live heap needs a higher limit.');
    expect(f.verify).toBe('kubectl get pod indexer-bgfddjafcd-b8k2m -n shop -o jsonpath="{.status.containerStatuses[?(@.name==\'indexer\')].lastState.terminated.reason}"');
    expect(r.findings[1]!.evidence.at(-1)!.message).toBe('root cause: the Go heap outgrew the 256Mi memory limit: GOMEMLIMIT is not set, so the collector does not try to stay under it');
  });

  it('stays silent on the decoys and on the other failure families', async () => {
    for (const dir of ['start', 'config', 'probes', 'init']) {
      const r = await diagnoseFixture(`containers/${dir}`, [rule]);
      expect(r.findings.map(summary)).toEqual([]);
    }
  });
});
