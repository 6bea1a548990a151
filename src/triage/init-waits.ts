import type { ClusterObject } from '../model/cluster.js';
import type { ClusterIndex } from '../model/cluster-index.js';
import { containerStates, type ContainerState } from './containers.js';
import { groupByOwner, type OwnerGroup } from './owner-groups.js';
import { commandLine, containerSpec } from './pod-spec.js';
import { describeServiceState, podsSelectedBy, serviceNameOf, type ServiceName } from './services.js';
import { secondsBetween, snapshotTime } from './clock.js';

/** An init container still waiting after this long is not waiting for a slow start. */
export const INIT_STUCK_SECONDS = 180;

/** Hosts that wait-for loops poll: nslookup/getent/dig NAME, nc -z NAME PORT, wget/curl URL, pg_isready -h NAME, /dev/tcp/NAME/PORT. */
const HOST_PATTERNS: RegExp[] = [
  /\b(?:nslookup|dig|host)\s+(?:-\S+\s+)*([\w.-]+)/g,
  /\bgetent\s+(?:hosts|ahosts)\s+([\w.-]+)/g,
  /\bnc\s+(?:-\w+\s+(?:\d+\s+)?)*([\w.-]+)\s+\d+/g,
  /\b(?:wget|curl)\s[^;|&]*?https?:\/\/([\w.-]+)/g,
  /\bpg_isready\s[^;|&]*?-h\s*([\w.-]+)/g,
  /\/dev\/tcp\/([\w.-]+)\/\d+/g,
];

export interface InitWaitData {
  /** `Init:1/2`, as kubectl get pods shows it. */
  status: string;
  runningSeconds: number;
  command: string;
  /** Services the command polls, with what the snapshot says about each. */
  targets: { service: ServiceName; svc?: ClusterObject; text: string; problem?: string; healthy: boolean; owners: ClusterObject[] }[];
}

export type InitWait = OwnerGroup<InitWaitData>;

const cache = new WeakMap<ClusterIndex, InitWait[]>();

/** Pods held in an init container that has been running longer than INIT_STUCK_SECONDS. */
export function initWaits(index: ClusterIndex): InitWait[] {
  const cached = cache.get(index);
  if (cached) return cached;
  const now = snapshotTime(index);
  const items: { c: ContainerState; cause: string; data: InitWaitData }[] = [];
  for (const pod of index.ofKind('Pod')) {
    const inits = containerStates(pod).filter((c) => c.init);
    const current = inits.find((c) => !(c.terminated?.exitCode === 0));
    if (!current?.running?.startedAt) continue;
    const running = secondsBetween(current.running.startedAt, now);
    if (running === undefined || running < INIT_STUCK_SECONDS) continue;
    const done = inits.filter((c) => c.terminated?.exitCode === 0).length;
    const argv = commandLine(containerSpec(current));
    const command = argv.join(' ');
    const ns = pod.namespace ?? 'default';
    const targets = hostsIn(command).flatMap((host) => {
      const service = serviceNameOf(host, ns);
      if (!service) return [];
      const state = describeServiceState(index, service);
      const owners = state.svc ? [...new Set(podsSelectedBy(index, state.svc).map((p) => index.topOwner(p)))] : [];
      return [{ service, ...state, owners }];
    });
    items.push({ c: current, cause: 'stuck', data: { status: `Init:${done}/${inits.length}`, runningSeconds: running, command, targets } });
  }
  const out = groupByOwner(index, items);
  cache.set(index, out);
  return out;
}

function hostsIn(command: string): string[] {
  const out: string[] = [];
  for (const re of HOST_PATTERNS) {
    for (const m of command.matchAll(re)) if (!out.includes(m[1]!)) out.push(m[1]!);
  }
  return out;
}

/**
 * Wait cycles: A's init polls a Service whose pods belong to B, and B's init polls one of A's.
 * Each cycle once, as the list of stuck waits in order, starting from the smallest owner name.
 */
export function initWaitCycles(index: ClusterIndex): InitWait[][] {
  const waits = initWaits(index);
  const byOwner = new Map(waits.map((w) => [w.owner, w]));
  const cycles: InitWait[][] = [];
  const seen = new Set<string>();
  const visit = (w: InitWait, path: InitWait[]): void => {
    for (const t of w.data.targets) {
      if (t.healthy) continue;
      for (const next of t.owners) {
        const nw = byOwner.get(next);
        if (!nw) continue;
        const at = path.indexOf(nw);
        if (at >= 0) {
          const cycle = rotate(path.slice(at));
          const key = cycle.map((x) => label(x.owner)).join('→');
          if (!seen.has(key)) {
            seen.add(key);
            cycles.push(cycle);
          }
        } else if (path.length < 8) visit(nw, [...path, nw]);
      }
    }
  };
  for (const w of waits) visit(w, [w]);
  return cycles;
}

export function inCycle(index: ClusterIndex, w: InitWait): boolean {
  return initWaitCycles(index).some((c) => c.includes(w));
}

function rotate(cycle: InitWait[]): InitWait[] {
  let min = 0;
  cycle.forEach((w, i) => {
    if (label(w.owner) < label(cycle[min]!.owner)) min = i;
  });
  return [...cycle.slice(min), ...cycle.slice(0, min)];
}

function label(o: ClusterObject): string {
  return `${o.kind}/${o.namespace ?? ''}/${o.name}`;
}
