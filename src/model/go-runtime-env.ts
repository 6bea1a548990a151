import type { Subject } from '../core/finding.js';
import type { ContainerView, Json, JsonPath, KubeObject, PodTemplate } from './manifest.js';
import type { GoRequire } from './gomod.js';
import { isJsonObject } from './pod-templates.js';
import { parseQuantity } from './quantity.js';
import { objectSubject } from './subjects.js';
import type { Workspace } from './workspace.js';

/**
 * Where an environment variable of a container comes from, as far as the manifest set tells:
 * the Go runtime knobs (GOMEMLIMIT, GOMAXPROCS, TMPDIR) are read from the process environment.
 */
export interface EnvSetting {
  /** The object and path where the value is written (the env entry, or a ConfigMap key). */
  object: KubeObject;
  path: JsonPath;
  /** The string the process sees, when the manifests say (a literal or a ConfigMap in the set). */
  value?: string;
  /** `valueFrom.resourceFieldRef`: the value is a resource of the container, in units of `divisor`. */
  resourceField?: { resource: string; divisor?: string };
}

export type EnvLookup =
  | { set: true; setting: EnvSetting }
  /** `certain: false` when an envFrom source is outside the set (a Secret, a ConfigMap we don't have). */
  | { set: false; certain: boolean };

/**
 * The kubelet's precedence: `env` beats `envFrom`, a later entry beats an earlier one.
 * `objects` are searched for ConfigMaps/Secrets named by envFrom and configMapKeyRef.
 */
export function lookupEnv(c: ContainerView, name: string, objects: readonly KubeObject[]): EnvLookup {
  const env = Array.isArray(c.spec.env) ? (c.spec.env as unknown as Json[]) : [];
  for (let i = env.length - 1; i >= 0; i--) {
    const e = env[i];
    if (!isJsonObject(e) || e.name !== name) continue;
    return { set: true, setting: fromEnvEntry(c, e, [...c.path, 'env', i], objects) };
  }
  const envFrom = Array.isArray(c.spec.envFrom) ? (c.spec.envFrom as unknown as Json[]) : [];
  let certain = true;
  for (let i = envFrom.length - 1; i >= 0; i--) {
    const src = envFrom[i];
    if (!isJsonObject(src)) continue;
    const prefix = typeof src.prefix === 'string' ? src.prefix : '';
    if (!name.startsWith(prefix)) continue;
    const ref = isJsonObject(src.configMapRef) ? src.configMapRef : isJsonObject(src.secretRef) ? src.secretRef : undefined;
    const kind = isJsonObject(src.configMapRef) ? 'ConfigMap' : 'Secret';
    const store = ref && typeof ref.name === 'string' ? findStore(objects, kind, ref.name, c.template) : undefined;
    if (!store) {
      certain = false;
      continue;
    }
    const hit = keyOf(store, name.slice(prefix.length));
    if (hit) return { set: true, setting: hit };
  }
  return { set: false, certain };
}

/** The env entry itself when the value is literal, else where the value really lives. */
function fromEnvEntry(c: ContainerView, e: Record<string, Json>, path: JsonPath, objects: readonly KubeObject[]): EnvSetting {
  const object = c.template.object;
  if (typeof e.value === 'string') return { object, path: [...path, 'value'], value: e.value };
  const from = isJsonObject(e.valueFrom) ? e.valueFrom : undefined;
  const field = from && isJsonObject(from.resourceFieldRef) ? from.resourceFieldRef : undefined;
  if (field && typeof field.resource === 'string') {
    const divisor = typeof field.divisor === 'string' || typeof field.divisor === 'number' ? String(field.divisor) : undefined;
    return { object, path: [...path, 'valueFrom', 'resourceFieldRef'], resourceField: { resource: field.resource, ...(divisor !== undefined && { divisor }) } };
  }
  const keyRef = from && isJsonObject(from.configMapKeyRef) ? from.configMapKeyRef : undefined;
  if (keyRef && typeof keyRef.name === 'string' && typeof keyRef.key === 'string') {
    const store = findStore(objects, 'ConfigMap', keyRef.name, c.template);
    const hit = store && keyOf(store, keyRef.key);
    if (hit) return hit;
  }
  // Unresolved references (Secrets, fieldRef, ConfigMaps outside the set): set, value unknown.
  return { object, path };
}

