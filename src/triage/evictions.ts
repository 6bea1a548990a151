import type { ClusterEvent, ClusterObject } from '../model/cluster.js';
import { asArray, asObject, asString } from '../model/cluster.js';
import type { ClusterIndex } from '../model/cluster-index.js';
import { templateSpecPath } from './describe.js';

/**
 * What the kubelet's eviction manager wrote (pkg/kubelet/eviction/helpers.go). The per-container
 * sentence changed wording in 1.31: old `Container %s was using %s, which exceeds its request
 * of %s. `, new `Container %s was using %s, request is %s, has larger consumption of %v. `.
 */
export interface EvictionMessage {
  /** `memory`, `ephemeral-storage`, `pids`, or what a node condition stands for. */
  resource: string;
  kind: 'node-pressure' | 'container-ephemeral-limit' | 'pod-ephemeral-limit' | 'emptydir-limit';
  container?: string;
  usage?: string;
  request?: string;
  limit?: string;
  volume?: string;
  threshold?: string;
  available?: string;
}

const CONDITION_RESOURCE: Record<string, string> = { MemoryPressure: 'memory', DiskPressure: 'ephemeral-storage', PIDPressure: 'pids' };

export function parseEviction(message: string): EvictionMessage | undefined {
  const containerLimit = /Container (\S+) exceeded its local ephemeral storage limit "([^"]+)"\./.exec(message);
  if (containerLimit) return { resource: 'ephemeral-storage', kind: 'container-ephemeral-limit', container: containerLimit[1]!, limit: containerLimit[2]! };
  const podLimit = /Pod ephemeral local storage usage exceeds the total limit of containers (\S+?)\.(?:\s|$)/.exec(message);
  if (podLimit) return { resource: 'ephemeral-storage', kind: 'pod-ephemeral-limit', limit: podLimit[1]! };
  const emptyDir = /Usage of EmptyDir volume "([^"]+)" exceeds the limit "([^"]+)"\./.exec(message);
  if (emptyDir) return { resource: 'ephemeral-storage', kind: 'emptydir-limit', volume: emptyDir[1]!, limit: emptyDir[2]! };
  const low = /The node was low on resource: ([\w./-]+)\./.exec(message);
  const cond = /The node had condition: \[?(\w+)\]?\./.exec(message);
  const resource = low?.[1] ?? (cond ? CONDITION_RESOURCE[cond[1]!] ?? cond[1]! : undefined);
  if (!resource) return undefined;
  const out: EvictionMessage = { resource, kind: 'node-pressure' };
  const threshold = /Threshold quantity: (\S+), available: (\S+?)\./.exec(message);
  if (threshold) Object.assign(out, { threshold: threshold[1]!, available: threshold[2]! });
  const use = /Container (\S+) was using (\S+), (?:which exceeds its request of (\S+?)|request is (\S+?), has larger consumption of \S+?)\./.exec(message);
  if (use) Object.assign(out, { container: use[1]!, usage: use[2]!, request: use[3] ?? use[4]! });
  return out;
}

export interface EvictionGroup {
  owner: ClusterObject;
  pods: ClusterObject[];
  total: number;
  parsed: EvictionMessage;
  message: string;
  node?: string;
  event?: ClusterEvent;
  /** The owner's template field the fix changes, and the container's name. */
  fieldPath: string;
  container?: string;
}

const cache = new WeakMap<ClusterIndex, EvictionGroup[]>();

/** Pods the kubelet evicted (phase Failed, reason Evicted), grouped by top owner × resource × container. */
export function evictionGroups(index: ClusterIndex): EvictionGroup[] {
  const cached = cache.get(index);
  if (cached) return cached;
  const groups = new Map<string, EvictionGroup>();
  for (const pod of index.ofKind('Pod')) {
    const status = asObject(pod.raw.status);
    if (asString(status?.phase) !== 'Failed' || asString(status?.reason) !== 'Evicted') continue;
    const event = index.eventsFor(pod).find((e) => e.reason === 'Evicted');
    const message = (asString(status?.message) ?? event?.message ?? '').trim();
    const parsed = parseEviction(message);
    if (!parsed) continue;
    const owner = index.topOwner(pod);
    const key = `${owner.kind}\0${owner.namespace}\0${owner.name}\0${parsed.resource}\0${parsed.kind}\0${parsed.container ?? parsed.volume ?? ''}`;
    const g = groups.get(key);
    if (g) {
      g.pods.push(pod);
      continue;
    }
    const { fieldPath, container } = fixField(owner, pod, parsed);
    const node = asString(asObject(pod.raw.spec)?.nodeName);
    groups.set(key, {
      owner,
      pods: [pod],
      total: owner === pod ? 1 : index.podsOf(owner).length,
      parsed,
      message,
      ...(node ? { node } : {}),
      ...(event ? { event } : {}),
      fieldPath,
      ...(container ? { container } : {}),
    });
  }
  const out = [...groups.values()];
  cache.set(index, out);
  return out;
}

/** requests.<resource> of the named container, the emptyDir's sizeLimit, or limits.ephemeral-storage. */
function fixField(owner: ClusterObject, pod: ClusterObject, m: EvictionMessage): { fieldPath: string; container?: string } {
  const base = templateSpecPath(owner.kind);
  const spec = asObject(pod.raw.spec);
  if (m.kind === 'emptydir-limit') {
    const i = asArray(spec?.volumes).findIndex((v) => asString(asObject(v)?.name) === m.volume);
    return { fieldPath: `${base}.volumes[${Math.max(0, i)}].emptyDir.sizeLimit` };
  }
  const containers = asArray(spec?.containers).map(asObject);
  const named = m.container ?? asString(containers.find((c) => asObject(asObject(c?.resources)?.limits)?.['ephemeral-storage'] !== undefined)?.name) ?? asString(containers[0]?.name);
  const i = Math.max(0, containers.findIndex((c) => asString(c?.name) === named));
  const field = m.kind === 'node-pressure' ? `requests.${m.resource}` : 'limits.ephemeral-storage';
  return { fieldPath: `${base}.containers[${i}].resources.${field}`, ...(named ? { container: named } : {}) };
}
