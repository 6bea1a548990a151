import type { ClusterObject } from '../model/cluster.js';
import { asArray, asObject, asString } from '../model/cluster.js';
import type { ClusterIndex } from '../model/cluster-index.js';
import type { JsonObject } from '../model/manifest.js';
import { formatBytesQuantity, formatCpu, parseQuantity } from '../model/quantity.js';

/** One container's ask for one resource, for naming the field to lower. */
export interface ContainerRequest {
  name: string;
  init: boolean;
  index: number;
  amount: number;
}

/** What the scheduler charges a pod for one resource, and which container drives it. */
export interface PodRequest {
  resource: string;
  amount: number;
  /** The container whose request to lower: the biggest app container, or the init container when init dominates. */
  biggest?: ContainerRequest;
  /** Init containers run one at a time before the app containers: the largest one wins when it exceeds the sum. */
  initDominates: boolean;
  containers: ContainerRequest[];
}

/**
 * The scheduler's effective request (component-helpers resource.PodRequests): the sum over app
 * containers, or the largest init container when that is bigger, plus pod overhead. A missing
 * request defaults to the limit, as the API server's defaulting does.
 */
export function podRequest(spec: JsonObject | undefined, resource: string): PodRequest {
  const containers: ContainerRequest[] = [];
  let sum = 0;
  let initMax = 0;
  let initBiggest: ContainerRequest | undefined;
  for (const [field, init] of [['containers', false], ['initContainers', true]] as const) {
    asArray(spec?.[field]).forEach((c, index) => {
      const obj = asObject(c);
      const res = asObject(obj?.resources);
      const amount = parseQuantity(asObject(res?.requests)?.[resource] ?? asObject(res?.limits)?.[resource]) ?? 0;
      const req: ContainerRequest = { name: asString(obj?.name) ?? `#${index}`, init, index, amount };
      containers.push(req);
      if (!init) sum += amount;
      else if (amount > initMax) [initMax, initBiggest] = [amount, req];
    });
  }
  const overhead = parseQuantity(asObject(spec?.overhead)?.[resource]) ?? 0;
  const initDominates = initMax > sum;
  const apps = containers.filter((c) => !c.init && c.amount > 0).sort((a, b) => b.amount - a.amount);
  const biggest = initDominates ? initBiggest : apps[0];
  return { resource, amount: Math.max(sum, initMax) + overhead, ...(biggest ? { biggest } : {}), initDominates, containers };
}

export function quantityOf(obj: JsonObject | undefined, resource: string): number | undefined {
  return parseQuantity(obj?.[resource]);
}

/** `2`, `500m`, `1.5Gi`: the units people write for this resource. */
export function formatResource(resource: string, amount: number): string {
  if (resource === 'cpu') return formatCpu(Math.round(amount * 1000) / 1000);
  if (resource === 'memory' || resource.endsWith('storage') || resource.startsWith('hugepages-')) return formatBytesQuantity(amount);
  return String(amount);
}

/** `3 CPU`, `1536Mi of memory`: a request said aloud. */
export function sayResource(resource: string, amount: number): string {
  if (resource === 'cpu') return `${formatResource(resource, amount)} CPU`;
  if (resource === 'pods') return `${amount} pod slot${amount === 1 ? '' : 's'}`;
  return `${formatResource(resource, amount)} of ${resource}`;
}

const usageCache = new WeakMap<ClusterIndex, Map<string, ClusterObject[]>>();

/** Pods bound to each node that still hold their requests (not Succeeded/Failed). */
export function podsOnNode(index: ClusterIndex, node: string): ClusterObject[] {
  let byNode = usageCache.get(index);
  if (!byNode) {
    byNode = new Map();
    for (const pod of index.ofKind('Pod')) {
      const name = asString(asObject(pod.raw.spec)?.nodeName);
      const phase = asString(asObject(pod.raw.status)?.phase);
      if (!name || phase === 'Succeeded' || phase === 'Failed') continue;
      const list = byNode.get(name);
      if (list) list.push(pod);
      else byNode.set(name, [pod]);
    }
    usageCache.set(index, byNode);
  }
  return byNode.get(node) ?? [];
}

const requestedCache = new WeakMap<ClusterIndex, Map<string, number>>();

/** Sum of the requests already placed on a node for one resource (what the scheduler subtracts). */
export function requestedOnNode(index: ClusterIndex, node: string, resource: string): number {
  let cache = requestedCache.get(index);
  if (!cache) requestedCache.set(index, (cache = new Map()));
  const key = `${node}\0${resource}`;
  let sum = cache.get(key);
  if (sum === undefined) {
    sum = podsOnNode(index, node).reduce((s, p) => s + podRequest(asObject(p.raw.spec), resource).amount, 0);
    cache.set(key, sum);
  }
  return sum;
}
