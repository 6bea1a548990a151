import type { ClusterEvent } from '../model/cluster.js';
import { asArray, asObject, asString } from '../model/cluster.js';
import type { ClusterIndex } from '../model/cluster-index.js';
import { settledPods, type StoreKind } from './config-errors.js';
import { containerStates, type ContainerState } from './containers.js';
import { groupByOwner, type OwnerGroup } from './owner-groups.js';

/**
 * kubelet volume manager events: `MountVolume.SetUp failed for volume "config" : configmap
 * "app-config" not found` (operation_generator.go + the volume plugin's error) and the summary
 * `Unable to attach or mount volumes: unmounted volumes=[config], …: timed out waiting for the
 * condition` (≤ 1.23; later `…, failed to process volumes=[]: context deadline exceeded`).
 */
const SETUP = /MountVolume\.SetUp failed for volume "([^"]+)" : (.+)$/;
const SUMMARY = /Unable to attach or mount volumes: unmounted volumes=\[([^\]]*)\]/;

export interface MountProblemData {
  volume: string;
  /** The plugin's error after "MountVolume.SetUp failed for volume …: ". */
  error: string;
  /** The ConfigMap/Secret the error names, when it is a missing one. */
  missing?: { store: StoreKind; name: string };
  setup: ClusterEvent;
  summary?: ClusterEvent;
  /** Index of the volume in the pod spec (and so in the owner's template). */
  volumeIndex: number;
}

export type MountProblem = OwnerGroup<MountProblemData>;

const cache = new WeakMap<ClusterIndex, MountProblem[]>();

/** Pods held in ContainerCreating by a volume that cannot be set up, by owner × volume. */
export function mountProblems(index: ClusterIndex): MountProblem[] {
  const cached = cache.get(index);
  if (cached) return cached;
  const items: { c: ContainerState; cause: string; data: MountProblemData }[] = [];
  for (const pod of settledPods(index)) {
    const states = containerStates(pod);
    const first = states.find((c) => c.waiting?.reason === 'ContainerCreating' || c.waiting?.reason === 'PodInitializing');
    if (!first || states.some((c) => c.running)) continue;
    const events = index.eventsFor(pod).filter((e) => e.reason === 'FailedMount');
    const summary = events.find((e) => SUMMARY.test(e.message));
    const seen = new Set<string>();
    for (const e of events) {
      const m = SETUP.exec(e.message);
      if (!m || seen.has(m[1]!)) continue;
      seen.add(m[1]!);
      const volume = m[1]!;
      const error = m[2]!.trim();
      const ref = /\b(configmap|secret) "([^"]+)" not found/i.exec(error);
      const volumes = asArray(asObject(pod.raw.spec)?.volumes).map((v) => asString(asObject(v)?.name));
      const data: MountProblemData = {
        volume,
        error,
        setup: e,
        volumeIndex: Math.max(0, volumes.indexOf(volume)),
        ...(ref ? { missing: { store: ref[1]!.toLowerCase() === 'secret' ? 'Secret' : 'ConfigMap', name: ref[2]! } } : {}),
        ...(summary ? { summary } : {}),
      };
      items.push({ c: first, cause: volume, data });
    }
  }
  const out = groupByOwner(index, items);
  cache.set(index, out);
  return out;
}
