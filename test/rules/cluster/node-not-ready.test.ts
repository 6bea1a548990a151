import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/cluster/node-not-ready.js';
import { diagnoseFixture, summary } from '../../helpers/cluster.js';

describe('node-not-ready', () => {
  it('reports lost and NotReady nodes with their pods, and Ready nodes under pressure; a 20 s blip stays silent', async () => {
    const r = await diagnoseFixture('nodes', [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map(summary)).toEqual([
      'Node/undefined/worker-2 status.conditions[type=Ready] undefined: Node worker-2: NotReady (Unknown) — the kubelet on worker-2 stopped reporting 30m before the snapshot (machine down, kubelet dead, or cut off from the API server); affects Deployment shop/api ×2, StatefulSet data/db ×1',
      'Node/undefined/worker-3 status.conditions[type=Ready] undefined: Node worker-3: NotReady (False) — the container network is not ready on worker-3: container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized; affects Pod shop/debug ×1',
      'Node/undefined/worker-4 status.conditions[type=DiskPressure] undefined: Node worker-4: DiskPressure — the kubelet reports DiskPressure: the node is short of disk (nodefs/imagefs), refuses new pods and evicts running ones',
    ]);
    expect(r.findings.map((f) => `${f.fault} ${f.severity}`)).toEqual(['E3 error', 'E3 error', 'E3 warning']);
  });

  it('chains condition, node-controller event, taints and affected pods to the cause', async () => {
    const r = await diagnoseFixture('nodes', [rule]);
    const f = r.findings[0]!;
    expect(f.evidence.map((e) => e.message)).toEqual([
      'Ready=Unknown NodeStatusUnknown for 29m: Kubelet stopped posting node status. (last heartbeat 30m before the snapshot)',
      'event Normal NodeNotReady ×1 (2026-11-25T08:30:40Z, node-controller): Node worker-2 status is now: NodeNotReady',
      'taints node.kubernetes.io/unreachable:NoSchedule, node.kubernetes.io/unreachable:NoExecute',
      '3 pods on the node: Deployment shop/api ×2, StatefulSet data/db ×1',
      'root cause: the kubelet on worker-2 stopped reporting 30m before the snapshot (machine down, kubelet dead, or cut off from the API server)',
    ]);
    expect(f.fix).toBe('Check the machine and its kubelet (systemctl status kubelet; journalctl -u kubelet on worker-2); if it is gone for good, kubectl delete node worker-2 so StatefulSet pods are recreated elsewhere.');
    expect(f.verify).toBe('kubectl get node worker-2   # STATUS must be Ready');
    expect(r.findings[2]!.evidence[1]!.message).toBe('event Warning EvictionThresholdMet ×4 (2026-11-25T08:50:00Z … 2026-11-25T08:59:10Z, kubelet): Attempting to reclaim ephemeral-storage');
  });
});
