import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/cluster/init-wait-cycle-live.js';
import { diagnoseFixture, summary } from '../../helpers/cluster.js';

describe('init-wait-cycle-live', () => {
  it('finds the wait cycle between two workloads once', async () => {
    const r = await diagnoseFixture('containers/init', [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map(summary)).toEqual([
      'Deployment/shop/alpha spec.template.spec.initContainers[0].command wait-beta: Deployment shop/alpha ⇄ Deployment shop/beta: init containers wait for each other — Deployment shop/alpha waits for Service shop/beta (pods of Deployment shop/beta), Deployment shop/beta waits for Service shop/alpha (pods of Deployment shop/alpha): a wait cycle, so none of their pods can get ready',
    ]);
    const f = r.findings[0]!;
    expect(f.fault).toBe('D5');
    expect(f.evidence.map((e) => e.message)).toEqual([
      'Deployment shop/alpha is Init:0/1: init container "wait-beta" runs "sh -c until nc -z beta 8080; do sleep 3; done"',
      'Service shop/beta has no ready endpoints (1 not ready)',
      'Deployment shop/beta is Init:0/1: init container "wait-alpha" runs "sh -c until wget -q -O- http://alpha.shop.svc.cluster.local:8080/healthz; do sleep 3; done"',
      'Service shop/alpha has no ready endpoints (1 not ready)',
      'root cause: Deployment shop/alpha waits for Service shop/beta (pods of Deployment shop/beta), Deployment shop/beta waits for Service shop/alpha (pods of Deployment shop/alpha): a wait cycle, so none of their pods can get ready',
    ]);
    expect(f.fix).toBe('Break the cycle: drop the wait from one side (let the app retry its connection with back-off instead), or publish not-ready addresses on one Service (publishNotReadyAddresses: true) if only DNS is awaited.');
    expect(f.verify).toBe('kubectl get pods -n shop -w   # both workloads must leave Init');
  });

  it('stays silent on the decoys and on the other failure families', async () => {
    for (const dir of ['start', 'crash', 'config', 'probes']) {
      const r = await diagnoseFixture(`containers/${dir}`, [rule]);
      expect(r.findings.map(summary)).toEqual([]);
    }
  });
});
