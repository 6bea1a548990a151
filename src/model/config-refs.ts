import type { ContainerView, Json, JsonObject, JsonPath, PodTemplate } from './manifest.js';
import { asArray, asObject } from './wiring.js';

export type ConfigKind = 'ConfigMap' | 'Secret';

/** One place a pod template reads a ConfigMap or Secret (or one key of it). */
export interface ConfigRef {
  kind: ConfigKind;
  name: string;
  /** A single key (env valueFrom, volume items); undefined for the whole object. */
  key?: string;
  optional: boolean;
  via: 'env' | 'envFrom' | 'volume';
  /** Absolute path of the reference (the `name` field) inside the owning object. */
  path: JsonPath;
  /** The container for env/envFrom references. */
  container?: ContainerView;
  /** The volume name for volume references. */
  volume?: string;
}

/** Every ConfigMap/Secret reference of a pod template: env, envFrom, and configMap/secret/projected volumes. */
export function configRefs(t: PodTemplate): ConfigRef[] {
  const out: ConfigRef[] = [];
  for (const c of [...t.initContainers, ...t.containers]) {
    const raw = c.spec as unknown as JsonObject;
    asArray(raw.env).forEach((e, i) => {
      const from = asObject(asObject(e)?.valueFrom);
      for (const [field, kind] of [['configMapKeyRef', 'ConfigMap'], ['secretKeyRef', 'Secret']] as const) {
        const sel = asObject(from?.[field]);
        if (!sel || typeof sel.name !== 'string') continue;
        const key = typeof sel.key === 'string' ? sel.key : undefined;
        out.push({ kind, name: sel.name, ...(key !== undefined ? { key } : {}), optional: sel.optional === true, via: 'env', path: [...c.path, 'env', i, 'valueFrom', field, 'name'], container: c });
      }
    });
    asArray(raw.envFrom).forEach((e, i) => {
      for (const [field, kind] of [['configMapRef', 'ConfigMap'], ['secretRef', 'Secret']] as const) {
        const sel = asObject(asObject(e)?.[field]);
        if (!sel || typeof sel.name !== 'string') continue;
        out.push({ kind, name: sel.name, optional: sel.optional === true, via: 'envFrom', path: [...c.path, 'envFrom', i, field, 'name'], container: c });
      }
    });
  }
  const volumes = asArray((t.spec as unknown as JsonObject).volumes);
  volumes.forEach((v, i) => {
    const vol = asObject(v);
    const volume = typeof vol?.name === 'string' ? vol.name : '';
    const base = [...t.specPath, 'volumes', i];
    addVolumeSource(out, asObject(vol?.configMap), 'ConfigMap', 'name', [...base, 'configMap'], volume);
    addVolumeSource(out, asObject(vol?.secret), 'Secret', 'secretName', [...base, 'secret'], volume);
    asArray(asObject(vol?.projected)?.sources).forEach((s, j) => {
      const src = asObject(s);
      addVolumeSource(out, asObject(src?.configMap), 'ConfigMap', 'name', [...base, 'projected', 'sources', j, 'configMap'], volume);
      addVolumeSource(out, asObject(src?.secret), 'Secret', 'name', [...base, 'projected', 'sources', j, 'secret'], volume);
    });
  });
  return out;
}

function addVolumeSource(out: ConfigRef[], src: JsonObject | undefined, kind: ConfigKind, nameField: string, path: JsonPath, volume: string): void {
  const name = src?.[nameField];
  if (!src || typeof name !== 'string') return;
  const optional = src.optional === true;
  out.push({ kind, name, optional, via: 'volume', path: [...path, nameField], volume });
  // `items` project single keys; a missing one fails the mount unless optional.
  asArray(src.items).forEach((it, k) => {
    const key = asObject(it)?.key;
    if (typeof key === 'string') out.push({ kind, name, key, optional, via: 'volume', path: [...path, 'items', k, 'key'], volume });
  });
}

/** Keys a ConfigMap (data, binaryData) or Secret (data, stringData) holds. */
export function configKeys(raw: JsonObject): Set<string> {
  const keys = new Set<string>();
  for (const field of ['data', 'binaryData', 'stringData']) {
    const m: Json | undefined = raw[field];
    if (m && typeof m === 'object' && !Array.isArray(m)) for (const k of Object.keys(m)) keys.add(k);
  }
  return keys;
}

/**
 * Names that change whenever the content does, so consumers roll anyway: Kustomize's
 * configMapGenerator/secretGenerator hash suffix (`-` + 10 chars of its alphabet), or an
 * `immutable: true` object (changes need a new name).
 */
export function changesRollPods(o: { name: string; raw: JsonObject }): boolean {
  return o.raw.immutable === true || /-[2456789bcdfghkmt]{10}$/.test(o.name);
}
