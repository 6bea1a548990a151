import { LIVE_KINDS } from '../load/cluster-live.js';

/** One watched resource. */
export interface WatchKind {
  kind: string;
  apiVersion: string;
  plural: string;
  namespaced: boolean;
}

/**
 * What the controller lists and watches: exactly what live diagnose reads (LIVE_KINDS), so the
 * cluster rules see the same model incrementally as they do in one `kubewhy diagnose` run.
 * In one namespace the Namespace object is left out (listing namespaces needs cluster-wide rights).
 */
export function watchKinds(namespaced: boolean): WatchKind[] {
  return LIVE_KINDS.filter((k) => !(namespaced && k.kind === 'Namespace')).map((k) => ({ ...k }));
}

export function collectionPath(k: WatchKind, namespace: string | undefined): string {
  const base = k.apiVersion.includes('/') ? `/apis/${k.apiVersion}` : `/api/${k.apiVersion}`;
  return k.namespaced && namespace !== undefined ? `${base}/namespaces/${encodeURIComponent(namespace)}/${k.plural}` : `${base}/${k.plural}`;
}

export function objectPath(apiVersion: string, plural: string, namespace: string | undefined, name: string): string {
  const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  return `${base}${namespace !== undefined ? `/namespaces/${encodeURIComponent(namespace)}` : ''}/${plural}/${encodeURIComponent(name)}`;
}

const PLURALS = new Map(LIVE_KINDS.map((k) => [k.kind, k]));

/** The resource of a kind the rules report on, for Events and patches. */
export function kindInfo(kind: string): WatchKind | undefined {
  const k = PLURALS.get(kind);
  return k ? { ...k } : undefined;
}
