import type { Config } from '../core/config.js';
import type { Rule } from '../core/rule.js';
import type { ApiClient } from './api.js';
import { WatchCache, type Change } from './cache.js';
import { ContainerLogs } from './container-logs.js';
import { Diagnoser } from './diagnoser.js';
import { watchKinds } from './kinds.js';
import { LeaderElector } from './leader.js';
import type { Logger } from './log.js';
import { createWatchMetrics, type WatchMetrics } from './metrics.js';
import { Publisher } from './publisher.js';
import { Reflector } from './reflector.js';
import type { Remediation } from './flags.js';
import { Remediator } from './remediate.js';

export interface LeaderElection {
  namespace: string;
  name: string;
  leaseDurationSeconds: number;
  renewDeadlineSeconds: number;
  retryPeriodSeconds: number;
}

export interface WatchOptions {
  api: ApiClient;
  /** undefined: every namespace. */
  namespace: string | undefined;
  config: Config;
  rules: readonly Rule[];
  log: Logger;
  identity: string;
  debounceMs: number;
  leaderElection?: LeaderElection;
  remediate: ReadonlySet<Remediation>;
  apply: boolean;
  jobTtlSeconds: number;
  pageSize?: number;
  watchTimeoutSeconds?: () => number;
}

/**
 * `kubewhy watch`: one reflector per kind feeds the cache; changes go to the incremental
 * diagnoser (every replica) and the remediator; new diagnoses go to the publisher, which writes
 * Events only while this replica leads (always, without leader election).
 */
export class WatchController {
  readonly cache = new WatchCache();
  readonly metrics: WatchMetrics;
  private readonly abort = new AbortController();
  private readonly reflectors: Reflector[];
  private readonly diagnoser: Diagnoser;
  private readonly logs: ContainerLogs;
  private readonly publisher: Publisher;
  private readonly remediator: Remediator;
  private readonly elector: LeaderElector | undefined;
  private unsynced: Set<string>;
  private running: Promise<unknown>[] = [];

  constructor(private readonly o: WatchOptions) {
    this.metrics = createWatchMetrics(() => this.cache.sizes());
    const scope = o.namespace !== undefined ? `namespace ${o.namespace}` : 'all namespaces';
    this.publisher = new Publisher({ api: o.api, cache: this.cache, metrics: this.metrics, log: o.log, identity: o.identity });
    this.logs = new ContainerLogs({ api: o.api, log: o.log, metrics: this.metrics, onSettled: (ns, pod) => this.diagnoser.logsSettled(ns, pod) });
    this.diagnoser = new Diagnoser({
      cache: this.cache,
      config: o.config,
      rules: o.rules,
      metrics: this.metrics,
      log: o.log,
      debounceMs: o.debounceMs,
      source: `watch of ${o.api.server} (${scope})`,
      logsOf: (pods) => this.logs.logsOf(pods),
      readingLogs: (pods) => this.logs.reading(pods),
      onNew: (f) => this.publisher.added(f),
      onGone: (f) => this.publisher.gone(f),
    });
    this.elector = o.leaderElection
      ? new LeaderElector({
          api: o.api,
          identity: o.identity,
          log: o.log,
          signal: this.abort.signal,
          ...o.leaderElection,
          onApiError: (verb, code) => this.metrics.apiErrors.inc({ verb, resource: 'leases', code: String(code) }),
          onChange: (l) => this.leadershipChanged(l),
        })
      : undefined;
    this.remediator = new Remediator({
      api: o.api,
      cache: this.cache,
      metrics: this.metrics,
      log: o.log,
      actions: o.remediate,
      apply: o.apply,
      jobTtlSeconds: o.jobTtlSeconds,
      identity: o.identity,
      isLeader: () => this.isLeader,
    });
    const kinds = watchKinds(o.namespace !== undefined);
    this.unsynced = new Set(kinds.map((k) => k.plural));
    this.reflectors = kinds.map(
      (kind) =>
        new Reflector({
          api: o.api,
          kind,
          namespace: o.namespace,
          cache: this.cache,
          metrics: this.metrics,
          log: o.log,
          signal: this.abort.signal,
          onChange: (c) => this.changed(c),
          onSynced: () => this.synced(kind.plural),
          ...(o.pageSize !== undefined ? { pageSize: o.pageSize } : {}),
          ...(o.watchTimeoutSeconds ? { watchTimeoutSeconds: o.watchTimeoutSeconds } : {}),
        }),
    );
  }

  get isLeader(): boolean {
    return this.elector ? this.elector.isLeader : true;
  }

  /** For /readyz: undefined once every kind has been listed. */
  notReady(): string | undefined {
    return this.unsynced.size > 0 ? `waiting for the initial list of ${[...this.unsynced].sort().join(', ')}` : undefined;
  }

  start(): void {
    this.o.log.info('watching', { server: this.o.api.server, scope: this.o.namespace ?? '(all namespaces)', identity: this.o.identity, remediate: [...this.o.remediate].join(',') || 'off', apply: this.o.apply });
    this.metrics.leader.set(this.isLeader ? 1 : 0);
    if (!this.elector) this.publisher.setLeading(true);
    this.running = this.reflectors.map((r) => r.run());
    if (this.elector) this.running.push(this.elector.run());
  }

  /** Stops the watches, finishes the publish in flight, releases the Lease. */
  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.allSettled(this.running);
    await this.logs.drain();
    await this.diagnoser.stop();
    await this.publisher.stop();
    await this.remediator.drain();
    await this.elector?.release();
    this.o.log.info('stopped');
  }

  private changed(c: Change): void {
    if ('object' in c && c.kind === 'Pod') {
      if (c.type === 'DELETED') this.logs.podGone(c.object.namespace, c.object.name);
      else this.logs.podChanged(c.object);
    }
    this.diagnoser.changed(c);
    if (this.unsynced.size === 0) this.remediator.changed(c);
  }

  private synced(resource: string): void {
    this.unsynced.delete(resource);
    if (this.unsynced.size > 0) return;
    const sizes = this.cache.sizes();
    this.o.log.info('initial sync done', { objects: Object.values(sizes).reduce((a, b) => a + b, 0), pods: sizes.Pod ?? 0, events: sizes.Event ?? 0 });
    this.diagnoser.start();
    this.remediator.start();
  }

  private leadershipChanged(leading: boolean): void {
    this.metrics.leader.set(leading ? 1 : 0);
    this.publisher.setLeading(leading);
    if (leading && this.unsynced.size === 0) this.remediator.start();
  }
}
