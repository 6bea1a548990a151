import type { ObjectRef } from '../core/finding.js';
import type { ClusterEvent, ClusterObject } from '../model/cluster.js';
import { asArray, asObject, asString } from '../model/cluster.js';
import type { JsonObject } from '../model/manifest.js';
import { normalizeEvent } from '../load/events.js';
import { slim } from './slim.js';

/** Events kubewhy itself writes: never fed back into the rules (they would explain themselves). */
export const REPORTING_CONTROLLER = 'kubewhy.dev/watch';
/** Newest events kept per object: the rules read the latest of each reason, never a long history. */
const EVENTS_PER_OBJECT = 24;

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change to the cache, as the diagnoser sees it. */
export type Change =
  | { type: ChangeType; kind: string; object: ClusterObject; previousDigest?: string; digest?: string; changedAt: number | undefined }
  | { type: ChangeType; kind: 'Event'; event: ClusterEvent; changedAt: number | undefined };

interface Entry {
  object: ClusterObject;
  resourceVersion: string;
  digest?: string;
}

interface StoredEvent {
  event: ClusterEvent;
  involved: string;
  resourceVersion: string;
}

export function objectKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

/**
 * The controller's view of the cluster: slimmed objects by kind, an owner → children index
 * (for "a pod changed → its owner chain") and events per involved object, bounded.
 */
export class WatchCache {
  private readonly kinds = new Map<string, Map<string, Entry>>();
  private readonly byUid = new Map<string, ClusterObject>();
  private readonly children = new Map<string, Set<ClusterObject>>();
  private readonly events = new Map<string, StoredEvent>();
  private readonly eventsByObject = new Map<string, Set<string>>();

  /** Applies one watch event; undefined when nothing the rules can see changed. */
  apply(type: ChangeType, kind: string, apiVersion: string, item: JsonObject): Change | undefined {
    const meta = asObject(item.metadata);
    const name = asString(meta?.name);
    if (!name) return undefined;
    const namespace = asString(meta?.namespace);
    const rv = asString(meta?.resourceVersion) ?? '';
    if (kind === 'Event') return this.applyEvent(type, objectKey('Event', namespace, name), rv, item);
    const key = objectKey(kind, namespace, name);
    const byKey = this.kindMap(kind);
    const old = byKey.get(key);
    if (type === 'DELETED') {
      if (!old) return undefined;
      this.forget(byKey, key, old);
      return { type, kind, object: old.object, changedAt: Date.now() };
    }
    if (old && old.resourceVersion === rv) return undefined;
    const s = slim(kind, apiVersion, item);
    const uid = asString(meta?.uid);
    const object: ClusterObject = {
      apiVersion,
      kind,
      name,
      raw: s.raw,
      ref: { apiVersion, kind, name, ...(namespace !== undefined ? { namespace } : {}) },
      ...(namespace !== undefined ? { namespace } : {}),
      ...(uid !== undefined ? { uid } : {}),
    };
    if (old) this.forget(byKey, key, old);
    byKey.set(key, { object, resourceVersion: rv, ...(s.contentDigest !== undefined ? { digest: s.contentDigest } : {}) });
    if (uid) this.byUid.set(uid, object);
    const owner = controllerUid(object);
    if (owner) {
      const set = this.children.get(owner) ?? new Set();
      set.add(object);
      this.children.set(owner, set);
    }
    return {
      type: old ? 'MODIFIED' : 'ADDED',
      kind,
      object,
      ...(old?.digest !== undefined ? { previousDigest: old.digest } : {}),
      ...(s.contentDigest !== undefined ? { digest: s.contentDigest } : {}),
      changedAt: s.changedAt,
    };
  }

  /**
   * A fresh List replaces what was known of the kind: objects missing from it were deleted
   * while the watch was down (or during a 410 re-list) and become DELETED changes.
   */
  replace(kind: string, apiVersion: string, items: JsonObject[]): Change[] {
    const changes: Change[] = [];
    const seen = new Set<string>();
    for (const item of items) {
      const meta = asObject(item.metadata);
      seen.add(objectKey(kind, asString(meta?.namespace), asString(meta?.name) ?? ''));
      const c = this.apply('ADDED', kind, apiVersion, item);
      if (c) changes.push(c);
    }
    if (kind === 'Event') {
      for (const [key, stored] of [...this.events]) {
        if (!seen.has(key)) changes.push(this.dropEvent(key, stored));
      }
      return changes;
    }
    const byKey = this.kindMap(kind);
    for (const [key, entry] of [...byKey]) {
      if (seen.has(key)) continue;
      this.forget(byKey, key, entry);
      changes.push({ type: 'DELETED', kind, object: entry.object, changedAt: Date.now() });
    }
    return changes;
  }

  get(kind: string, namespace: string | undefined, name: string): ClusterObject | undefined {
    return this.kinds.get(kind)?.get(objectKey(kind, namespace, name))?.object;
  }