function findStore(objects: readonly KubeObject[], kind: string, name: string, t: PodTemplate): KubeObject | undefined {
  return objects.find((o) => o.kind === kind && o.apiVersion === 'v1' && o.name === name && (o.namespace ?? '') === (t.object.namespace ?? ''));
}

function keyOf(store: KubeObject, key: string): EnvSetting | undefined {
  const data = store.raw.data;
  if (isJsonObject(data) && key in data) {
    const v = data[key];
    // Secret `data` is base64; ConfigMap `data` is the value itself.
    const value = typeof v !== 'string' ? undefined : store.kind === 'Secret' ? Buffer.from(v, 'base64').toString('utf8') : v;
    return { object: store, path: ['data', key], ...(value !== undefined && { value }) };
  }
  const stringData = store.kind === 'Secret' ? store.raw.stringData : undefined;
  if (isJsonObject(stringData) && key in stringData) {
    const v = stringData[key];
    return { object: store, path: ['stringData', key], ...(typeof v === 'string' && { value: v }) };
  }
  return undefined;
}

/** Subject for a setting: inside the container when it is the container's own env entry. */
export function settingSubject(c: ContainerView, s: EnvSetting): Subject {
  const at = objectSubject(s.object, s.path);
  return s.object === c.template.object ? { ...at, container: c.name } : at;
}

/**
 * Containers running the service's own process for the pod's whole life: main containers and
 * native sidecars. Classic init containers are short-lived; Jobs count (a batch Go job OOMs too).
 */
export function processContainers(t: PodTemplate): ContainerView[] {
  return [...t.initContainers.filter((c) => c.spec.restartPolicy === 'Always'), ...t.containers];
}

/**
 * Images that are certainly not Go programs (proxies, databases, other runtimes): GOMEMLIMIT and
 * GOMAXPROCS mean nothing to them. Matched on the last path segment so mirrors count too.
 */
const NOT_GO = new Set([
  'nginx', 'nginx-unprivileged', 'openresty', 'httpd', 'haproxy', 'varnish', 'squid',
  'envoy', 'envoy-distroless', 'proxyv2', 'linkerd2-proxy',
  'redis', 'valkey', 'postgres', 'postgresql', 'mysql', 'mariadb', 'mongo', 'mongodb', 'memcached',
  'rabbitmq', 'elasticsearch', 'opensearch', 'kibana', 'cassandra', 'kafka', 'zookeeper', 'clickhouse-server',
  'fluentd', 'fluent-bit', 'busybox',
  'python', 'node', 'openjdk', 'eclipse-temurin', 'amazoncorretto', 'ruby', 'php', 'aspnet', 'keycloak',
]);

export function isKnownNonGoImage(image: unknown): boolean {
  if (typeof image !== 'string') return false;
  const repo = image.split('@')[0]!.replace(/:[^/:]*$/, '');
  const last = repo.slice(repo.lastIndexOf('/') + 1).toLowerCase();
  return NOT_GO.has(last);
}

/** The first require of `modulePath` in any go.mod of the workspace: the code likely imports it. */
export function requiredAnywhere(ws: Workspace, modulePath: string): GoRequire | undefined {
  for (const m of ws.goModules) {
    const r = m.requires.find((req) => req.path === modulePath || req.path.startsWith(`${modulePath}/`));
    if (r) return r;
  }
  return undefined;
}

/** A memory limit as written and in bytes; undefined when absent or not a quantity. */
export function memoryLimit(c: ContainerView): { raw: string; bytes: number } | undefined {
  const raw = c.spec.resources?.limits?.memory;
  const bytes = parseQuantity(raw);
  return bytes !== undefined && bytes > 0 ? { raw: String(raw), bytes } : undefined;
}
