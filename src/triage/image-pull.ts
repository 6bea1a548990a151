import type { ClusterEvent, ClusterObject } from '../model/cluster.js';
import type { ClusterIndex } from '../model/cluster-index.js';
import { containerStates, type ContainerState } from './containers.js';

export type PullFailure = 'not-found' | 'unauthorized' | 'tls' | 'platform' | 'unreachable' | 'rate-limited' | 'invalid-name' | 'unknown';

/**
 * containerd, CRI-O and dockershim word the same failures differently; order matters where
 * one message holds several phrases (Docker Hub's "pull access denied, repository does not
 * exist or may require authorization" is an auth failure first; "no match for platform in
 * manifest: not found" is a platform mismatch).
 */
const CLASSES: [PullFailure, RegExp][] = [
  ['platform', /no match for platform in manifest|no matching manifest for|does not match the specified platform/i],
  ['rate-limited', /toomanyrequests|429 Too Many Requests|pull rate limit/i],
  ['tls', /x509:|certificate signed by unknown authority|tls: failed to verify certificate|server gave HTTP response to HTTPS client/i],
  ['unauthorized', /unauthorized|authentication required|pull access denied|insufficient_scope|403 Forbidden|failed to authorize|denied: requested access/i],
  ['not-found', /: not found|manifest unknown|manifest for \S+ not found|name unknown|NotFound desc|repository \S+ not found/i],
  ['unreachable', /no such host|i\/o timeout|connection refused|network is unreachable|context deadline exceeded|TLS handshake timeout|dial tcp/i],
];

export function classifyPull(message: string): PullFailure {
  return CLASSES.find(([, re]) => re.test(message))?.[0] ?? 'unknown';
}

const IMAGE_IN_MESSAGE = /(?:image|pulling image|reference) "([^"]+)"/i;

export interface PullProblem {
  owner: ClusterObject;
  container: string;
  image: string;
  failure: PullFailure;
  /** The message the classification came from (an event or the waiting message). */
  detail: string;
  detailEvent?: ClusterEvent;
  pods: ContainerState[];
  /** Pods the owner has in total, for "2/3 pods". */
  total: number;
}

const cache = new WeakMap<ClusterIndex, PullProblem[]>();

/**
 * Pods stuck pulling, grouped by top owner, container and cause. The waiting message is often
 * just "Back-off pulling image …" (events expire after an hour); the newest `Failed` event or
 * the newer kubelets' "Back-off pulling image "x": <error>" form supplies the cause.
 */
export function pullProblems(index: ClusterIndex): PullProblem[] {
  const cached = cache.get(index);
  if (cached) return cached;
  const groups = new Map<string, PullProblem>();
  for (const pod of index.ofKind('Pod')) {
    for (const c of containerStates(pod)) {
      const reason = c.waiting?.reason;
      if (reason !== 'ImagePullBackOff' && reason !== 'ErrImagePull' && reason !== 'InvalidImageName' && reason !== 'ErrImageNeverPull') continue;
      const image = c.image ?? imageOf(c.waiting?.message) ?? '';
      const { failure, detail, event } = cause(index, pod, c, image);
      const owner = index.topOwner(pod);
      const key = `${owner.kind}/${owner.namespace}/${owner.name}/${c.name}/${failure}`;
      const g = groups.get(key);
      if (g) g.pods.push(c);
      else {
        const total = owner === pod ? 1 : index.podsOf(owner).length;
        groups.set(key, { owner, container: c.name, image, failure, detail, ...(event ? { detailEvent: event } : {}), pods: [c], total });
      }
    }
  }
  const out = [...groups.values()];
  cache.set(index, out);
  return out;
}

function cause(index: ClusterIndex, pod: ClusterObject, c: ContainerState, image: string): { failure: PullFailure; detail: string; event?: ClusterEvent } {
  if (c.waiting?.reason === 'InvalidImageName') return { failure: 'invalid-name', detail: c.waiting.message ?? 'InvalidImageName' };
  const candidates = [c.waiting?.message ?? ''];
  const events = index
    .eventsFor(pod)
    .filter((e) => (e.reason === 'Failed' || e.reason === 'BackOff') && e.message.includes(image) && !/^Error: /.test(e.message));
  for (const e of events) {
    const failure = classifyPull(e.message);
    if (failure !== 'unknown') return { failure, detail: e.message, event: e };
  }
  for (const m of candidates) {
    const failure = classifyPull(m);
    if (failure !== 'unknown') return { failure, detail: m };
  }
  const last = events[0];
  return { failure: 'unknown', detail: last?.message ?? c.waiting?.message ?? c.waiting?.reason ?? '', ...(last ? { event: last } : {}) };
}

function imageOf(message: string | undefined): string | undefined {
  return message ? IMAGE_IN_MESSAGE.exec(message)?.[1] : undefined;
}
