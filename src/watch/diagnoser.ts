import { setImmediate as yieldToIo } from 'node:timers/promises';
import type { Config } from '../core/config.js';
import type { Finding } from '../core/finding.js';
import type { Rule } from '../core/rule.js';
import type { ClusterObject, ContainerLog } from '../model/cluster.js';
import type { Change, WatchCache } from './cache.js';
import { diagnoseState } from './diagnose-adapter.js';
import { allGroups, buildGroup, groupsOf, refKey, type GroupKey } from './groups.js';
import { diagnosisId } from './identity.js';
import type { Logger } from './log.js';
import type { WatchMetrics } from './metrics.js';

export interface DiagnoserOptions {
  cache: WatchCache;
  config: Config;
  rules: readonly Rule[];
  metrics: WatchMetrics;
  log: Logger;
  /** Quiet period after a change before its group is diagnosed: a rollout is many changes. */
  debounceMs: number;
  source: string;
  /** The clock ages are measured with (default: the wall clock). */
  now?: () => number;
  /** The container logs held for these pods (src/watch/container-logs.ts); none without it. */
  logsOf?: (pods: readonly ClusterObject[]) => ContainerLog[];
  /** Some of these pods' logs are being read: their group waits for logsSettled. */
  readingLogs?: (pods: readonly ClusterObject[]) => boolean;
  /** A diagnosis appeared (no group held its diagnosisId). */
  onNew: (f: Finding) => void;
  /** A diagnosis no group produces any more: fixed or deleted. */
  onGone: (f: Finding) => void;
}

interface Dirty {
  /** Oldest API-server change time waiting in the group, for the lag metric. */
  changedAt: number | undefined;
  resource: string;
}

/**
 * Incremental diagnosis: changes mark groups dirty; after the debounce each dirty group is
 * diagnosed on its own small ClusterState, and its findings are compared (diagnosisId: the
 * fingerprint without the numbers) with what it produced last time. A diagnosis is new once,
 * however many groups or runs produce it.
 */
export class Diagnoser {
  private readonly dirty = new Map<GroupKey, Dirty>();
  private readonly held = new Map<string, { finding: Finding; groups: Set<GroupKey> }>();
  private readonly byGroup = new Map<GroupKey, Set<string>>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private enabled = false;

  constructor(private readonly o: DiagnoserOptions) {}

  /** Before the initial sync the cache is partial: changes are only recorded. */
  start(): void {
    this.enabled = true;
    for (const g of allGroups(this.o.cache)) if (!this.dirty.has(g)) this.dirty.set(g, { changedAt: undefined, resource: 'initial-sync' });
    this.schedule();
  }

  stop(): Promise<void> {
    this.enabled = false;
    clearTimeout(this.timer);
    return this.running ?? Promise.resolve();
  }

  changed(change: Change): void {
    for (const g of groupsOf(this.o.cache, change)) {
      const d = this.dirty.get(g);
      // Before the initial sync a change time is the object's age, not a lag.
      const at = this.enabled ? change.changedAt : undefined;
      if (!d) this.dirty.set(g, { changedAt: at, resource: change.kind });
      else if (at !== undefined && (d.changedAt === undefined || at < d.changedAt)) d.changedAt = at;
    }
    // A deleted root leaves no group to derive from the cache: its findings go when the group is rebuilt.
    if (change.type === 'DELETED' && 'object' in change) this.dirty.set(`W:${refKey(change.object.ref)}`, { changedAt: undefined, resource: change.kind });
    this.schedule();
  }

  /** A read of a pod's container log ended: its group is diagnosed (again) with what was read. */
  logsSettled(namespace: string, pod: string): void {
    const object = this.o.cache.get('Pod', namespace, pod);
    if (object) this.changed({ type: 'MODIFIED', kind: 'Pod', object, changedAt: undefined });
  }

  /** Resolves once nothing is waiting to be diagnosed: the backlog of the first sync, or a burst of changes. */
  async idle(): Promise<void> {
    while (this.enabled && (this.running || this.timer || this.dirty.size > 0)) {
      await (this.running ?? new Promise((r) => setTimeout(r, Math.max(5, this.o.debounceMs / 2))));
    }
  }

  /** Every diagnosis held now. */
  findings(): Finding[] {
    return [...this.held.values()].map((h) => h.finding);
  }

  private schedule(): void {
    if (!this.enabled || this.timer || this.dirty.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // A run in progress reschedules itself when it ends.
      if (this.running) return;
      this.running = this.flush().finally(() => {
        this.running = undefined;
        this.schedule();
      });
    }, this.o.debounceMs);
  }

  private async flush(): Promise<void> {
    const batch = [...this.dirty];
    this.dirty.clear();
    for (const [key, d] of batch) {
      if (!this.enabled) return;
      try {
        await this.diagnoseGroup(key);
      } catch (err) {
        this.o.log.error('diagnosis failed', { group: key, error: err instanceof Error ? err.message : String(err) });
      }
      if (d.changedAt !== undefined) this.o.metrics.lag.observe({ resource: d.resource }, Math.max(0, (Date.now() - d.changedAt) / 1000));
      // Watches keep flowing while a large backlog (the first sync of 5,000 pods) is diagnosed.
      await yieldToIo();
    }
  }

  private async diagnoseGroup(key: GroupKey): Promise<void> {
    const group = buildGroup(this.o.cache, key, this.o.source, (this.o.now ?? Date.now)());
    const now = new Map<string, Finding>();
    if (group) {
      const pods = group.state.objects.filter((o) => o.kind === 'Pod' && group.members.has(refKey(o.ref)));
      // Its findings stay as they are until the reads end; logsSettled marks the group dirty again.
      if (this.o.readingLogs?.(pods)) return;
      if (this.o.logsOf) group.state.logs.push(...this.o.logsOf(pods));
      this.o.metrics.diagnosisRuns.inc();
      for (const f of await diagnoseState(group.state, this.o.config, this.o.rules)) {
        if (f.subject.object && group.members.has(refKey(f.subject.object))) now.set(diagnosisId(f), f);
      }
    }
    const before = this.byGroup.get(key) ?? new Set<string>();
    for (const fp of before) {
      if (now.has(fp)) continue;
      const h = this.held.get(fp);
      if (!h) continue;
      h.groups.delete(key);
      if (h.groups.size === 0) {
        this.held.delete(fp);
        this.o.onGone(h.finding);
      }
    }
    for (const [fp, f] of now) {
      const h = this.held.get(fp);
      if (h) {
        h.groups.add(key);
        h.finding = f;
        continue;
      }
      this.held.set(fp, { finding: f, groups: new Set([key]) });
      this.o.onNew(f);
    }
    if (now.size > 0) this.byGroup.set(key, new Set(now.keys()));
    else this.byGroup.delete(key);
  }
}
