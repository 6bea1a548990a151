import type { ClusterObject } from '../model/cluster.js';
import { asArray, asObject, asString } from '../model/cluster.js';
import type { ClusterIndex } from '../model/cluster-index.js';
import type { JsonObject } from '../model/manifest.js';
import { containerStates } from './containers.js';

const cache = new WeakMap<ClusterIndex, number>();

/**
 * "Now" for a cluster state: when it was read. Live mode and `kubewhy snapshot` record that
 * moment (ClusterState.readAt). A plain `kubectl get -o json` directory carries no capture
 * time, and the wall clock is wrong for it ("pending for 20 s" must mean 20 s before the
 * capture, not before today): then the newest timestamp it holds stands in (event last-seen,
 * condition transitions and heartbeats, creation times, container starts and ends).
 * NaN when there is neither.
 */
export function observedAt(index: ClusterIndex): number {
  const cached = cache.get(index);
  if (cached !== undefined) return cached;
  const read = index.state.readAt !== undefined ? Date.parse(index.state.readAt) : Number.NaN;
  const now = Number.isNaN(read) ? newestTimestamp(index) : read;
  cache.set(index, now);
  return now;
}

function newestTimestamp(index: ClusterIndex): number {
  let newest = Number.NaN;
  const see = (t: string | undefined): void => {
    const ms = t ? Date.parse(t) : Number.NaN;
    if (!Number.isNaN(ms) && !(ms <= newest)) newest = ms;
  };
  for (const e of index.state.events) {
    see(e.firstSeen);
    see(e.lastSeen);
  }
  for (const o of index.state.objects) {
    see(asString(asObject(o.raw.metadata)?.creationTimestamp));
    for (const c of conditions(o)) {
      see(asString(c.lastTransitionTime));
      see(asString(c.lastHeartbeatTime));
    }
    if (o.kind !== 'Pod') continue;
    for (const c of containerStates(o)) {
      see(c.running?.startedAt);
      for (const t of [c.terminated, c.lastTerminated]) {
        see(t?.startedAt);
        see(t?.finishedAt);
      }
    }
  }
  return newest;
}

/** observedAt, undefined when unknown. */
export function snapshotTime(index: ClusterIndex): number | undefined {
  const now = observedAt(index);
  return Number.isNaN(now) ? undefined : now;
}

/** Seconds between `time` and the snapshot; undefined when either is unknown. */
export function ageSeconds(index: ClusterIndex, time: string | undefined): number | undefined {
  const t = time ? Date.parse(time) : Number.NaN;
  const now = observedAt(index);
  return Number.isNaN(t) || Number.isNaN(now) ? undefined : (now - t) / 1000;
}

/** Whole seconds from `from` to `to` (RFC 3339 or epoch ms); undefined when either is unknown. */
export function secondsBetween(from: string | number | undefined, to: string | number | undefined): number | undefined {
  const a = typeof from === 'string' ? Date.parse(from) : from;
  const b = typeof to === 'string' ? Date.parse(to) : to;
  if (a === undefined || b === undefined || Number.isNaN(a) || Number.isNaN(b)) return undefined;
  return Math.round((b - a) / 1000);
}

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastHeartbeatTime?: string;
  lastUpdateTime?: string;
}

function conditions(o: ClusterObject): JsonObject[] {
  return asArray(asObject(o.raw.status)?.conditions).flatMap((c) => {
    const obj = asObject(c);
    return obj ? [obj] : [];
  });
}

/** status.conditions[type=…] of any object (Pod, Node, Deployment, Job, HPA). */
export function conditionOf(o: ClusterObject, type: string): Condition | undefined {
  for (const c of asArray(asObject(o.raw.status)?.conditions)) {
    const obj = asObject(c);
    if (!obj || obj.type !== type) continue;
    const out: Condition = { type, status: asString(obj.status) ?? 'Unknown' };
    for (const k of ['reason', 'message', 'lastTransitionTime', 'lastHeartbeatTime', 'lastUpdateTime'] as const) {
      const v = asString(obj[k]);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
  return undefined;
}

/**
 * `45s`, `7m20s`, `95m`, `3h10m`, `2d4h`: durations exactly as kubectl prints ages
 * (k8s.io/apimachinery/pkg/util/duration.HumanDuration).
 */
export function formatAge(seconds: number): string {
  const s = Math.floor(seconds);
  if (s < 0) return '0s';
  if (s < 120) return `${s}s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 10) return s % 60 === 0 ? `${minutes}m` : `${minutes}m${s % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(s / 3600);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 8) return hours % 24 === 0 ? `${days}d` : `${days}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.floor(days / 365);
  if (hours < 24 * 365 * 8) return days % 365 === 0 ? `${years}y` : `${years}y${days % 365}d`;
  return `${years}y`;
}
