// Turns live API objects into deterministic `kubectl get -o json` fixtures
// (test/fixtures/cluster/recorded/): what varies between runs is normalized, see normalize().
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kube, KubeObject } from './kube.js';

export const T0 = '2026-11-25T08:00:00Z';
const T0_MICRO = '2026-11-25T08:00:00.000000Z';
/** Kubernetes' random-suffix alphabet (k8s.io/apimachinery/pkg/util/rand). */
const RAND = '[bcdfghjklmnpqrstvwxz2456789]';

export function uid(...parts: string[]): string {
  const h = createHash('sha1').update(parts.join('/')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export function list(items: unknown[]): Record<string, unknown> {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}

/** Fetches collections as kubectl does: items get their apiVersion and kind back. */
export async function fetchAll(kube: Kube, paths: { path: string; apiVersion: string; kind: string }[]): Promise<KubeObject[]> {
  const out: KubeObject[] = [];
  for (const p of paths) {
    const l = await kube.list(p.path);
    for (const item of l.items) out.push({ apiVersion: p.apiVersion, kind: p.kind, ...item });
  }
  return out;
}

/**
 * Normalizes what is not deterministic across runs:
 * - uids → sha1(kind/namespace/name); resourceVersion → "1"; managedFields dropped (kubectl hides them);
 * - every timestamp → 2026-11-25T08:00:00Z; Event count → 1, series dropped; Event names → <object>.<sha1 of reason+message>;
 * - the random 5-character suffixes of generated names: objects in the set → "x0000", "x0001", … (sorted),
 *   names only mentioned in messages (failed creations, deleted pods) → "xxxxx"; kube-api-access volumes → x0000;
 * - pod IPs → 10.244.0.10; the kwok kubelet port → 10250; this machine's hostname → kubewhy-e2e-host;
 * - duplicate Events (same object, reason, normalized message) collapse into one.
 */
export function normalize(objects: KubeObject[], generatedPrefixes: string[]): KubeObject[] {
  // Generated names of objects in the set → x0000, x0001… (sorted, so stable); names that exist only
  // in messages (failed creations, deleted pods) → xxxxx, so their repeated events collapse.
  const esc = (p: string) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const prefixRe = generatedPrefixes.length ? new RegExp(`\\b(${generatedPrefixes.map(esc).join('|')})(${RAND}{5})\\b`, 'g') : undefined;
  const suffixes = new Map<string, string>();
  if (prefixRe) {
    const existing = objects.map((o) => o.metadata.name ?? '').filter((n) => new RegExp(`^(${generatedPrefixes.map(esc).join('|')})${RAND}{5}$`).test(n)).sort();
    existing.forEach((n, i) => suffixes.set(n, `x${String(i).padStart(4, '0')}`));
  }
  const normName = (n: string): string => (prefixRe ? n.replace(prefixRe, (_m, prefix: string, sfx: string) => prefix + (suffixes.get(prefix + sfx) ?? 'xxxxx')) : n);
  const uidMap = new Map<string, string>();
  for (const o of objects) {
    if (o.metadata.uid) uidMap.set(o.metadata.uid, uid(o.kind ?? '', o.metadata.namespace ?? '', normName(o.metadata.name ?? '')));
  }
  const host = hostname();
  const str = (s: string): string => {
    let v = s;
    if (uidMap.has(v)) return uidMap.get(v)!;
    if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(v)) return v.includes('.') ? T0_MICRO : T0;
    if (prefixRe) {
      v = v.replace(prefixRe, (_m, prefix: string, sfx: string) => prefix + (suffixes.get(prefix + sfx) ?? 'xxxxx'));
    }
    v = v.replace(new RegExp(`\\bkube-api-access-${RAND}{5}\\b`, 'g'), 'kube-api-access-x0000');
    v = v.replace(/\b10\.244\.\d+\.\d+\b/g, '10.244.0.10');
    if (host) v = v.split(host).join('kubewhy-e2e-host');
    if (/[0-9a-f]{8}-[0-9a-f]{4}-/.test(v)) for (const [from, to] of uidMap) v = v.split(from).join(to); // e.g. name_ns(uid) in kubelet texts
    return v;
  };
  const walk = (x: unknown, key?: string): unknown => {
    if (typeof x === 'string') return str(x);
    if (Array.isArray(x)) return x.map((v) => walk(v));
    if (x && typeof x === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(x)) {
        if (k === 'managedFields') continue;
        if (k === 'resourceVersion' && typeof v === 'string' && v !== '') {
          out[k] = '1';
          continue;
        }
        if (k === 'Port' && key === 'kubeletEndpoint') {
          out[k] = 10250;
          continue;
        }
        out[k] = walk(v, k);
      }
      return out;
    }
    return x;
  };
  const normalized = objects.map((o) => walk(o) as KubeObject);
  const seenEvents = new Set<string>();
  const out: KubeObject[] = [];
  for (const o of normalized) {
    if (o.kind === 'Event') {
      const e = o as KubeObject & { involvedObject: { kind: string; name: string; uid?: string; namespace?: string }; reason: string; message: string; count?: number; series?: unknown };
      const id = `${e.involvedObject.kind}/${e.involvedObject.name}/${e.reason}/${e.message}`;
      if (seenEvents.has(id)) continue;
      seenEvents.add(id);
      const h = createHash('sha1').update(id).digest('hex').slice(0, 16);
      e.metadata.name = `${e.involvedObject.name}.${h}`;
      e.metadata.uid = uid('Event', e.metadata.namespace ?? '', e.metadata.name);
      if (e.involvedObject.uid && ![...uidMap.values()].includes(e.involvedObject.uid)) {
        e.involvedObject.uid = uid(e.involvedObject.kind, e.involvedObject.namespace ?? '', e.involvedObject.name);
      }
      if (e.count !== undefined) e.count = 1;
      delete e.series;
    }
    out.push(o);
  }
  return out.sort((a, b) => key(a).localeCompare(key(b)));
}

function key(o: KubeObject): string {
  const e = o as KubeObject & { involvedObject?: { kind: string; name: string }; reason?: string; message?: string };
  const base = `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  return e.involvedObject ? `${o.kind}/${e.involvedObject.kind}/${e.involvedObject.name}/${e.reason}/${e.message}` : base;
}
