import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/cluster/crashloop-go-panic.js';
import { diagnoseFixture, summary } from '../../helpers/cluster.js';

describe('crashloop-go-panic', () => {
  it('names the panic value and the first frame of the program\'s own code', async () => {
    const r = await diagnoseFixture('containers/crash', [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map(summary)).toEqual([
      'Deployment/shop/orders spec.template.spec.containers[0] orders: 2/2 pods of Deployment shop/orders: CrashLoopBackOff — the Go program panicked in github.com/acme/orders/internal/config.(*Config).DSN (/src/internal/config/config.go:42): runtime error: invalid memory address or nil pointer dereference',
    ]);
    const f = r.findings[0]!;
    expect(f.fault).toBe('C2');
    expect(f.evidence.map((e) => e.message)).toEqual([
      'container "orders" waiting: CrashLoopBackOff (back-off 5m0s restarting failed container=orders pod=orders-cbcdjddchd-b8k2m_shop(0d14bbb1-6717-a253-2338-7d7ab4e0fd9d))',
      'container "orders" last terminated: exit 2 (Error) — exited with status 2 (Go panic or runtime fatal error), 5 restarts, ran 1s',
      'event Warning BackOff ×22 (2026-11-25T09:02:00Z … 2026-11-25T09:30:00Z, kubelet): Back-off restarting failed container orders in pod orders-cbcdjddchd-b8k2m_shop(0d14bbb1-6717-a253-2338-7d7ab4e0fd9d)',
      'previous log of orders-cbcdjddchd-b8k2m/orders (logs/shop/orders-cbcdjddchd-b8k2m/orders.previous.log), lines 2–11:\npanic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x10 pc=0x8a1f2c]\n\ngoroutine 1 [running]:\ngithub.com/acme/orders/internal/config.(*Config).DSN(...)\n\t/src/internal/config/config.go:42\ngithub.com/acme/orders/internal/store.Open(0x0)\n\t/src/internal/store/store.go:18 +0x2c\nmain.main()\n\t/src/cmd/orders/main.go:31 +0x1a5',
      'root cause: the Go program panicked in github.com/acme/orders/internal/config.(*Config).DSN (/src/internal/config/config.go:42): runtime error: invalid memory address or nil pointer dereference',
    ]);
    expect(f.fix).toBe('Fix the code at the frame shown (nil checks on start-up configuration, recover in goroutines you start), then redeploy Deployment shop/orders.');
    expect(f.verify).toBe('kubectl logs orders-cbcdjddchd-b8k2m -c orders -n shop --previous | head -20');
  });

  it('stays silent on the decoys and on the other failure families', async () => {
    for (const dir of ['start', 'config', 'probes', 'init']) {
      const r = await diagnoseFixture(`containers/${dir}`, [rule]);
      expect(r.findings.map(summary)).toEqual([]);
    }
  });
});
