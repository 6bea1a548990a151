import { evictionRule } from '../../triage/eviction-rule.js';

export default evictionRule(
  {
    id: 'pod-evicted',
    fault: 'E3',
    severity: 'warning',
    title: 'Pods evicted under node memory pressure: usage above requests',
    why:
      'When a node runs low on memory the kubelet evicts the pods whose usage exceeds their requests the most ' +
      '(BestEffort pods, with no requests, first): "The node was low on resource: memory. Container api was using ' +
      '1500Mi, which exceeds its request of 512Mi." (1.31+: "… Threshold quantity: 100Mi, available: 50Mi. Container ' +
      'api was using 1500Mi, request is 512Mi, has larger consumption of memory."). Requests far below what a Go ' +
      'service really uses put it first in line every time.',
    fix: 'Set requests.memory to the real working set (and GOMEMLIMIT below the limit so the Go heap stays inside it).',
    verify: 'kubectl get events -n <namespace> --field-selector reason=Evicted   # no new evictions',
    tags: ['live', 'memory', 'eviction'],
  },
  (g) => g.parsed.resource !== 'ephemeral-storage',
  (g) => {
    const m = g.parsed;
    const node = `node ${g.node ?? '(unknown)'} ran low on ${m.resource}${m.threshold ? ` (threshold ${m.threshold}, ${m.available} available)` : ''}`;
    if (!m.container || !m.usage) return { cause: node, fix: `Set requests.${m.resource} to what the pods really use, or give the node more headroom` };
    const noRequest = m.request === undefined || /^0\w*$/.test(m.request);
    const cause = noRequest
      ? `${node}; container ${m.container} was using ${m.usage} with no ${m.resource} request (BestEffort), so it goes first`
      : `${node}; container ${m.container} was using ${m.usage}, over its ${m.request} request, so it goes first`;
    return { cause, fix: `Set requests.${m.resource} of container ${m.container} to at least what it uses (${m.usage})${m.resource === 'memory' ? '; for a Go service also set GOMEMLIMIT below the memory limit' : ''}` };
  },
);
