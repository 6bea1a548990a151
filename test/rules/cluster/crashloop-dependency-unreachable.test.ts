import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/cluster/crashloop-dependency-unreachable.js';
import { diagnoseFixture, summary } from '../../helpers/cluster.js';

describe('crashloop-dependency-unreachable', () => {
  it('tells a localhost DSN from a Service name that does not resolve', async () => {
    const r = await diagnoseFixture('containers/crash', [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map(summary)).toEqual([
      'Deployment/shop/cart spec.template.spec.containers[0].env[0] cart: 1/1 pods of Deployment shop/cart: CrashLoopBackOff — the app dials 127.0.0.1:5432, which is the pod itself: nothing listens there because the dependency runs in another pod',
      'Deployment/shop/search spec.template.spec.containers[0] search: 1/1 pods of Deployment shop/search: CrashLoopBackOff — lookup elasticsearch: no such host: there is no Service shop/elasticsearch (a Service "elasticsearch" exists in namespace data)',
    ]);
    const f = r.findings[0]!;
    expect(f.fault).toBe('C2');
    expect(f.evidence.map((e) => e.message)).toEqual([
      'container "cart" waiting: CrashLoopBackOff (back-off 5m0s restarting failed container=cart pod=cart-cgblkljhab-b8k2m_shop(35df136a-d972-661d-416e-07409ddb570d))',
      'container "cart" last terminated: exit 1 (Error) — exited with status 1 (log.Fatal / os.Exit(1): the app gave up, read its last log lines), 5 restarts, ran 1s',
      'event Warning BackOff ×22 (2026-11-25T09:02:00Z … 2026-11-25T09:30:00Z, kubelet): Back-off restarting failed container cart in pod cart-cgblkljhab-b8k2m_shop(35df136a-d972-661d-416e-07409ddb570d)',
      'env DATABASE_URL=postgres://cart:<redacted>@localhost:5432/cart?sslmode=disable',
      'previous log of cart-cgblkljhab-b8k2m/cart (logs/shop/cart-cgblkljhab-b8k2m/cart.previous.log), lines 1–2:\n2026/11/25 09:29:31 connecting to database\n2026/11/25 09:29:31 ping database: dial tcp 127.0.0.1:5432: connect: connection refused',
      'root cause: the app dials 127.0.0.1:5432, which is the pod itself: nothing listens there because the dependency runs in another pod',
    ]);
    expect(f.fix).toBe('Replace localhost in DATABASE_URL (spec.template.spec.containers[0].env[0]) with the dependency\'s Service name (e.g. postgres.shop.svc:5432).');
    expect(f.verify).toBe('kubectl set env deployment/cart -n shop --list | grep -E "localhost|127\\.0\\.0\\.1"   # must print nothing');
    expect(r.findings[1]!.evidence.at(-1)!.message).toBe('root cause: lookup elasticsearch: no such host: there is no Service shop/elasticsearch (a Service "elasticsearch" exists in namespace data)');
  });

  it('stays silent on the decoys and on the other failure families', async () => {
    for (const dir of ['start', 'config', 'probes', 'init']) {
      const r = await diagnoseFixture(`containers/${dir}`, [rule]);
      expect(r.findings.map(summary)).toEqual([]);
    }
  });
});
