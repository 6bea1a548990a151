import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/cluster/pod-create-quota-exceeded.js';
import { diagnoseFixture, summary } from '../../helpers/cluster.js';

describe('pod-create-quota-exceeded', () => {
  it('reports full and must-specify quotas on the Deployment/CronJob, both wordings; freed quotas and finished Jobs stay silent', async () => {
    const r = await diagnoseFixture('admission', [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map(summary)).toEqual([
      'CronJob/billing/nightly-export spec.jobTemplate.spec.template.spec.containers[0].resources export: CronJob billing/nightly-export: no pods created — ResourceQuota qtest covers limits.cpu, limits.memory and the pod leaves it unset: export (limits.cpu, limits.memory)',
      'Deployment/billing/invoice spec.template.spec.containers[0].resources invoice: Deployment billing/invoice: no pods created — ResourceQuota qtest covers cpu, memory and the pod leaves it unset: invoice (cpu, memory)',
      'Deployment/shop/api spec.template.spec.containers[0].resources.limits.memory api: Deployment shop/api: no pods created — ResourceQuota compute is full: limits.memory used 3584Mi + 1Gi for this pod > 4Gi',
    ]);
    expect(r.findings.every((f) => f.fault === 'F2')).toBe(true);
  });

  it('joins the ResourceQuota object and reads the correlator\'s combined event', async () => {
    const r = await diagnoseFixture('admission', [rule], { namespace: 'shop', target: { kind: 'Deployment', name: 'api' } });
    const f = r.findings[0]!;
    expect(f.evidence.map((e) => e.message)).toEqual([
      'ReplicaSet shop/api-5d8b7f9c44: 0/2 pods created, the API server rejects every pod',
      'event Warning FailedCreate ×14 (2026-11-25T08:00:30Z … 2026-11-25T08:58:20Z, replicaset-controller): (combined from similar events): Error creating: pods "api-5d8b7f9c44-q2w3e" is forbidden: exceeded quota: compute, requested: limits.memory=1Gi, used: limits.memory=3584Mi, limited: limits.memory=4Gi',
      'ResourceQuota shop/compute used/hard: limits.memory 3584Mi/4Gi, pods 7/20, requests.cpu 1750m/4',
      'root cause: ResourceQuota compute is full: limits.memory used 3584Mi + 1Gi for this pod > 4Gi',
    ]);
    expect(f.fix).toBe('Lower limits.memory in Deployment shop/api (spec.template.spec.containers[0].resources.limits.memory), raise spec.hard["limits.memory"] of ResourceQuota shop/compute, or scale down other workloads in shop.');
    expect(f.verify).toBe('kubectl describe resourcequota -n shop compute && kubectl get replicaset -n shop api-5d8b7f9c44   # CURRENT should reach DESIRED');
  });

  it('names the container and the resources to set (events.k8s.io/v1 event)', async () => {
    const r = await diagnoseFixture('admission', [rule], { namespace: 'billing', target: { kind: 'Deployment', name: 'invoice' } });
    expect(r.findings[0]!.fix).toBe('Set resources requests.cpu and requests.memory on container invoice (spec.template.spec.containers[0].resources), or add a LimitRange with defaults to namespace billing.');
    expect(r.findings[0]!.evidence[1]!.message).toBe(
      'event Warning FailedCreate ×1 (2026-11-25T08:00:02.000000Z, replicaset-controller): Error creating: pods "invoice-6c9d8f7b5a-4qsmn" is forbidden: failed quota: qtest: must specify cpu for: invoice; memory for: invoice',
    );
  });

  it('is silent on the Deployment whose quota was freed', async () => {
    const r = await diagnoseFixture('admission', [rule], { namespace: 'shop', target: { kind: 'Deployment', name: 'web' } });
    expect(r.findings).toEqual([]);
  });
});
