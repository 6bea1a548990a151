import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/cluster/rollout-stuck.js';
import { diagnoseFixture, summary } from '../../helpers/cluster.js';

describe('rollout-stuck', () => {
  it('reads the cause from the new ReplicaSet: pull, crash, create failure; rollouts inside their deadline and finished ones stay silent', async () => {
    const r = await diagnoseFixture('rollouts', [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map(summary)).toEqual([
      'Deployment/shop/api spec.template undefined: Deployment shop/api: rollout stuck (ProgressDeadlineExceeded) — new ReplicaSet api-5d8b7f9c44 pods: ImagePullBackOff for registry.example.com/shop/api:1.4.0 (see image-not-found)',
      'Deployment/shop/checkout spec.template undefined: Deployment shop/checkout: rollout stuck (ProgressDeadlineExceeded) — new ReplicaSet checkout-7f9c44d8b5 pods: CrashLoopBackOff, exit code 2 (Error) (see crashloop-go-panic)',
      'Deployment/shop/search spec.template undefined: Deployment shop/search: rollout stuck (ProgressDeadlineExceeded) — new ReplicaSet search-8b5d7f9c44 cannot create pods: pods "search-8b5d7f9c44-xxxxx" is forbidden: exceeded quota: compute, requested: requests.cpu=100m, used: requests.cpu=2, limited: requests.cpu=2 (see pod-create-quota-exceeded)',
    ]);
    expect(r.findings.every((f) => f.fault === 'K1' && f.severity === 'error')).toBe(true);
  });

  it('chains the Progressing condition, the replica counts and the new pods\' evidence', async () => {
    const r = await diagnoseFixture('rollouts', [rule], { namespace: 'shop', target: { kind: 'Deployment', name: 'api' } });
    const f = r.findings[0]!;
    expect(f.evidence.map((e) => e.message)).toEqual([
      'Progressing=False ProgressDeadlineExceeded for 30m (deadline 600s): ReplicaSet "api-5d8b7f9c44" has timed out progressing.',
      'replicas: 3 desired, 1 updated, 3 ready (3 on older ReplicaSets)',
      'container "api" waiting: ImagePullBackOff (Back-off pulling image "registry.example.com/shop/api:1.4.0")',
      'event Warning Failed ×29 (2026-11-25T08:20:01Z … 2026-11-25T08:58:20Z, kubelet): Failed to pull image "registry.example.com/shop/api:1.4.0": rpc error: code = NotFound desc = failed to pull and unpack image "registry.example.com/shop/api:1.4.0": failed to resolve reference "registry.example.com/shop/api:1.4.0": registry.example.com/shop/api:1.4.0: not found',
      'root cause: new ReplicaSet api-5d8b7f9c44 pods: ImagePullBackOff for registry.example.com/shop/api:1.4.0 (see image-not-found)',
    ]);
    expect(f.fix).toBe('Fix what new ReplicaSet api-5d8b7f9c44 is stuck on (see image-not-found); the rollout carries on once the new pods can start (a template fix starts a new revision). Until then 3 old pods keep serving the previous version; to go back explicitly: kubectl rollout undo deployment/api -n shop.');
    expect(f.verify).toBe('kubectl rollout status deployment/api -n shop --timeout=600s');
  });

  it('stays silent for a rollout within its deadline and a completed one', async () => {
    for (const name of ['web', 'cart']) {
      const r = await diagnoseFixture('rollouts', [rule], { namespace: 'shop', target: { kind: 'Deployment', name } });
      expect(r.findings, name).toEqual([]);
    }
  });
});
