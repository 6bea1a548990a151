import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { formatAge } from '../../triage/clock.js';
import { eventEvidence } from '../../triage/describe.js';
import { nodeProblems, nodeTaintList, podsByOwner, type NodeProblem } from '../../triage/nodes.js';

export default defineRule({
  meta: {
    id: 'node-not-ready',
    fault: 'E3',
    severity: 'error',
    title: 'Node NotReady (or under resource pressure), and the pods on it',
    why:
      'A node whose kubelet stops reporting turns Ready=Unknown ("Kubelet stopped posting node status."); one whose ' +
      'runtime or CNI is broken reports Ready=False ("container runtime network not ready: … cni plugin not ' +
      'initialized"). Its pods keep showing Running but serve nothing, are evicted after the NoExecute toleration ' +
      '(300 s), and StatefulSet pods stay stuck until the node is deleted. MemoryPressure/DiskPressure taint the ' +
      'node and make the kubelet evict pods.',
    fix: 'Bring the kubelet, runtime or CNI back on the node; if the machine is gone, delete the Node so its pods are recreated elsewhere.',
    verify: 'kubectl get nodes   # STATUS must be Ready',
    needs: ['cluster'],
    tags: ['live', 'nodes'],
  },
  check({ ws, report }) {
    if (!ws.cluster) return;
    for (const p of nodeProblems(ws.cluster)) {
      const c = p.condition;
      const taints = nodeTaintList(p.node);
      const pods = podsByOwner(ws.cluster, p.pods);
      const { cause, fix } = explain(p);
      const evidence: Evidence[] = [
        {
          message: `${c.type}=${c.status}${c.reason ? ` ${c.reason}` : ''}${p.sinceSeconds !== undefined ? ` for ${formatAge(p.sinceSeconds)}` : ''}: ${c.message ?? ''}${p.kind === 'not-ready' && p.heartbeatSeconds !== undefined && p.heartbeatSeconds >= 60 ? ` (last heartbeat ${formatAge(p.heartbeatSeconds)} before the snapshot)` : ''}`,
          object: p.node.ref,
          fieldPath: `status.conditions[type=${c.type}]`,
        },
        ...(p.event ? [eventEvidence(p.event, p.node)] : []),
        ...(taints.length ? [{ message: `taints ${taints.join(', ')}`, object: p.node.ref, fieldPath: 'spec.taints' }] : []),
        { message: p.pods.length ? `${p.pods.length} pod${p.pods.length === 1 ? '' : 's'} on the node: ${pods}` : 'no running pods on the node' },
        { message: `root cause: ${cause}` },
      ];
      report({
        message: `Node ${p.node.name}: ${p.kind === 'not-ready' ? `NotReady (${c.status})` : c.type} — ${cause}${p.pods.length ? `; affects ${pods}` : ''}`,
        at: { object: p.node.ref, fieldPath: `status.conditions[type=${c.type}]` },
        evidence,
        fix,
        verify: `kubectl get node ${p.node.name}   # STATUS must be Ready${p.kind === 'pressure' ? `; kubectl describe node ${p.node.name} | grep ${c.type}   # False` : ''}`,
        ...(p.kind === 'pressure' ? { severity: 'warning' as const } : {}),
      });
    }
  },
});

function explain(p: NodeProblem): { cause: string; fix: string } {
  const c = p.condition;
  const n = p.node.name;
  if (p.kind === 'pressure') {
    const what = c.type === 'DiskPressure' ? 'disk (nodefs/imagefs)' : c.type === 'MemoryPressure' ? 'memory' : c.type === 'PIDPressure' ? 'process IDs' : 'network';
    return {
      cause: `the kubelet reports ${c.type}: the node is short of ${what}, refuses new pods and evicts running ones`,
      fix:
        c.type === 'DiskPressure'
          ? `Free disk on ${n} (crictl rmi --prune, container log rotation, pods writing to emptyDir or their writable layer), or give it a bigger disk.`
          : `Relieve ${n}: set requests that match real usage so the scheduler stops overpacking it, or add capacity.`,
    };
  }
  if (c.status === 'Unknown' || /Kubelet stopped posting node status/.test(c.message ?? '')) {
    return {
      cause: `the kubelet on ${n} stopped reporting${p.heartbeatSeconds !== undefined ? ` ${formatAge(p.heartbeatSeconds)} before the snapshot` : ''} (machine down, kubelet dead, or cut off from the API server)`,
      fix: `Check the machine and its kubelet (systemctl status kubelet; journalctl -u kubelet on ${n}); if it is gone for good, kubectl delete node ${n} so StatefulSet pods are recreated elsewhere.`,
    };
  }
  if (/cni|NetworkPluginNotReady|network not ready/i.test(c.message ?? '')) {
    return { cause: `the container network is not ready on ${n}: ${c.message}`, fix: `Repair the CNI plugin on ${n} (its DaemonSet pod in kube-system, /etc/cni/net.d); the kubelet turns Ready once the network plugin reports ready.` };
  }
  return { cause: `the kubelet on ${n} reports NotReady: ${c.message ?? c.reason ?? 'no message'}`, fix: `Read the kubelet and container runtime logs on ${n} (journalctl -u kubelet, journalctl -u containerd) and fix what they report.` };
}
