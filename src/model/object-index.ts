import type { KubeObject } from './manifest.js';

const cache = new WeakMap<readonly KubeObject[], Map<string, KubeObject[]>>();

/**
 * Objects of one kind in one namespace, indexed once per object set: cross-object rules
 * (HPA → target, PDB → pods, Service → pods) would otherwise scan every object for every
 * template, which is quadratic on a 5,000-file repo.
 */
export function objectsOf(objects: readonly KubeObject[], kind: string, namespace: string | undefined): KubeObject[] {
  let index = cache.get(objects);
  if (!index) {
    index = new Map();
    for (const o of objects) {
      const key = `${o.kind}\0${o.namespace ?? ''}`;
      const list = index.get(key);
      if (list) list.push(o);
      else index.set(key, [o]);
    }
    cache.set(objects, index);
  }
  return index.get(`${kind}\0${namespace ?? ''}`) ?? [];
}
