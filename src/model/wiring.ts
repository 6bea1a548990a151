import type { Json, JsonObject, KubeObject, PodTemplate } from './manifest.js';
import { isJsonObject } from './pod-templates.js';

/**
 * Helpers for rules that join objects across the manifest set (Services, Ingresses, HPAs,
 * NetworkPolicies, ConfigMaps). An object without a namespace lands in the namespace of the
 * kubectl context; all such objects are taken to share it.
 */
export function nsOf(o: KubeObject): string {
  return o.namespace ?? '';
}

export function asObject(v: Json | undefined): JsonObject | undefined {
  return isJsonObject(v) ? v : undefined;
}

export function asArray(v: Json | undefined): Json[] {
  return Array.isArray(v) ? v : [];
}

/** `{{ .Values.x }}` left in a value: the chart was not rendered, so names mean nothing yet. */
export function unrendered(v: Json | undefined): boolean {
  return typeof v === 'string' && /\{\{|\$\{|\$\(/.test(v);
}

/** `ns/name`, or just `name` for objects with no namespace: for messages. */
export function nsName(ns: string, name: string): string {
  return ns === '' ? name : `${ns}/${name}`;
}

/**
 * Namespaces that have at least one pod template in the set. Cross-object rules only judge
 * a namespace whose workloads are here: linting one directory of a larger repo must not
 * report everything that lives in the others.
 */
export function namespacesWithWorkloads(templates: PodTemplate[]): Set<string> {
  return new Set(templates.map((t) => nsOf(t.object)));
}

/** Every v1 Service of the set (a CRD named Service is something else). */
export function services(objects: KubeObject[]): KubeObject[] {
  return objects.filter((o) => o.kind === 'Service' && o.apiVersion === 'v1');
}

/** `app=api, tier=web` */
export function formatLabels(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

/**
 * Annotations that restart pods when their configuration changes: Helm's `checksum/config`
 * convention (any `checksum/` key), Stakater Reloader's and Wave's opt-in annotations.
 */
export function rollsOnConfigChange(t: PodTemplate): boolean {
  const keys = [...Object.keys(t.annotations), ...Object.keys(t.object.annotations)];
  return keys.some(
    (k) => k.startsWith('checksum/') || k.includes('reloader.stakater.com/') || k === 'wave.pusher.com/update-on-config-change',
  );
}

/** ` (did you mean api?)` when a name one or two edits away (or a prefix/suffix of it) exists: the usual typo. */
export function didYouMean(name: string, names: string[]): string {
  const close = names.find((n) => n !== name && (editDistance(n, name) <= 2 || n.startsWith(name) || name.startsWith(n)));
  return close ? ` (did you mean ${close}?)` : '';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(cur + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/**
 * Resources (cpu, memory…) that a LimitRange of type Container defaults in each namespace: the
 * admission plugin copies `defaultRequest` (or `default`, the limit, which then becomes the
 * request) into containers that set none.
 */
export function limitRangeDefaults(objects: KubeObject[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const o of objects) {
    if (o.kind !== 'LimitRange' || o.apiVersion !== 'v1') continue;
    for (const l of asArray(asObject(o.raw.spec)?.limits)) {
      const item = asObject(l);
      if (item?.type !== 'Container') continue;
      const set = out.get(nsOf(o)) ?? new Set<string>();
      for (const k of [...Object.keys(asObject(item.default) ?? {}), ...Object.keys(asObject(item.defaultRequest) ?? {})]) set.add(k);
      out.set(nsOf(o), set);
    }
  }
  return out;
}
