import type { ClusterEvent, ClusterObject } from '../model/cluster.js';
import { asArray, asObject, asString } from '../model/cluster.js';
import type { ClusterIndex } from '../model/cluster-index.js';
import { ageSeconds, conditionOf } from './clock.js';
import { containerStates, podPhase } from './containers.js';
import { endpointsOf, podsSelectedBy, type EndpointCount } from './services.js';

/** Endpoints trail a new Service by a controller sync; younger than this is not a finding. */
export const SERVICE_GRACE_SECONDS = 60;

/** Pods of one owner that share the labels nearest to a selector that matches nothing. */
export interface ClosestPods {
  owner: ClusterObject;
  count: number;
  labels: Record<string, string>;
  /** Selector keys the pods' labels do not satisfy. */
  differing: string[];
}

export type EndpointGap =
  | { kind: 'no-match'; closest?: ClosestPods }
  | { kind: 'port'; portIndex: number; targetPort: string; declared: string[] }
  | { kind: 'not-ready'; owner: ClusterObject; pods: ClusterObject[]; selected: number; reason: string; event?: ClusterEvent };

export interface EndpointProblem {
  svc: ClusterObject;
  selector: Record<string, string>;
  endpoints: EndpointCount;
  gap: EndpointGap;
}

const cache = new WeakMap<ClusterIndex, EndpointProblem[]>();

/**
 * Services with a selector and no ready endpoint, and why: the selector matches no pod, a
 * named targetPort resolves in no selected container (the endpoints controller then skips
 * every pod), or the selected pods are not ready. ExternalName and selector-less Services
 * have hand-managed endpoints (or none by design) and are left alone.
 */
export function endpointProblems(index: ClusterIndex): EndpointProblem[] {
  const cached = cache.get(index);
  if (cached) return cached;
  const out: EndpointProblem[] = [];
  for (const svc of index.ofKind('Service')) {
    const spec = asObject(svc.raw.spec);
    if (asString(spec?.type) === 'ExternalName') continue;
    const selector = stringMap(asObject(spec?.selector));
    if (Object.keys(selector).length === 0) continue;
    const age = ageSeconds(index, asString(asObject(svc.raw.metadata)?.creationTimestamp));
    if (age !== undefined && age < SERVICE_GRACE_SECONDS) continue;
    const selected = podsSelectedBy(index, svc).filter((p) => !asString(asObject(p.raw.metadata)?.deletionTimestamp) && podPhase(p) !== 'Succeeded' && podPhase(p) !== 'Failed');
    const counted = endpointsOf(index, svc);
    // Without Endpoints/EndpointSlices in the snapshot, the pods' Ready condition says the same.
    const endpoints = counted.unknown ? { ready: selected.filter(isReady).length, notReady: selected.filter((p) => !isReady(p)).length, unknown: true } : counted;
    if (endpoints.ready > 0) continue;
    const gap = explain(index, svc, selector, selected);
    if (gap) out.push({ svc, selector, endpoints, gap });
  }
  cache.set(index, out);
  return out;
}

/** Undefined when the pods look fine and only the endpoints lag (a snapshot taken mid-sync). */
function explain(index: ClusterIndex, svc: ClusterObject, selector: Record<string, string>, selected: ClusterObject[]): EndpointGap | undefined {
  if (selected.length === 0) {
    const closest = closestPods(index, svc, selector);
    return { kind: 'no-match', ...(closest ? { closest } : {}) };
  }
  const ports = asArray(asObject(svc.raw.spec)?.ports).map(asObject);
  for (const [portIndex, p] of ports.entries()) {
    const target = asString(p?.targetPort);
    if (target === undefined || /^\d+$/.test(target)) continue;
    const declared = selected.flatMap(declaredPorts);
    if (!declared.some((d) => d.name === target)) {
      return { kind: 'port', portIndex, targetPort: target, declared: [...new Set(declared.map((d) => `${d.name ?? '(unnamed)'}/${d.port}`))] };
    }
  }
  const notReady = selected.filter((p) => !isReady(p));
  if (notReady.length === 0) return undefined;
  const owner = index.topOwner(notReady[0]!);
  const pods = notReady.filter((p) => index.topOwner(p) === owner);
  const { reason, event } = notReadyReason(index, pods[0]!);
  return { kind: 'not-ready', owner, pods, selected: selected.length, reason, ...(event ? { event } : {}) };
}

