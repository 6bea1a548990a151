import type { ClusterObject } from '../model/cluster.js';
import { asArray, asObject, asString } from '../model/cluster.js';
import type { ClusterIndex } from '../model/cluster-index.js';
import type { JsonObject } from '../model/manifest.js';

const cache = new WeakMap<ClusterIndex, number>();

/**
 * When the snapshot was taken, as the newest timestamp it holds (event last-seen, condition
 * transitions and heartbeats, creation times). Offline snapshots carry no capture time, and the
 * wall clock is wrong for them: "pending for 20 s" must mean 20 s before the capture, not
 * before today. NaN when the snapshot has no timestamps at all.
 */
export function observedAt(index: ClusterIndex): number {
  const cached = cache.get(index);
  if (cached !== undefined) return cached;
  let newest = Number.NaN;
  const see = (t: string | undefined): void => {
    const ms = t ? Date.parse(t) : Number.NaN;
    if (!Number.isNaN(ms) && !(ms <= newest)) newest = ms;
  };
  for (const e of index.state.events) see(e.lastSeen ?? e.firstSeen);
  for (const o of index.state.objects) {
    see(asString(asObject(o.raw.metadata)?.creationTimestamp));
    for (const c of conditions(o)) {
      see(asString(c.lastTransitionTime));
      see(asString(c.lastHeartbeatTime));
    }
  }
  cache.set(index, newest);
  return newest;
}

/** Seconds between `time` and the snapshot; undefined when either is unknown. */
export function ageSeconds(index: ClusterIndex, time: string | undefined): number | undefined {
  const t = time ? Date.parse(time) : Number.NaN;
  const now = observedAt(index);
  return Number.isNaN(t) || Number.isNaN(now) ? undefined : (now - t) / 1000;
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

/** `2h15m`, `45s`: durations as kubectl prints ages. */
export function formatAge(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 120) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h${s % 3600 >= 60 ? `${Math.floor((s % 3600) / 60)}m` : ''}`;
  return `${Math.floor(s / 86400)}d${s % 86400 >= 3600 ? `${Math.floor((s % 86400) / 3600)}h` : ''}`;
}
