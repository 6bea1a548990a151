import type { ClusterEvent, ClusterObject, ContainerLog } from '../model/cluster.js';
import { asObject, asString } from '../model/cluster.js';
import type { ClusterIndex } from '../model/cluster-index.js';
import { ageSeconds, conditionOf } from './clock.js';
import { containerStates, type ContainerState } from './containers.js';

/** kubeadm, kops, EKS, GKE (kube-dns) and k3s all label the cluster DNS pods this way. */
export const DNS_NAMESPACE = 'kube-system';
const DNS_LABEL = ['k8s-app', 'kube-dns'] as const;
const GRACE_SECONDS = 60;

export interface DnsLogLine {
  log: ContainerLog;
  line: string;
  lineNumber: number;
  /** `127.0.0.1:53 -> :53` and the zone, for plugin/loop. */
  loop?: { path: string; zone: string };
}

export interface DnsProblem {
  owner: ClusterObject;
  pods: ClusterObject[];
  total: number;
  /** The first unhealthy pod's CoreDNS container. */
  container?: ContainerState;
  fatal?: DnsLogLine;
  unhealthy?: ClusterEvent;
}

/** CoreDNS pods that are not Ready (past a start-up grace) or crash-looping, grouped under their owner. */
export function dnsProblems(index: ClusterIndex): DnsProblem[] {
  const groups = new Map<ClusterObject, DnsProblem>();
  for (const pod of dnsPods(index)) {
    const states = containerStates(pod);
    const crashing = states.some((c) => c.waiting?.reason === 'CrashLoopBackOff');
    const age = ageSeconds(index, asString(asObject(pod.raw.metadata)?.creationTimestamp));
    const notReady = conditionOf(pod, 'Ready')?.status !== 'True' && (age === undefined || age >= GRACE_SECONDS);
    if (!crashing && !notReady) continue;
    const owner = index.topOwner(pod);
    const g = groups.get(owner);
    if (g) {
      g.pods.push(pod);
      continue;
    }
    const container = states.find((c) => c.name === 'coredns') ?? states[0];
    const fatal = container ? fatalLine(index, pod, container.name) : undefined;
    const unhealthy = index.eventsFor(pod).find((e) => e.reason === 'Unhealthy');
    groups.set(owner, {
      owner,
      pods: [pod],
      total: owner === pod ? 1 : index.podsOf(owner).length,
      ...(container ? { container } : {}),
      ...(fatal ? { fatal } : {}),
      ...(unhealthy ? { unhealthy } : {}),
    });
  }
  return [...groups.values()];
}

function dnsPods(index: ClusterIndex): ClusterObject[] {
  return index.ofKind('Pod').filter((p) => p.namespace === DNS_NAMESPACE && asObject(asObject(p.raw.metadata)?.labels)?.[DNS_LABEL[0]] === DNS_LABEL[1]);
}

/** The `[FATAL]` line CoreDNS dies with (previous run first: the current one may not have got there yet). */
function fatalLine(index: ClusterIndex, pod: ClusterObject, container: string): DnsLogLine | undefined {
  for (const previous of [true, false]) {
    const log = index.log(pod.namespace ?? DNS_NAMESPACE, pod.name, container, previous);
    if (!log) continue;
    const lines = log.text.split('\n');
    const i = lines.findIndex((l) => l.startsWith('[FATAL]'));
    if (i < 0) continue;
    const line = lines[i]!;
    const loop = /plugin\/loop: Loop \(([^)]+)\) detected for zone "([^"]*)"/.exec(line);
    return { log, line, lineNumber: i + 1, ...(loop ? { loop: { path: loop[1]!, zone: loop[2]! } } : {}) };
  }
  return undefined;
}

export interface CorefileGap {
  configMap: ClusterObject;
  /** The `forward . …` line, for the loop story. */
  forward?: string;
  /** No `kubernetes` plugin serving cluster.local. */
  missingKubernetes: boolean;
}

/** Reads kube-system/coredns's Corefile; undefined when the ConfigMap is not in the snapshot. */
export function corefileOf(index: ClusterIndex): CorefileGap | undefined {
  const cm = index.get('ConfigMap', DNS_NAMESPACE, 'coredns');
  const text = asString(asObject(cm?.raw.data)?.Corefile);
  if (!cm || text === undefined) return undefined;
  const lines = text.split('\n').map((l) => l.replace(/#.*$/, '').trim());
  const forward = lines.find((l) => /^forward\s/.test(l))?.replace(/\s*\{$/, '');
  const kubernetes = lines.some((l) => /^kubernetes(\s|$)/.test(l) && /\bcluster\.local\b/.test(l));
  return { configMap: cm, ...(forward ? { forward } : {}), missingKubernetes: !kubernetes };
}
