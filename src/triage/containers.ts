import type { ClusterObject } from '../model/cluster.js';
import { asArray, asNumber, asObject, asString } from '../model/cluster.js';
import type { JsonObject } from '../model/manifest.js';

export interface Terminated {
  exitCode: number;
  reason?: string;
  message?: string;
  signal?: number;
  startedAt?: string;
  finishedAt?: string;
}

/** One container of one pod as its status tells it: what it waits on, how it last ended. */
export interface ContainerState {
  pod: ClusterObject;
  name: string;
  init: boolean;
  /** Index in spec.containers / spec.initContainers, for field paths. */
  index: number;
  image?: string;
  ready: boolean;
  started?: boolean;
  restartCount: number;
  waiting?: { reason: string; message?: string };
  running?: { startedAt?: string };
  terminated?: Terminated;
  lastTerminated?: Terminated;
}

export function containerStates(pod: ClusterObject): ContainerState[] {
  const status = asObject(pod.raw.status);
  const spec = asObject(pod.raw.spec);
  const out: ContainerState[] = [];
  for (const [field, specField, init] of [['initContainerStatuses', 'initContainers', true], ['containerStatuses', 'containers', false]] as const) {
    const names = asArray(spec?.[specField]).map((c) => asString(asObject(c)?.name));
    for (const s of asArray(status?.[field])) {
      const cs = asObject(s);
      const name = asString(cs?.name);
      if (!cs || !name) continue;
      const state = asObject(cs.state);
      const waiting = asObject(state?.waiting);
      const running = asObject(state?.running);
      const terminated = asObject(state?.terminated);
      const last = asObject(asObject(cs.lastState)?.terminated);
      const c: ContainerState = {
        pod,
        name,
        init,
        index: Math.max(0, names.indexOf(name)),
        ready: cs.ready === true,
        restartCount: asNumber(cs.restartCount) ?? 0,
      };
      const image = asString(cs.image);
      if (image !== undefined) c.image = image;
      if (typeof cs.started === 'boolean') c.started = cs.started;
      if (waiting) c.waiting = { reason: asString(waiting.reason) ?? '', ...(asString(waiting.message) ? { message: asString(waiting.message) } : {}) };
      if (running) c.running = { ...(asString(running.startedAt) ? { startedAt: asString(running.startedAt) } : {}) };
      if (terminated) c.terminated = toTerminated(terminated);
      if (last) c.lastTerminated = toTerminated(last);
      out.push(c);
    }
  }
  return out;
}

function toTerminated(t: JsonObject): Terminated {
  const out: Terminated = { exitCode: asNumber(t.exitCode) ?? 0 };
  for (const k of ['reason', 'message', 'startedAt', 'finishedAt'] as const) {
    const v = asString(t[k]);
    if (v !== undefined) out[k] = v;
  }
  const signal = asNumber(t.signal);
  if (signal !== undefined) out.signal = signal;
  return out;
}

/** `spec.containers[2]` / `spec.initContainers[0]`: the field a user edits in the owner's template. */
export function containerField(c: ContainerState, rest = ''): string {
  return `spec.${c.init ? 'initContainers' : 'containers'}[${c.index}]${rest}`;
}

export function podPhase(pod: ClusterObject): string {
  return asString(asObject(pod.raw.status)?.phase) ?? '';
}
