import type { ClusterIndex } from '../model/cluster-index.js';
import { asArray, asObject, asString } from '../model/cluster.js';
import { containerStates } from './containers.js';

const cache = new WeakMap<ClusterIndex, number | undefined>();

/**
 * "Now" as the snapshot saw it: the newest timestamp in its events and pod statuses. Offline
 * snapshots are read long after capture, and durations ("init has run for 12m") must be
 * measured against the moment of capture, not the wall clock.
 */
export function snapshotTime(index: ClusterIndex): number | undefined {
  if (cache.has(index)) return cache.get(index);
  let newest: number | undefined;
  const see = (s: string | undefined): void => {
    const t = s === undefined ? NaN : Date.parse(s);
    if (!Number.isNaN(t) && (newest === undefined || t > newest)) newest = t;
  };
  for (const e of index.state.events) {
    see(e.firstSeen);
    see(e.lastSeen);
  }
  for (const pod of index.ofKind('Pod')) {
    see(asString(asObject(pod.raw.metadata)?.creationTimestamp));
    for (const cond of asArray(asObject(pod.raw.status)?.conditions)) see(asString(asObject(cond)?.lastTransitionTime));
    for (const c of containerStates(pod)) {
      see(c.running?.startedAt);
      for (const t of [c.terminated, c.lastTerminated]) {
        see(t?.startedAt);
        see(t?.finishedAt);
      }
    }
  }
  cache.set(index, newest);
  return newest;
}

/** Whole seconds from `from` to `to` (RFC 3339 or epoch ms); undefined when either is unknown. */
export function secondsBetween(from: string | number | undefined, to: string | number | undefined): number | undefined {
  const a = typeof from === 'string' ? Date.parse(from) : from;
  const b = typeof to === 'string' ? Date.parse(to) : to;
  if (a === undefined || b === undefined || Number.isNaN(a) || Number.isNaN(b)) return undefined;
  return Math.round((b - a) / 1000);
}

/** `95s`, `12m`, `3h10m`: durations as kubectl prints ages. */
export function formatSeconds(s: number): string {
  if (s < 120) return `${s}s`;
  if (s < 3600 * 3) return `${Math.floor(s / 60)}m${s % 60 && s < 600 ? `${s % 60}s` : ''}`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return m ? `${h}h${m}m` : `${h}h`;
}
