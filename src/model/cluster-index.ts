import type { ClusterEvent, ClusterObject, ClusterState, ContainerLog } from './cluster.js';
import { asArray, asObject, asString } from './cluster.js';

/**
 * Lookups the live rules share, built once per state: owners (Pod → ReplicaSet → Deployment,
 * Pod → Job → CronJob), events per object, pods per owner, logs per container.
 */
export interface ClusterIndex {
  state: ClusterState;
  ofKind(kind: string): ClusterObject[];
  get(kind: string, namespace: string | undefined, name: string): ClusterObject | undefined;
  /** The controller owner, one hop up. */
  owner(obj: ClusterObject): ClusterObject | undefined;
  /** The top of the controller chain (the object itself when it has no owner). */
  topOwner(obj: ClusterObject): ClusterObject;
  /** Pods whose controller chain reaches `owner`. */
  podsOf(owner: ClusterObject): ClusterObject[];
  /** Events about an object, newest last-seen first. */
  eventsFor(obj: ClusterObject): ClusterEvent[];
  log(namespace: string, pod: string, container: string, previous: boolean): ContainerLog | undefined;
}

export function indexCluster(state: ClusterState): ClusterIndex {
  const byKind = new Map<string, ClusterObject[]>();
  const byKey = new Map<string, ClusterObject>();
  const byUid = new Map<string, ClusterObject>();
  for (const o of state.objects) {
    push(byKind, o.kind, o);
    byKey.set(key(o.kind, o.namespace, o.name), o);
    if (o.uid) byUid.set(o.uid, o);
  }
  const events = new Map<string, ClusterEvent[]>();
  for (const e of state.events) {
    const k = key(e.involved.kind, e.involved.namespace, e.involved.name);
    push(events, k, e);
  }
  for (const list of events.values()) list.sort((a, b) => (b.lastSeen ?? b.firstSeen ?? '').localeCompare(a.lastSeen ?? a.firstSeen ?? ''));
  const logs = new Map(state.logs.map((l) => [`${l.namespace}/${l.pod}/${l.container}/${l.previous}`, l]));

  const owner = (obj: ClusterObject): ClusterObject | undefined => {
    const refs = asArray(asObject(obj.raw.metadata)?.ownerReferences).map(asObject);
    const ref = refs.find((r) => r?.controller === true) ?? refs[0];
    if (!ref) return undefined;
    const uid = asString(ref.uid);
    const byRef = uid ? byUid.get(uid) : undefined;
    return byRef ?? byKey.get(key(asString(ref.kind) ?? '', obj.namespace, asString(ref.name) ?? ''));
  };
  const topOwner = (obj: ClusterObject): ClusterObject => {
    let top = obj;
    for (let hops = 0, up = owner(top); up && hops < 8; hops++, up = owner(top)) top = up;
    return top;
  };
  const podsByOwner = new Map<ClusterObject, ClusterObject[]>();
  for (const pod of byKind.get('Pod') ?? []) {
    for (let hops = 0, up = owner(pod); up && hops < 8; hops++, up = owner(up)) {
      push(podsByOwner, up, pod);
    }
  }

  return {
    state,
    ofKind: (kind) => byKind.get(kind) ?? [],
    get: (kind, namespace, name) => byKey.get(key(kind, namespace, name)),
    owner,
    topOwner,
    podsOf: (o) => podsByOwner.get(o) ?? [],
    eventsFor: (o) => events.get(key(o.kind, o.namespace, o.name)) ?? [],
    log: (ns, pod, container, previous) => logs.get(`${ns}/${pod}/${container}/${previous}`),
  };
}

function key(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}\0${namespace ?? ''}\0${name}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
