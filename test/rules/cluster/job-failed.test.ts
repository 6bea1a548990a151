import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/cluster/job-failed.js';
import { diagnoseFixture, summary } from '../../helpers/cluster.js';

describe('job-failed', () => {
  it('reports backoff and deadline failures; completed and recovered Jobs stay silent', async () => {
    const r = await diagnoseFixture('jobs', [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map(summary)).toEqual([
      'CronJob/billing/nightly-export spec.jobTemplate.spec.template.spec.containers[0] export: CronJob billing/nightly-export: run nightly-export-29926200 failed (BackoffLimitExceeded) — container export exited 1 in 3/3 pods',
      'Job/search/reindex spec.activeDeadlineSeconds undefined: Job search/reindex failed (DeadlineExceeded) — still running after activeDeadlineSeconds=600 (10m); the controller killed its pods',
    ]);
    expect(r.findings.every((f) => f.fault === 'F5')).toBe(true);
  });

  it('chains the Job condition, the exit code meaning and a bounded log tail to the root cause', async () => {
    const r = await diagnoseFixture('jobs', [rule], { namespace: 'billing', target: { kind: 'CronJob', name: 'nightly-export' } });
    const f = r.findings[0]!;
    expect(f.evidence.map((e) => e.message)).toEqual([
      'condition Failed=True BackoffLimitExceeded: Job has reached the specified backoff limit (2026-11-25T02:01:10Z)',
      'event Warning BackoffLimitExceeded ×1 (2026-11-25T02:01:10Z, job-controller): Job has reached the specified backoff limit',
      'container "export" of pod nightly-export-29926200-x2kq9 terminated: exit 1 (Error) — exited with status 1 (log.Fatal / os.Exit(1): the app gave up, read its last log lines)',
      'log logs/billing/nightly-export-29926200-x2kq9/export.log (last 3 lines):\n2026/11/25 02:00:02 export: starting, batch size 5000\n2026/11/25 02:00:02 export: connecting to postgres://export@billing-db.billing.svc:5432/billing\n2026/11/25 02:00:05 export: connect: dial tcp 10.96.12.4:5432: connect: connection refused',
      'root cause: container export exited with status 1 (log.Fatal / os.Exit(1): the app gave up, read its last log lines); its log ends with: 2026/11/25 02:00:05 export: connect: dial tcp 10.96.12.4:5432: connect: connection refused',
    ]);
    expect(f.verify).toBe('kubectl create job -n billing --from=cronjob/nightly-export nightly-export-check && kubectl wait --for=condition=complete -n billing job/nightly-export-check --timeout=15m');
  });

  it('reads the events.k8s.io/v1 DeadlineExceeded event', async () => {
    const r = await diagnoseFixture('jobs', [rule], { namespace: 'search', target: { kind: 'Job', name: 'reindex' } });
    expect(r.findings[0]!.evidence[1]!.message).toBe('event Warning DeadlineExceeded ×1 (2026-11-25T08:10:00.000000Z, job-controller): Job was active longer than specified deadline');
    expect(r.findings[0]!.fix).toBe('Raise spec.activeDeadlineSeconds in Job search/reindex above the real run time, or make the work fit (smaller batches, more parallelism).');
  });
});
