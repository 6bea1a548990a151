import type { ClusterEvent, ClusterObject } from '../model/cluster.js';
import { asArray, asObject, asString } from '../model/cluster.js';
import type { ClusterIndex } from '../model/cluster-index.js';
import { containerEvents } from './container-evidence.js';
import { containerStates, type ContainerState } from './containers.js';
import { groupByOwner, type OwnerGroup } from './owner-groups.js';
import { secondsBetween, snapshotTime } from './clock.js';

/** A pod younger than this may just be racing the ConfigMap or Secret it needs. */
export const SETTLE_SECONDS = 60;

export type StoreKind = 'ConfigMap' | 'Secret';

/**
 * CreateContainerConfigError bodies (kubelet_pods.go makeEnvironmentVariables, the API
 * server's NotFound, security_context_others.go verifyRunAsNonRoot), old and new wording.
 */
export type ConfigFailure =
  | { kind: 'missing-object'; store: StoreKind; name: string }
  | { kind: 'missing-key'; store: StoreKind; name: string; key: string }
  | { kind: 'non-root'; variant: 'root' | 'non-numeric' | 'uid-zero'; user?: string };

export function classifyConfigError(message: string): ConfigFailure | undefined {
  let m = /\b(configmap|secret) "([^"]+)" not found/i.exec(message);
  if (m) return { kind: 'missing-object', store: m[1]!.toLowerCase() === 'secret' ? 'Secret' : 'ConfigMap', name: m[2]! };
  m = /couldn't find key (\S+) in (ConfigMap|Secret) (?:[^/\s]+\/)?(\S+)/.exec(message);
  if (m) return { kind: 'missing-key', store: m[2] as StoreKind, name: m[3]!, key: m[1]! };
  m = /container has runAsNonRoot and image has non-numeric user \(([^)]*)\)/.exec(message);
  if (m) return { kind: 'non-root', variant: 'non-numeric', user: m[1]! };
  if (/container has runAsNonRoot and image will run as root/.test(message)) return { kind: 'non-root', variant: 'root' };
  if (/runAsUser breaks non-root policy/.test(message)) return { kind: 'non-root', variant: 'uid-zero' };
  return undefined;
}

export interface ConfigProblemData {
  failure: ConfigFailure;
  /** The message it was read from, and the event when it came from one. */
  message: string;
  event?: ClusterEvent;
}

export type ConfigProblem = OwnerGroup<ConfigProblemData>;

const cache = new WeakMap<ClusterIndex, ConfigProblem[]>();

/** Containers stuck in CreateContainerConfigError past the settle time, by owner × container × failure. */
export function configProblems(index: ClusterIndex): ConfigProblem[] {
  const cached = cache.get(index);
  if (cached) return cached;
  const items: { c: ContainerState; cause: string; data: ConfigProblemData }[] = [];
  for (const pod of settledPods(index)) {
    for (const c of containerStates(pod)) {
      if (c.waiting?.reason !== 'CreateContainerConfigError') continue;
      const event = containerEvents(index, c, ['Failed']).find((e) => classifyConfigError(e.message));
      const fromWaiting = c.waiting.message ? classifyConfigError(c.waiting.message) : undefined;
      const failure = fromWaiting ?? (event ? classifyConfigError(event.message) : undefined);
      if (!failure) continue;
      const message = fromWaiting ? c.waiting.message! : event!.message;
      const data: ConfigProblemData = { failure, message, ...(event ? { event } : {}) };
      items.push({ c, cause: JSON.stringify(failure), data });
    }
  }
  const out = groupByOwner(index, items);
  cache.set(index, out);
  return out;
}

/** Pods old enough (against the snapshot's clock) that a missing reference is not a race. */
export function settledPods(index: ClusterIndex): ClusterObject[] {
  const now = snapshotTime(index);
  return index.ofKind('Pod').filter((pod) => {
    const age = secondsBetween(asString(asObject(pod.raw.metadata)?.creationTimestamp), now);
    return age === undefined || age >= SETTLE_SECONDS;
  });
}

/** Where in the container spec a ConfigMap/Secret is referenced: `.envFrom[0].configMapRef`, `.env[2].valueFrom.secretKeyRef`. */
export function refField(c: ContainerState, store: StoreKind, name: string, key?: string): string | undefined {
  const spec = asObject(asArray(asObject(c.pod.raw.spec)?.[c.init ? 'initContainers' : 'containers'])[c.index]);
  const keyRef = store === 'ConfigMap' ? 'configMapKeyRef' : 'secretKeyRef';
  const env = asArray(spec?.env).map(asObject);
  for (let i = 0; i < env.length; i++) {
    const ref = asObject(asObject(env[i]?.valueFrom)?.[keyRef]);
    if (asString(ref?.name) === name && (key === undefined || asString(ref?.key) === key)) return `.env[${i}].valueFrom.${keyRef}`;
  }
  const fromRef = store === 'ConfigMap' ? 'configMapRef' : 'secretRef';
  const envFrom = asArray(spec?.envFrom).map(asObject);
  for (let i = 0; i < envFrom.length; i++) {
    if (asString(asObject(envFrom[i]?.[fromRef])?.name) === name) return `.envFrom[${i}].${fromRef}`;
  }
  return undefined;
}

/** Whether the snapshot has the ConfigMap/Secret, and which keys (names only: Secret values never enter the model). */
export function storeState(index: ClusterIndex, store: StoreKind, namespace: string, name: string): { obj?: ClusterObject; keys: string[]; text: string; surelyAbsent: boolean } {
  const obj = index.get(store, namespace, name);
  if (obj) {
    const keys = [...Object.keys(asObject(obj.raw.data) ?? {}), ...Object.keys(asObject(obj.raw.binaryData) ?? {})].sort();
    return { obj, keys, surelyAbsent: false, text: `${store} ${namespace}/${name} is in the snapshot (keys: ${keys.length > 0 ? keys.join(', ') : 'none'})` };
  }
  const any = index.ofKind(store).some((o) => o.namespace === namespace);
  return { keys: [], surelyAbsent: any, text: any ? `${store} ${namespace}/${name} does not exist (not among the namespace's ${store}s in the snapshot)` : `the snapshot has no ${store}s in ${namespace}, so it cannot tell whether ${name} exists` };
}