function isReady(pod: ClusterObject): boolean {
  return conditionOf(pod, 'Ready')?.status === 'True';
}

/** What keeps a pod out of the endpoints, in the words the kubelet used. */
function notReadyReason(index: ClusterIndex, pod: ClusterObject): { reason: string; event?: ClusterEvent } {
  const event = index.eventsFor(pod).find((e) => e.reason === 'Unhealthy' && /^Readiness probe (failed|errored)/.test(e.message));
  if (event) return { reason: event.message, event };
  if (podPhase(pod) === 'Pending' && !asString(asObject(pod.raw.spec)?.nodeName)) return { reason: 'Pending, not scheduled (see pod-unschedulable)' };
  const states = containerStates(pod);
  // Sidecars (init containers with restartPolicy: Always) never finish by design.
  const sidecar = (i: number): boolean => asString(asObject(asArray(asObject(pod.raw.spec)?.initContainers)[i])?.restartPolicy) === 'Always';
  const init = states.find((c) => c.init && c.terminated?.exitCode !== 0 && !sidecar(c.index));
  if (init) return { reason: `init container ${init.name} has not finished${init.waiting?.reason ? ` (${init.waiting.reason})` : init.running ? ' (running)' : ''}; see init-container-stuck` };
  const waiting = states.find((c) => c.waiting?.reason);
  if (waiting) return { reason: `container ${waiting.name} waiting: ${waiting.waiting!.reason}` };
  const ready = conditionOf(pod, 'Ready');
  return { reason: ready?.message ?? `phase ${podPhase(pod) || 'unknown'}, Ready=${ready?.status ?? 'unknown'}` };
}

function declaredPorts(pod: ClusterObject): { name?: string; port: number }[] {
  return asArray(asObject(pod.raw.spec)?.containers).flatMap((c) =>
    asArray(asObject(c)?.ports).flatMap((p) => {
      const o = asObject(p);
      const port = o?.containerPort;
      if (typeof port !== 'number') return [];
      const name = asString(o?.name);
      return [{ ...(name ? { name } : {}), port }];
    }),
  );
}

/** The owner whose pods satisfy the most selector pairs (at least one), to show the typo. */
function closestPods(index: ClusterIndex, svc: ClusterObject, selector: Record<string, string>): ClosestPods | undefined {
  let best: ClosestPods | undefined;
  let bestScore = 0;
  const seen = new Map<ClusterObject, ClosestPods>();
  for (const pod of index.ofKind('Pod')) {
    if (pod.namespace !== svc.namespace) continue;
    const labels = stringMap(asObject(asObject(pod.raw.metadata)?.labels));
    const differing = Object.entries(selector).filter(([k, v]) => labels[k] !== v).map(([k]) => k);
    const score = Object.keys(selector).length - differing.length;
    if (score === 0) continue;
    const owner = index.topOwner(pod);
    const known = seen.get(owner);
    if (known) {
      known.count++;
      continue;
    }
    const entry: ClosestPods = { owner, count: 1, labels: withoutHash(labels), differing };
    seen.set(owner, entry);
    if (score > bestScore) {
      best = entry;
      bestScore = score;
    }
  }
  return best;
}

/** pod-template-hash and controller-uid labels are the controller's, not the user's. */
function withoutHash(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).filter(([k]) => k !== 'pod-template-hash' && !k.includes('controller-uid')));
}

function stringMap(o: ReturnType<typeof asObject>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o ?? {})) if (typeof v === 'string') out[k] = v;
  return out;
}

export function labelText(labels: Record<string, string>): string {
  return Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');
}
