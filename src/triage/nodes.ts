import type { ClusterEvent, ClusterObject } from '../model/cluster.js';
import { asArray, asObject, asString } from '../model/cluster.js';
import type { ClusterIndex } from '../model/cluster-index.js';
import { ageSeconds, conditionOf, type Condition } from './clock.js';
import { objectName } from './describe.js';

/** A kubelet restart flips Ready for a few seconds; shorter than this is not a finding. */
export const NODE_GRACE_SECONDS = 60;
const PRESSURE = ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable'];

export interface NodeProblem {
  node: ClusterObject;
  kind: 'not-ready' | 'pressure';
  /** Ready for not-ready nodes, the pressure condition otherwise. */
  condition: Condition;
  /** Seconds since the condition changed, and since the kubelet last reported. */
  sinceSeconds?: number;
  heartbeatSeconds?: number;
  /** Pods bound to the node that have not finished. */
  pods: ClusterObject[];
  event?: ClusterEvent;
}

const cache = new WeakMap<ClusterIndex, NodeProblem[]>();

/** Nodes whose Ready condition is False/Unknown (past the grace), or Ready nodes under pressure. */
export function nodeProblems(index: ClusterIndex): NodeProblem[] {
  const cached = cache.get(index);
  if (cached) return cached;
  const out: NodeProblem[] = [];
  for (const node of index.ofKind('Node')) {
    const ready = conditionOf(node, 'Ready');
    if (!ready) continue;
    const pods = index.ofKind('Pod').filter((p) => asString(asObject(p.raw.spec)?.nodeName) === node.name && !['Succeeded', 'Failed'].includes(asString(asObject(p.raw.status)?.phase) ?? ''));
    const since = ageSeconds(index, ready.lastTransitionTime);
    const heartbeat = ageSeconds(index, ready.lastHeartbeatTime);
    const timing = { ...(since !== undefined ? { sinceSeconds: since } : {}), ...(heartbeat !== undefined ? { heartbeatSeconds: heartbeat } : {}) };
    if (ready.status !== 'True') {
      if (since !== undefined && since < NODE_GRACE_SECONDS) continue;
      const event = index.eventsFor(node).find((e) => e.reason === 'NodeNotReady');
      out.push({ node, kind: 'not-ready', condition: ready, ...timing, pods, ...(event ? { event } : {}) });
      continue;
    }
    for (const type of PRESSURE) {
      const c = conditionOf(node, type);
      if (c?.status !== 'True') continue;
      const event = index.eventsFor(node).find((e) => e.reason === 'EvictionThresholdMet');
      const s = ageSeconds(index, c.lastTransitionTime);
      out.push({ node, kind: 'pressure', condition: c, ...(s !== undefined ? { sinceSeconds: s } : {}), pods, ...(event ? { event } : {}) });
    }
  }
  cache.set(index, out);
  return out;
}

/** "Deployment shop/api ×2, StatefulSet data/db ×1": the workloads a node takes down with it. */
export function podsByOwner(index: ClusterIndex, pods: ClusterObject[]): string {
  const counts = new Map<string, number>();
  for (const p of pods) {
    const name = objectName(index.topOwner(p));
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].map(([name, n]) => `${name} ×${n}`).join(', ');
}

export function nodeTaintList(node: ClusterObject): string[] {
  return asArray(asObject(node.raw.spec)?.taints).flatMap((t) => {
    const o = asObject(t);
    const key = asString(o?.key);
    return key ? [`${key}${asString(o?.value) ? `=${asString(o?.value)}` : ''}:${asString(o?.effect) ?? ''}`] : [];
  });
}

