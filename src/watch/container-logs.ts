import type { ClusterObject, ContainerLog } from '../model/cluster.js';
import { DEFAULT_LOG_TAIL_LINES, failingContainersOf, podLogPath, type LogWant } from '../load/cluster-live.js';
import { apiStatus, type ApiClient } from './api.js';
import { objectKey } from './cache.js';
import type { Logger } from './log.js';
import type { WatchMetrics } from './metrics.js';

export interface ContainerLogsOptions {
  api: ApiClient;
  log: Logger;
  metrics: WatchMetrics;
  /** `tailLines` per log (default: live diagnose's). */
  tailLines?: number;
  /** Log requests in flight at most (default 4, as live diagnose). */
  concurrency?: number;
  /** Pods whose logs are held at most; the least recently changed goes first (default 1,000). */
  maxPods?: number;
  /** A read for this pod ended (the log arrived, or it could not be read): its group is diagnosed again. */
  onSettled: (namespace: string, pod: string) => void;
}

interface Held {
  /** Which instance the log is (or is being) read for; a new version is a new crash or an ended run. */
  version: string;
  log: ContainerLog | undefined;
}

interface Job {
  podKey: string;
  logKey: string;
  version: string;
  want: LogWant;
}

/**
 * The container logs of failing containers in the watch cache, read the way live diagnose reads
 * them (same selection, same bounded request) and held per pod and container until the pod goes.
 * A log is read once per instance: the previous log once per restartCount, the current one once
 * while it runs and once more when it has ended — a crash loop is not re-read on every status change.
 */
export class ContainerLogs {
  private readonly byPod = new Map<string, Map<string, Held>>();
  private readonly queue: Job[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  /** podKey → reads queued or in flight for it. */
  private readonly pending = new Map<string, number>();
  private forbidden = false;

  constructor(private readonly o: ContainerLogsOptions) {}

  /** A pod was added or changed: reads what became failing since the last look. */
  podChanged(pod: ClusterObject): void {
    const podKey = objectKey('Pod', pod.namespace, pod.name);
    const wants = failingContainersOf(pod.raw);
    const before = this.byPod.get(podKey);
    if (wants.length === 0) {
      this.byPod.delete(podKey);
      return;
    }
    const held = new Map<string, Held>();
    for (const want of wants) {
      const logKey = `${want.container}${want.previous ? ' (previous)' : ''}`;
      const version = `${want.restartCount}${want.ended ? '' : ' running'}`;
      const old = before?.get(logKey);
      // Until the new instance's log arrives the last one read stays: it is the same container's output.
      held.set(logKey, { version, log: old?.log });
      if (old?.version !== version && !this.forbidden) {
        this.queue.push({ podKey, logKey, version, want });
        this.pending.set(podKey, (this.pending.get(podKey) ?? 0) + 1);
      }
    }
    // Re-inserted: the Map's order is the order pods last changed in, oldest first.
    this.byPod.delete(podKey);
    this.byPod.set(podKey, held);
    this.evict();
    this.pump();
  }

  podGone(namespace: string | undefined, name: string): void {
    this.byPod.delete(objectKey('Pod', namespace, name));
  }

  /** The logs held for these pods, fresh copies (diagnose writes its decoded facts into them). */
  logsOf(pods: readonly ClusterObject[]): ContainerLog[] {
    const out: ContainerLog[] = [];
    for (const p of pods) {
      for (const h of this.byPod.get(objectKey('Pod', p.namespace, p.name))?.values() ?? []) {
        if (h.log) out.push({ namespace: h.log.namespace, pod: h.log.pod, container: h.log.container, previous: h.log.previous, text: h.log.text });
      }
    }
    return out;
  }

  /**
   * Some of these pods' logs are being read: diagnosing them now would publish the chain without
   * its log facts (a crash loop's "exit 2" first, its panic a moment later).
   */
  reading(pods: readonly ClusterObject[]): boolean {
    return pods.some((p) => this.pending.has(objectKey('Pod', p.namespace, p.name)));
  }

  /** Pods with logs held (the memory bound). */
  get pods(): number {
    return this.byPod.size;
  }

  /** Resolves once no log request is waiting or in flight. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private evict(): void {
    const max = this.o.maxPods ?? 1000;
    for (const key of this.byPod.keys()) {
      if (this.byPod.size <= max) break;
      this.byPod.delete(key);
    }
  }

  private pump(): void {
    const limit = this.o.concurrency ?? 4;
    while (this.inFlight.size < limit && this.queue.length > 0) {
      const job = this.queue.shift()!;
      // Superseded while it waited (a newer crash, or the pod went): nothing to read.
      if (this.forbidden || this.byPod.get(job.podKey)?.get(job.logKey)?.version !== job.version) {
        this.settled(job);
        continue;
      }
      const p = this.read(job).finally(() => {
        this.inFlight.delete(p);
        this.settled(job);
        this.pump();
      });
      this.inFlight.add(p);
    }
  }

  private async read(job: Job): Promise<void> {
    const { want } = job;
    const what = `${want.namespace}/${want.pod} container ${want.container}${want.previous ? ' (previous)' : ''}`;
    let status: number;
    let text: string;
    try {
      ({ status, text } = await this.o.api.request('GET', podLogPath(want, this.o.tailLines ?? DEFAULT_LOG_TAIL_LINES)));
    } catch (err) {
      this.failed(0, `cannot read the log of ${what}: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    if (status === 403) {
      // RBAC does not change per pod: one line, and no more requests that would only be refused.
      if (!this.forbidden) this.failed(403, 'forbidden: cannot get pods/log (RBAC); diagnosis continues without container logs');
      this.forbidden = true;
      return;
    }
    if (status !== 200) {
      this.failed(status, `cannot read the log of ${what}: ${apiStatus(text).message ?? `HTTP ${status}`}`);
      return;
    }
    const held = this.byPod.get(job.podKey)?.get(job.logKey);
    if (held?.version !== job.version) return;
    held.log = { namespace: want.namespace, pod: want.pod, container: want.container, previous: want.previous, text };
    this.o.metrics.containerLogs.inc({ result: 'read' });
  }

  private settled(job: Job): void {
    const left = (this.pending.get(job.podKey) ?? 1) - 1;
    if (left > 0) this.pending.set(job.podKey, left);
    else this.pending.delete(job.podKey);
    this.o.onSettled(job.want.namespace, job.want.pod);
  }

  private failed(code: number, message: string): void {
    this.o.metrics.apiErrors.inc({ verb: 'get', resource: 'pods/log', code: String(code) });
    this.o.metrics.containerLogs.inc({ result: code === 403 ? 'forbidden' : 'error' });
    this.o.log.warn(message, code !== 0 ? { code } : {});
  }
}
