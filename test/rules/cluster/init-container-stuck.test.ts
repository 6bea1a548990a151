import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/cluster/init-container-stuck.js';
import { diagnoseFixture, summary } from '../../helpers/cluster.js';

describe('init-container-stuck', () => {
  it('names the Service the init container polls and its endpoints', async () => {
    const r = await diagnoseFixture('containers/init', [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map(summary)).toEqual([
      'Deployment/shop/api spec.template.spec.initContainers[1].command wait-cache: 1/1 pods of Deployment shop/api: Init:1/2 for 25m — it waits for Service shop/redis, which has no ready endpoints (1 not ready)',
      'Deployment/shop/orders spec.template.spec.initContainers[0].command wait-db: 1/1 pods of Deployment shop/orders: Init:0/1 for 25m — it waits for Service shop/postgres, which does not exist (a Service "postgres" exists in namespace data)',
    ]);
    const f = r.findings[0]!;
    expect(f.fault).toBe('D5');
    expect(f.evidence.map((e) => e.message)).toEqual([
      'pod api-lekkbljacc-d4f7k is Init:1/2: init container "wait-cache" running for 25m',
      'init command: sh -c until nc -z -w 2 redis 6379; do sleep 2; done',
      'Service shop/redis has no ready endpoints (1 not ready)',
      'root cause: it waits for Service shop/redis, which has no ready endpoints (1 not ready)',
    ]);
    expect(f.fix).toBe('Create Service shop/redis with ready pods (or fix the name in the init command of Deployment shop/api), and bound the wait with a timeout.');
    expect(f.verify).toBe('kubectl get endpoints redis -n shop');
    expect(r.findings[1]!.evidence.at(-1)!.message).toBe('root cause: it waits for Service shop/postgres, which does not exist (a Service "postgres" exists in namespace data)');
  });

  it('stays silent on the decoys and on the other failure families', async () => {
    for (const dir of ['start', 'crash', 'config', 'probes']) {
      const r = await diagnoseFixture(`containers/${dir}`, [rule]);
      expect(r.findings.map(summary)).toEqual([]);
    }
  });
});
