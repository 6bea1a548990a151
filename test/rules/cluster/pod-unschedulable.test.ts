import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/cluster/pod-unschedulable.js';
import { join } from 'node:path';
import { defaultConfig } from '../../../src/core/config.js';
import { diagnose } from '../../../src/core/diagnose.js';
import { loadSnapshot } from '../../../src/load/snapshot.js';
import { diagnoseFixture, summary } from '../../helpers/cluster.js';
import { REPO } from '../../helpers/cli.js';

describe('pod-unschedulable', () => {
  it('names the smallest fix per owner, joining the scheduler message with nodes and requests; decoys stay silent', async () => {
    const r = await diagnoseFixture('scheduling', [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map(summary)).toEqual([
      'Job/batch/migrate spec.template.spec.initContainers[0].resources.requests.cpu schema: 1/1 pods of Job batch/migrate: Pending — needs 3 CPU (init container schema alone asks for it), the largest node has 2 allocatable',
      'Deployment/ml/trainer spec.template.spec.tolerations undefined: 1/1 pods of Deployment ml/trainer: Pending — node gpu-1 carries taint dedicated=gpu:NoSchedule that the pod does not tolerate',
      'Deployment/shop/api spec.template.spec.containers[0].resources.requests.cpu api: 2/2 pods of Deployment shop/api: Pending — needs 3 CPU (api 2500m + envoy 500m), the largest node has 2 allocatable',
      'Deployment/shop/cache spec.template.spec.nodeSelector undefined: 1/1 pods of Deployment shop/cache: Pending — nodeSelector disktype=ssd matches no node',
      'Deployment/shop/reports spec.template.spec.containers[0].resources.requests.memory reports: 1/1 pods of Deployment shop/reports: Pending — needs 6Gi of memory, the most any node has free is 4Gi (the rest is requested by running pods)',
      'StatefulSet/shop/search spec.volumeClaimTemplates[0].spec.storageClassName undefined: 1/1 pods of StatefulSet shop/search: Pending — PersistentVolumeClaim data-search-0 is Pending (ProvisioningFailed: storageclass.storage.k8s.io "fast-ssd" not found)',
    ]);
    expect(r.findings.every((f) => f.fault === 'F1')).toBe(true);
  });

  it('quotes the scheduler (events.k8s.io series shape) and the node facts, then the root cause', async () => {
    const r = await diagnoseFixture('scheduling', [rule], { namespace: 'shop', target: { kind: 'Deployment', name: 'api' } });
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0]!;
    expect(f.evidence.map((e) => e.message)).toEqual([
      'pod api-5d8b7f9c44-b2x9k Pending for 60m: PodScheduled=False Unschedulable',
      'event Warning FailedScheduling ×14 (2026-11-25T08:00:01.000000Z … 2026-11-25T08:55:00.000000Z, default-scheduler): 0/4 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/4 nodes are available: 2 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
      'node worker-1: allocatable cpu 2 (600m requested), memory 8Gi (4Gi requested)',
      'node worker-2: allocatable cpu 2 (600m requested), memory 8Gi (4Gi requested)',
      'node gpu-1: allocatable cpu 4 (0 requested), memory 16Gi (0 requested), taints dedicated=gpu:NoSchedule',
      'root cause: needs 3 CPU (api 2500m + envoy 500m), the largest node has 2 allocatable',
    ]);
    expect(f.fix).toBe('lower requests.cpu to ≤ 2 or add a bigger node (Deployment shop/api, spec.template.spec.containers[0].resources.requests.cpu).');
  });

  it('falls back to the PodScheduled condition when the event expired (pre-1.25 taint wording)', async () => {
    const r = await diagnoseFixture('scheduling', [rule], { namespace: 'batch' });
    expect(r.findings[0]!.evidence[1]!.message).toBe(
      "scheduler: 0/4 nodes are available: 1 node(s) had taint {dedicated: gpu}, that the pod didn't tolerate, 1 node(s) had taint {node-role.kubernetes.io/control-plane: }, that the pod didn't tolerate, 2 Insufficient cpu.",
    );
  });

  it('fixes the toleration, the selector and the claim template with copy-paste commands', async () => {
    const r = await diagnoseFixture('scheduling', [rule]);
    const fixes = Object.fromEntries(r.findings.map((f) => [f.subject.object!.name, f.fix]));
    expect(fixes.trainer).toBe('add a toleration (key: dedicated, operator: Equal, value: gpu, effect: NoSchedule) or remove the taint (kubectl taint nodes gpu-1 dedicated:NoSchedule-) (Deployment ml/trainer, spec.template.spec.tolerations).');
    expect(fixes.cache).toBe('fix nodeSelector disktype or label a node: kubectl label node worker-1 disktype=ssd (Deployment shop/cache, spec.template.spec.nodeSelector).');
    expect(fixes.search).toBe('set storageClassName to an existing StorageClass (standard (default)) or create StorageClass fast-ssd (StatefulSet shop/search, spec.volumeClaimTemplates[0].spec.storageClassName).');
  });

  it('stays silent for decoys: fresh, since-scheduled, preempting and bound-but-creating pods', async () => {
    for (const name of ['fresh', 'late', 'preemptor', 'pulling', 'web-6d5f8c7b9a-x7k2p']) {
      const r = await diagnoseFixture('scheduling', [rule], { namespace: 'shop', target: { kind: 'Pod', name } });
      expect(r.findings, name).toEqual([]);
    }
  });

  it('waits out rules.pod-unschedulable.options.pendingGraceSeconds (default 60 s) before calling a pod unschedulable', async () => {
    const config = defaultConfig();
    const state = await loadSnapshot(join(REPO, 'test/fixtures/cluster/scheduling'), config.limits);
    // Every pod of the fixture has been Pending for about an hour.
    config.rules['pod-unschedulable'] = { options: { pendingGraceSeconds: 7200 } };
    expect(diagnose({ state, config, rules: [rule] }).findings).toEqual([]);
    config.rules['pod-unschedulable'] = { options: { pendingGraceSeconds: 1800 } };
    expect(diagnose({ state, config, rules: [rule] }).findings).toHaveLength(6);
  });
});
