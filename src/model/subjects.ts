import type { Subject } from '../core/finding.js';
import type { ContainerView, JsonPath, KubeObject } from './manifest.js';

/** `['spec','containers',0,'image']` → `spec.containers[0].image` (kubectl's field path notation). */
export function fieldPath(path: JsonPath): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  return out;
}

/** A subject at `path` inside an object; the span falls back to the nearest existing parent. */
export function objectSubject(obj: KubeObject, path: JsonPath, target: 'key' | 'value' = 'value'): Subject {
  return { span: obj.locate(path, target).span, object: obj.ref, fieldPath: fieldPath(path) };
}

/** A subject at `rel` inside one container (e.g. `['resources']`), naming the container. */
export function containerSubject(c: ContainerView, rel: JsonPath = [], target: 'key' | 'value' = 'value'): Subject {
  return { ...objectSubject(c.template.object, [...c.path, ...rel], target), container: c.name };
}