  resourceVersion(obj: ClusterObject): string | undefined {
    return this.kinds.get(obj.kind)?.get(objectKey(obj.kind, obj.namespace, obj.name))?.resourceVersion;
  }

  ofKind(kind: string, namespace?: string): ClusterObject[] {
    const all = [...(this.kinds.get(kind)?.values() ?? [])].map((e) => e.object);
    return namespace === undefined ? all : all.filter((o) => o.namespace === namespace);
  }

  /** The controller owner one hop up, when it is cached. */
  owner(obj: ClusterObject): ClusterObject | undefined {
    const refs = asArray(asObject(obj.raw.metadata)?.ownerReferences).map(asObject);
    const ref = refs.find((r) => r?.controller === true) ?? refs[0];
    if (!ref) return undefined;
    const uid = asString(ref.uid);
    return (uid ? this.byUid.get(uid) : undefined) ?? this.get(asString(ref.kind) ?? '', obj.namespace, asString(ref.name) ?? '');
  }

  topOwner(obj: ClusterObject): ClusterObject {
    let top = obj;
    for (let hops = 0, up = this.owner(top); up && hops < 8; hops++, up = this.owner(top)) top = up;
    return top;
  }

  /** The object and everything it controls, transitively (Deployment → ReplicaSets → Pods). */
  subtree(root: ClusterObject): ClusterObject[] {
    const out = [root];
    for (let i = 0; i < out.length && out.length < 100_000; i++) {
      const uid = out[i]!.uid;
      if (uid) out.push(...(this.children.get(uid) ?? []));
    }
    return out;
  }

  eventsAbout(ref: ObjectRef): ClusterEvent[] {
    const keys = this.eventsByObject.get(objectKey(ref.kind, ref.namespace, ref.name));
    return keys ? [...keys].map((k) => this.events.get(k)!.event) : [];
  }

  sizes(): Record<string, number> {
    const out: Record<string, number> = { Event: this.events.size };
    for (const [kind, m] of this.kinds) out[kind] = m.size;
    return out;
  }

  private kindMap(kind: string): Map<string, Entry> {
    let m = this.kinds.get(kind);
    if (!m) this.kinds.set(kind, (m = new Map()));
    return m;
  }

  private forget(byKey: Map<string, Entry>, key: string, entry: Entry): void {
    byKey.delete(key);
    const { object } = entry;
    if (object.uid && this.byUid.get(object.uid) === object) this.byUid.delete(object.uid);
    const owner = controllerUid(object);
    if (owner) {
      const set = this.children.get(owner);
      set?.delete(object);
      if (set?.size === 0) this.children.delete(owner);
    }
  }

  private applyEvent(type: ChangeType, key: string, rv: string, item: JsonObject): Change | undefined {
    const old = this.events.get(key);
    if (type === 'DELETED') return old ? this.dropEvent(key, old) : undefined;
    if (old?.resourceVersion === rv) return undefined;
    if (asString(item.reportingComponent) === REPORTING_CONTROLLER || asString(item.reportingController) === REPORTING_CONTROLLER) return undefined;
    const event = normalizeEvent(item);
    if (!event) return undefined;
    const involved = objectKey(event.involved.kind, event.involved.namespace, event.involved.name);
    if (old) this.dropEvent(key, old);
    this.events.set(key, { event, involved, resourceVersion: rv });
    const set = this.eventsByObject.get(involved) ?? new Set();
    set.add(key);
    this.eventsByObject.set(involved, set);
    if (set.size > EVENTS_PER_OBJECT) this.trim(set);
    const seen = Date.parse(event.lastSeen ?? event.firstSeen ?? '');
    return { type: old ? 'MODIFIED' : 'ADDED', kind: 'Event', event, changedAt: Number.isNaN(seen) ? undefined : seen };
  }

  private dropEvent(key: string, stored: StoredEvent): Change {
    this.events.delete(key);
    const set = this.eventsByObject.get(stored.involved);
    set?.delete(key);
    if (set?.size === 0) this.eventsByObject.delete(stored.involved);
    return { type: 'DELETED', kind: 'Event', event: stored.event, changedAt: Date.now() };
  }

  /** Drops the oldest-seen event of an object that has more than the cap. */
  private trim(set: Set<string>): void {
    let oldest: string | undefined;
    let oldestAt = '';
    for (const k of set) {
      const e = this.events.get(k)!.event;
      const at = e.lastSeen ?? e.firstSeen ?? '';
      if (oldest === undefined || at < oldestAt) [oldest, oldestAt] = [k, at];
    }
    if (oldest !== undefined) {
      set.delete(oldest);
      this.events.delete(oldest);
    }
  }
}

function controllerUid(obj: ClusterObject): string | undefined {
  const refs = asArray(asObject(obj.raw.metadata)?.ownerReferences).map(asObject);
  const ref = refs.find((r) => r?.controller === true) ?? refs[0];
  return asString(ref?.uid);
}
