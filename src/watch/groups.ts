import type { ObjectRef } from '../core/finding.js';
import type { ClusterEvent, ClusterObject, ClusterState } from '../model/cluster.js';
import { asObject, asString } from '../model/cluster.js';
import type { Change, WatchCache } from './cache.js';
import { objectKey } from './cache.js';

/**
 * The unit of incremental diagnosis. A pod change re-diagnoses its owner chain (the whole
 * Deployment → ReplicaSets → Pods tree), an event its involved object's tree, a Service its
 * endpoints, a Node itself — never the whole cluster. Namespace-wide objects the rules consult
 * (quotas, limit ranges, config maps, secrets, claims, services) are context: their own changes
 * surface through the events and statuses of the workloads they affect.
 */
export type GroupKey = string;

const WORKLOADS = new Set(['Pod', 'ReplicaSet', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);
const NAMESPACE_CONTEXT = ['ResourceQuota', 'LimitRange', 'ConfigMap', 'Secret', 'PersistentVolumeClaim', 'NetworkPolicy', 'PodDisruptionBudget', 'Service', 'EndpointSlice', 'HorizontalPodAutoscaler'];

export interface Group {
  key: GroupKey;
  namespace: string | undefined;
  state: ClusterState;
  /** Findings are kept only when their subject is one of these (keys from objectKey). */
  members: Set<string>;
}

/** Which groups a change makes stale. */
export function groupsOf(cache: WatchCache, change: Change): GroupKey[] {
  if ('event' in change) {
    const inv = change.event.involved;
    const obj = cache.get(inv.kind, inv.namespace, inv.name);
    return obj ? groupsOfObject(cache, obj) : [];
  }
  return groupsOfObject(cache, change.object);
}

function groupsOfObject(cache: WatchCache, obj: ClusterObject): GroupKey[] {
  if (WORKLOADS.has(obj.kind)) {
    const top = cache.topOwner(obj);
    return [`W:${objectKey(top.kind, top.namespace, top.name)}`];
  }
  if (obj.kind === 'Service') return [`S:${objectKey('Service', obj.namespace, obj.name)}`];
  if (obj.kind === 'EndpointSlice') {
    const svc = asString(asObject(asObject(obj.raw.metadata)?.labels)?.['kubernetes.io/service-name']);
    return svc ? [`S:${objectKey('Service', obj.namespace, svc)}`] : [];
  }
  if (obj.kind === 'Node') return [`N:${objectKey('Node', undefined, obj.name)}`];
  if (obj.kind === 'HorizontalPodAutoscaler') {
    const target = asObject(asObject(obj.raw.spec)?.scaleTargetRef);
    const t = cache.get(asString(target?.kind) ?? '', obj.namespace, asString(target?.name) ?? '');
    return t ? groupsOfObject(cache, t) : [];
  }
  return [];
}

/** Every group the cache holds: the first diagnosis after the initial sync. */
export function allGroups(cache: WatchCache): GroupKey[] {
  const keys = new Set<GroupKey>();
  for (const kind of [...WORKLOADS, 'Service', 'Node']) {
    for (const o of cache.ofKind(kind)) for (const g of groupsOfObject(cache, o)) keys.add(g);
  }
  return [...keys];
}

/** The cluster state one group is diagnosed on; undefined when its root object is gone. */
export function buildGroup(cache: WatchCache, key: GroupKey, source: string, now: number): Group | undefined {
  const [tag, ref] = [key.slice(0, 1), key.slice(2)];
  const [kind = '', ns = '', ...rest] = ref.split('/');
  const namespace = ns === '' ? undefined : ns;
  const root = cache.get(kind, namespace, rest.join('/'));
  // Gone, or no longer the top of its chain (its owner arrived later): its findings move to the owner's group.
  if (!root || (tag === 'W' && cache.topOwner(root) !== root)) return undefined;
  let members: ClusterObject[];
  let context: ClusterObject[];
  if (tag === 'W') {
    members = [...cache.subtree(root), ...cache.ofKind('HorizontalPodAutoscaler', namespace).filter((h) => targets(h, root))];
    context = [...NAMESPACE_CONTEXT.flatMap((k) => cache.ofKind(k, namespace)), ...cache.ofKind('Node'), ...cache.ofKind('Namespace').filter((n) => n.name === namespace)];
  } else if (tag === 'S') {
    members = [root, ...cache.ofKind('EndpointSlice', namespace).filter((s) => asString(asObject(asObject(s.raw.metadata)?.labels)?.['kubernetes.io/service-name']) === root.name)];
    context = [...cache.ofKind('Pod', namespace), ...cache.ofKind('Node')];
  } else {
    members = [root];
    context = cache.ofKind('Pod').filter((p) => asString(asObject(p.raw.spec)?.nodeName) === root.name);
  }
  const memberKeys = new Set(members.map((o) => objectKey(o.kind, o.namespace, o.name)));
  const objects = [...members, ...context.filter((o) => !memberKeys.has(objectKey(o.kind, o.namespace, o.name)))];
  const events: ClusterEvent[] = members.flatMap((o) => cache.eventsAbout(o.ref));
  return {
    key,
    namespace,
    // Live: ages ("pending for 3m") are measured against now, as live diagnose does.
    state: { source, readAt: new Date(now).toISOString(), objects, events, logs: [], warnings: [] },
    members: memberKeys,
  };
}

export function refKey(ref: ObjectRef): string {
  return objectKey(ref.kind, ref.namespace, ref.name);
}

function targets(hpa: ClusterObject, root: ClusterObject): boolean {
  const t = asObject(asObject(hpa.raw.spec)?.scaleTargetRef);
  return asString(t?.kind) === root.kind && asString(t?.name) === root.name;
}
