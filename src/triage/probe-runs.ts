import { probeBudget, probeTiming, type ProbeTiming } from '../model/probe-timing.js';
import type { ClusterEvent } from '../model/cluster.js';
import { asArray, asObject, asString } from '../model/cluster.js';
import type { ClusterIndex } from '../model/cluster-index.js';
import { containerEvents, endedRun } from './container-evidence.js';
import { containerStates, type ContainerState } from './containers.js';
import { containerSpec, gracePeriodOf, probeOf } from './pod-spec.js';
import { secondsBetween } from './clock.js';

/** The kubelet killed the container because a liveness or startup probe kept failing. */
export interface ProbeKill {
  probe: 'liveness' | 'startup';
  /** Normal/Killing "Container api failed liveness probe, will be restarted" (may have expired). */
  killing?: ClusterEvent;
  /** The newest Warning/Unhealthy "<Probe> probe failed: …" for that probe. */
  unhealthy?: ClusterEvent;
  timing?: ProbeTiming;
  /** How long the killed run lasted. */
  ranSeconds?: number;
  /** Killed as soon as the probe budget ran out: it never got healthy in that run. */
  slowStart: boolean;
  /** Another run of the same container that did get Ready, and how long it took. */
  readyAfter?: { pod: string; seconds: number };
}

const KILLING = /^Container (\S+) failed (liveness|startup) probe, will be restarted/;

/**
 * Kubelet (kuberuntime_manager.go) logs "Container %s failed %s probe, will be restarted" as a
 * Killing event; when that has expired, Unhealthy events plus an exit by SIGTERM/SIGKILL (143,
 * 137) tell the same story.
 */
export function probeKill(index: ClusterIndex, c: ContainerState): ProbeKill | undefined {
  const ended = endedRun(c)?.run;
  if (!ended) return undefined;
  const killing = containerEvents(index, c, ['Killing']).find((e) => KILLING.exec(e.message)?.[1] === c.name);
  const unhealthyAll = containerEvents(index, c, ['Unhealthy']);
  let probe: 'liveness' | 'startup' | undefined = killing ? (KILLING.exec(killing.message)![2] as 'liveness' | 'startup') : undefined;
  if (!probe && (ended.exitCode === 137 || ended.exitCode === 143) && ended.reason !== 'OOMKilled') {
    if (unhealthyAll.some((e) => e.message.startsWith('Startup probe failed'))) probe = 'startup';
    else if (unhealthyAll.some((e) => e.message.startsWith('Liveness probe failed'))) probe = 'liveness';
  }
  if (!probe) return undefined;
  const word = probe === 'liveness' ? 'Liveness' : 'Startup';
  const unhealthy = unhealthyAll.find((e) => e.message.startsWith(`${word} probe failed`) || e.message.startsWith(`${word} probe errored`));
  const spec = probeOf(containerSpec(c), probe === 'liveness' ? 'livenessProbe' : 'startupProbe');
  const timing = spec ? probeTiming(spec) : undefined;
  const ranSeconds = secondsBetween(ended.startedAt, ended.finishedAt);
  const grace = gracePeriodOf(c);
  // A startup probe is the start-up budget by definition; a liveness kill is a slow start only
  // when it came at the first chance (budget + one period of jitter + the grace period).
  const slowStart =
    probe === 'startup' ||
    (timing !== undefined && ranSeconds !== undefined && ranSeconds <= probeBudget(timing) + timing.periodSeconds + grace);
  const out: ProbeKill = { probe, slowStart };
  if (killing) out.killing = killing;
  if (unhealthy) out.unhealthy = unhealthy;
  if (timing) out.timing = timing;
  if (ranSeconds !== undefined) out.ranSeconds = ranSeconds;
  const ready = readyAfter(index, c);
  if (ready) out.readyAfter = ready;
  return out;
}

/**
 * The slowest observed start among the owner's pods that did get Ready: container startedAt →
 * the pod's Ready transition. Only a run that never restarted counts (a restart resets startedAt).
 */
function readyAfter(index: ClusterIndex, c: ContainerState): { pod: string; seconds: number } | undefined {
  const owner = index.topOwner(c.pod);
  const pods = owner === c.pod ? [c.pod] : index.podsOf(owner);
  let best: { pod: string; seconds: number } | undefined;
  for (const pod of pods) {
    const ready = asArray(asObject(pod.raw.status)?.conditions)
      .map(asObject)
      .find((cond) => asString(cond?.type) === 'Ready' && asString(cond?.status) === 'True');
    const same = containerStates(pod).find((s) => s.name === c.name && s.init === c.init);
    if (!ready || !same?.ready || same.restartCount > 0) continue;
    const seconds = secondsBetween(same.running?.startedAt, asString(ready.lastTransitionTime));
    if (seconds !== undefined && seconds > 0 && (!best || seconds > best.seconds)) best = { pod: pod.name, seconds };
  }
  return best;
}
