import type { Probe } from 'kubernetes-types/core/v1.js';
import type { ClusterEvent } from '../model/cluster.js';
import { asArray, asObject, asString } from '../model/cluster.js';
import type { ClusterIndex } from '../model/cluster-index.js';
import { probeTiming } from '../model/probe-timing.js';
import { containerEvents } from './container-evidence.js';
import { containerStates, podPhase, type ContainerState } from './containers.js';
import { groupByOwner, type OwnerGroup } from './owner-groups.js';
import { containerSpec, probeOf } from './pod-spec.js';
import { secondsBetween, snapshotTime } from './clock.js';

/** Not-ready for this long after start is no longer "still warming up". */
export const NEVER_READY_SECONDS = 300;

export interface ReadinessData {
  probe: Probe;
  runningSeconds: number;
  /** The newest Warning/Unhealthy "Readiness probe failed: …" for the container. */
  unhealthy?: ClusterEvent;
  failure: 'refused' | 'status' | 'timeout' | 'other' | 'unknown';
}

export type ReadinessProblem = OwnerGroup<ReadinessData>;

const cache = new WeakMap<ClusterIndex, ReadinessProblem[]>();

/**
 * Running containers whose readiness probe has not passed once since they started: the pod's
 * Ready condition has not changed since before the container started, and it has run for
 * NEVER_READY_SECONDS. Containers that were ready and lost it are a different story.
 */
export function readinessProblems(index: ClusterIndex): ReadinessProblem[] {
  const cached = cache.get(index);
  if (cached) return cached;
  const now = snapshotTime(index);
  const items: { c: ContainerState; cause: string; data: ReadinessData }[] = [];
  for (const pod of index.ofKind('Pod')) {
    if (podPhase(pod) !== 'Running') continue;
    const readySince = asArray(asObject(pod.raw.status)?.conditions)
      .map(asObject)
      .find((c) => asString(c?.type) === 'Ready');
    for (const c of containerStates(pod)) {
      if (c.init || c.ready || !c.running?.startedAt) continue;
      const probe = probeOf(containerSpec(c), 'readinessProbe');
      if (!probe) continue;
      const running = secondsBetween(c.running.startedAt, now);
      if (running === undefined || running < NEVER_READY_SECONDS) continue;
      const flipped = secondsBetween(c.running.startedAt, asString(readySince?.lastTransitionTime));
      if (asString(readySince?.status) === 'True' || (flipped !== undefined && flipped > probeTiming(probe).initialDelaySeconds + probeTiming(probe).periodSeconds)) continue;
      const unhealthy = containerEvents(index, c, ['Unhealthy']).find((e) => /^Readiness probe (failed|errored)/.test(e.message));
      const failure = classify(unhealthy?.message);
      items.push({ c, cause: failure, data: { probe, runningSeconds: running, failure, ...(unhealthy ? { unhealthy } : {}) } });
    }
  }
  const out = groupByOwner(index, items);
  cache.set(index, out);
  return out;
}

function classify(message: string | undefined): ReadinessData['failure'] {
  if (message === undefined) return 'unknown';
  if (/connect: connection refused/.test(message)) return 'refused';
  if (/statuscode: \d+/.test(message)) return 'status';
  if (/Client\.Timeout exceeded|context deadline exceeded|timed out|i\/o timeout/.test(message)) return 'timeout';
  return 'other';
}
