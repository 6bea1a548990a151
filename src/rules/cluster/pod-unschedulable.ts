import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { formatAge } from '../../triage/clock.js';
import { eventEvidence, objectName, podsLabel, templateSpecPath } from '../../triage/describe.js';
import { PENDING_GRACE_SECONDS, unschedulableGroups } from '../../triage/scheduling.js';

export default defineRule({
  meta: {
    id: 'pod-unschedulable',
    fault: 'F1',
    severity: 'error',
    title: 'Pods stay Pending: no node can take them',
    why:
      'The scheduler rejected every node: "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated ' +
      'taint {dedicated: gpu}". Each clause counts nodes, not causes to fix; reading it against the Node objects ' +
      '(allocatable, taints, labels) and the pod\'s requests (app containers summed, the largest init container ' +
      'alone) shows the one change that makes a node fit. Pods stay Pending forever, the Deployment never becomes ' +
      'available and Jobs never start.',
    fix: 'Change the field the finding names (requests, tolerations, nodeSelector/affinity, the claim), or the nodes.',
    verify: 'kubectl get pods -n <namespace> --field-selector=status.phase=Pending   # the owner\'s pods should be gone from the list',
    needs: ['cluster'],
    tags: ['scheduling', 'live'],
  },
  check({ ws, settings, report }) {
    if (!ws.cluster) return;
    // `rules.pod-unschedulable.options.pendingGraceSeconds`: how long a pod may wait for capacity (autoscaler, preemption).
    const grace = graceSeconds(settings.options.pendingGraceSeconds) ?? PENDING_GRACE_SECONDS;
    for (const g of unschedulableGroups(ws.cluster, grace)) {
      const pod = g.pods[0]!;
      const evidence: Evidence[] = [
        {
          message: `pod ${pod.name} Pending${g.pendingSeconds !== undefined ? ` for ${formatAge(g.pendingSeconds)}` : ''}: PodScheduled=False Unschedulable`,
          object: pod.ref,
          fieldPath: 'status.conditions[type=PodScheduled]',
        },
        g.event ? eventEvidence(g.event, pod) : { message: `scheduler: ${g.message}`, object: pod.ref, fieldPath: 'status.conditions[type=PodScheduled].message' },
        ...g.story.facts.map((message) => ({ message })),
        { message: `root cause: ${g.story.cause}` },
      ];
      const fieldPath = g.story.ownerField ?? `${templateSpecPath(g.owner.kind)}${g.story.field}`;
      report({
        message: `${podsLabel(g.owner, g.pods.length, g.total)}: Pending — ${g.story.cause}`,
        at: { object: g.owner.ref, fieldPath, ...(g.story.container ? { container: g.story.container } : {}) },
        evidence,
        fix: `${g.story.fix} (${objectName(g.owner)}, ${fieldPath}).`,
        verify: `kubectl get pods -n ${pod.namespace} --field-selector=status.phase=Pending   # ${pod.name}'s replacements should be gone from the list`,
      });
    }
  },
});

function graceSeconds(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
}
