import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/cluster/crashloop-malformed-gomemlimit.js';
import { diagnoseFixture, summary } from '../../helpers/cluster.js';

describe('crashloop-malformed-gomemlimit', () => {
  it('reports GOMEMLIMIT in Kubernetes units, not as a panic', async () => {
    const r = await diagnoseFixture('containers/crash', [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map(summary)).toEqual([
      'Deployment/billing/billing spec.template.spec.containers[0].env[0] billing: 1/1 pods of Deployment billing/billing: CrashLoopBackOff — GOMEMLIMIT=512Mi is not a Go byte count (Go wants 512MiB): the runtime exits before main',
    ]);
    const f = r.findings[0]!;
    expect(f.fault).toBe('E1');
    expect(f.evidence.map((e) => e.message)).toEqual([
      'container "billing" waiting: CrashLoopBackOff (back-off 5m0s restarting failed container=billing pod=billing-aldgfbgfkd-b8k2m_billing(daff264e-9070-db69-9cf2-680ecfecb2af))',
      'container "billing" last terminated: exit 2 (Error) — exited with status 2 (Go panic or runtime fatal error), 5 restarts, ran 1s',
      'event Warning BackOff ×22 (2026-11-25T09:02:00Z … 2026-11-25T09:30:00Z, kubelet): Back-off restarting failed container billing in pod billing-aldgfbgfkd-b8k2m_billing(daff264e-9070-db69-9cf2-680ecfecb2af)',
      'env GOMEMLIMIT=512Mi',
      'previous log of billing-aldgfbgfkd-b8k2m/billing (logs/billing/billing-aldgfbgfkd-b8k2m/billing.previous.log), lines 1–7:\nfatal error: malformed GOMEMLIMIT; see `go doc runtime/debug.SetMemoryLimit`\n\nruntime stack:\nruntime.throw({0x4ca014?, 0xa?})\n\t/usr/local/go/src/runtime/panic.go:1094 +0x48 fp=0x7fffe3e192c0 sp=0x7fffe3e19290 pc=0x46e008\nruntime.readGOMEMLIMIT()\n\t/usr/local/go/src/runtime/mgcpacer.go:1365 +0xaf fp=0x7fffe3e192f0 sp=0x7fffe3e192c0 pc=0x4270ef',
      'root cause: GOMEMLIMIT=512Mi is not a Go byte count (Go wants 512MiB): the runtime exits before main',
    ]);
    expect(f.fix).toBe('Set GOMEMLIMIT to 512MiB in Deployment billing/billing (spec.template.spec.containers[0].env[0]).');
    expect(f.verify).toBe('kubectl set env deployment/billing -n billing --list | grep GOMEMLIMIT');
  });

  it('stays silent on the decoys and on the other failure families', async () => {
    for (const dir of ['start', 'config', 'probes', 'init']) {
      const r = await diagnoseFixture(`containers/${dir}`, [rule]);
      expect(r.findings.map(summary)).toEqual([]);
    }
  });
});
