import { evictionRule } from '../../triage/eviction-rule.js';

export default evictionRule(
  {
    id: 'pod-evicted-ephemeral-storage',
    fault: 'E4',
    severity: 'warning',
    title: 'Pods evicted for ephemeral storage: logs, /tmp or emptyDir over the limit',
    why:
      'Container logs, the writable layer and emptyDir volumes count as ephemeral storage. Past a limit the kubelet ' +
      'evicts the pod: "Container api exceeded its local ephemeral storage limit "500Mi".", "Pod ephemeral local ' +
      'storage usage exceeds the total limit of containers 1Gi.", "Usage of EmptyDir volume "cache" exceeds the limit ' +
      '"1Gi"."; under node DiskPressure the pods using most above their requests go first.',
    fix: 'Write scratch data to a volume sized for it, stop logging to files in the container, or raise limits.ephemeral-storage.',
    verify: 'kubectl get events -n <namespace> --field-selector reason=Evicted   # no new evictions',
    tags: ['live', 'storage', 'eviction'],
  },
  (g) => g.parsed.resource === 'ephemeral-storage',
  (g) => {
    const m = g.parsed;
    switch (m.kind) {
      case 'container-ephemeral-limit':
        return {
          cause: `container ${m.container} wrote more than its ${m.limit} ephemeral-storage limit (writable layer, /tmp, logs)`,
          fix: `Move scratch files to an emptyDir with a sizeLimit (or a PVC) and log to stdout, or raise limits.ephemeral-storage of container ${m.container} above ${m.limit}`,
        };
      case 'pod-ephemeral-limit':
        return {
          cause: `the pod's writable layers, logs and emptyDirs together exceeded ${m.limit}, the sum of its containers' ephemeral-storage limits`,
          fix: `Find what writes to local disk (kubectl exec … -- du -sh /tmp /var/tmp), move it to a sized volume, or raise limits.ephemeral-storage above ${m.limit}`,
        };
      case 'emptydir-limit':
        return { cause: `emptyDir volume "${m.volume}" grew past its sizeLimit ${m.limit}`, fix: `Clean up what the app writes to volume ${m.volume}, or raise its emptyDir.sizeLimit above ${m.limit}` };
      default:
        return {
          cause: `node ${g.node ?? '(unknown)'} ran low on ephemeral-storage (DiskPressure)${m.container ? `; container ${m.container} was using ${m.usage}, over its ${m.request} request` : ''}`,
          fix: `Set requests.ephemeral-storage to what the pods write locally, and free disk on the node (images, logs)`,
        };
    }
  },
);
