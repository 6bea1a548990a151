import type { Evidence } from '../core/finding.js';
import { defineRule, type Rule, type RuleMeta } from '../core/rule.js';
import type { ClusterIndex } from '../model/cluster-index.js';
import { eventEvidence, objectName, podsLabel } from './describe.js';
import { evictionGroups, type EvictionGroup } from './evictions.js';

/**
 * pod-evicted and pod-evicted-ephemeral-storage share the grouping and the chain (pod status →
 * kubelet event → node's threshold event → root cause); they differ in which resource they own.
 */
export function evictionRule(meta: Omit<RuleMeta, 'needs'>, owns: (g: EvictionGroup) => boolean, explain: (g: EvictionGroup) => { cause: string; fix: string }): Rule {
  return defineRule({
    meta: { ...meta, needs: ['cluster'] },
    check({ ws, report }) {
      if (!ws.cluster) return;
      for (const g of evictionGroups(ws.cluster)) {
        if (!owns(g)) continue;
        const pod = g.pods[0]!;
        const { cause, fix } = explain(g);
        const evidence: Evidence[] = [
          { message: `pod ${pod.name} Failed: Evicted${g.node ? ` from node ${g.node}` : ''}: ${g.message}`, object: pod.ref, fieldPath: 'status.message' },
          ...(g.event ? [eventEvidence(g.event, pod)] : []),
          ...nodeEvidence(ws.cluster, g),
          { message: `root cause: ${cause}` },
        ];
        report({
          message: `${podsLabel(g.owner, g.pods.length, g.total)}: Evicted — ${cause}`,
          at: { object: g.owner.ref, fieldPath: g.fieldPath, ...(g.container ? { container: g.container } : {}) },
          evidence,
          fix: `${fix} (${objectName(g.owner)}, ${g.fieldPath}).`,
          verify: `kubectl get events -n ${pod.namespace ?? 'default'} --field-selector reason=Evicted   # no new evictions of ${g.owner.name}'s pods`,
        });
      }
    },
  });
}

/** The node's own account (EvictionThresholdMet "Attempting to reclaim memory"), when it survives. */
function nodeEvidence(index: ClusterIndex, g: EvictionGroup): Evidence[] {
  const node = g.node ? index.get('Node', undefined, g.node) : undefined;
  const e = node ? index.eventsFor(node).find((x) => x.reason === 'EvictionThresholdMet') : undefined;
  return e && node ? [eventEvidence(e, node)] : [];
}
