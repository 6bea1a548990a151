import type { JsonObject } from '../model/manifest.js';
import { asArray, asObject, asString } from '../model/cluster.js';
import type { ApiClient } from './api.js';
import { apiStatus } from './api.js';
import { oneLine } from '../load/kubeconfig.js';
import { backoffMs, sleep } from './backoff.js';
import type { Change, ChangeType, WatchCache } from './cache.js';
import { collectionPath, type WatchKind } from './kinds.js';
import type { Logger } from './log.js';
import type { WatchMetrics } from './metrics.js';

export interface ReflectorOptions {
  api: ApiClient;
  kind: WatchKind;
  /** undefined: every namespace. */
  namespace: string | undefined;
  cache: WatchCache;
  metrics: WatchMetrics;
  log: Logger;
  onChange: (c: Change) => void;
  /** The first complete List is in the cache (or the kind cannot be read: RBAC, not served). */
  onSynced: () => void;
  signal: AbortSignal;
  pageSize?: number;
  /** Server-side watch timeout per request; client-go picks 5–10 min at random. */
  watchTimeoutSeconds?: () => number;
  /** Resume a watch from this resourceVersion of objects already in the cache: the first request is a watch, not a List. */
  resumeFrom?: string;
}

type WatchEnd = 'expired' | 'ended' | 'short' | { status: number; text: string };

/**
 * List, then watch from the List's resourceVersion, for one kind — client-go's reflector:
 * bookmarks keep the resourceVersion fresh while nothing changes, a 410 Gone / Expired (the
 * version was compacted away) re-lists, every watch request ends after timeoutSeconds and is
 * re-opened at once, and errors back off exponentially with jitter.
 */
export class Reflector {
  private resourceVersion: string | undefined;
  private synced = false;

  constructor(private readonly o: ReflectorOptions) {
    this.resourceVersion = o.resumeFrom;
  }

  /** The version the next watch starts from (advanced by changes and bookmarks); undefined while a List is due. */
  get lastResourceVersion(): string | undefined {
    return this.resourceVersion;
  }

  get resource(): string {
    return this.o.kind.plural;
  }

  async run(): Promise<void> {
    const { signal, log, metrics } = this.o;
    let attempt = 0;
    if (this.resourceVersion !== undefined) this.markSynced();
    while (!signal.aborted) {
      try {
        if (this.resourceVersion === undefined) {
          const listed = await this.list();
          if (signal.aborted) return;
          if ('status' in listed) {
            this.apiError('list', listed.status);
            if (listed.status === 403 || listed.status === 404) {
              // Diagnosis goes on without the kind (as live diagnose does); it is retried now and then.
              if (attempt === 0) log.warn(`cannot list ${this.resource}: ${listed.status === 403 ? 'forbidden (RBAC)' : 'not served'}; diagnosis continues without them`, { resource: this.resource });
              this.markSynced();
            } else log.warn(`list ${this.resource} failed`, { resource: this.resource, status: listed.status, error: apiStatus(listed.text).message });
            await sleep(backoffMs(attempt++, 1000, 60_000), signal);
            continue;
          }
          this.resourceVersion = listed.resourceVersion;
          for (const c of this.o.cache.replace(this.o.kind.kind, this.o.kind.apiVersion, listed.items)) this.o.onChange(c);
          this.markSynced();
        }
        const end = await this.watch(this.resourceVersion);
        if (signal.aborted) return;
        if (end === 'expired') {
          metrics.relists.inc({ resource: this.resource, reason: 'expired' });
          log.info(`resourceVersion expired; re-listing ${this.resource}`, { resource: this.resource });
          this.resourceVersion = undefined;
        } else if (end === 'ended') attempt = 0;
        else if (end === 'short') await sleep(backoffMs(attempt++), signal);
        else {
          this.apiError('watch', end.status);
          log.warn(`watch ${this.resource} failed`, { resource: this.resource, status: end.status, error: apiStatus(end.text).message });
          await sleep(backoffMs(attempt++), signal);
        }
      } catch (err) {
        if (signal.aborted) return;
        this.apiError(this.resourceVersion === undefined ? 'list' : 'watch', 0);
        log.warn(`connection lost for ${this.resource}; retrying`, { resource: this.resource, error: oneLine(err), attempt });
        await sleep(backoffMs(attempt++), signal);
      }
    }
  }

  private markSynced(): void {
    if (this.synced) return;
    this.synced = true;
    this.o.onSynced();
  }

  private apiError(verb: string, status: number): void {
    this.o.metrics.apiErrors.inc({ verb, resource: this.resource, code: String(status) });
  }

  /** Every page; a continue token that expired mid-way restarts the List. */
  private async list(): Promise<{ items: JsonObject[]; resourceVersion: string } | { status: number; text: string }> {
    const path = collectionPath(this.o.kind, this.o.namespace);
    const limit = this.o.pageSize ?? 500;
    for (;;) {
      const items: JsonObject[] = [];
      let cont: string | undefined;
      let resourceVersion = '';
      let restarted = false;
      do {
        const res = await this.o.api.request('GET', `${path}?limit=${limit}${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`);
        if (res.status === 410 && cont) {
          this.o.metrics.relists.inc({ resource: this.resource, reason: 'continue-expired' });
          restarted = true;
          break;
        }
        if (res.status !== 200) return res;
        const list = JSON.parse(res.text) as JsonObject;
        for (const i of asArray(list.items)) {
          const o = asObject(i);
          if (o) items.push(o);
        }
        const meta = asObject(list.metadata);
        resourceVersion = asString(meta?.resourceVersion) ?? resourceVersion;
        cont = asString(meta?.continue) || undefined;
      } while (cont);
      if (!restarted) return { items, resourceVersion };
    }
  }

  private async watch(from: string): Promise<WatchEnd> {
    const timeout = this.o.watchTimeoutSeconds?.() ?? 300 + Math.floor(Math.random() * 300);
    const path = `${collectionPath(this.o.kind, this.o.namespace)}?watch=1&allowWatchBookmarks=true&resourceVersion=${encodeURIComponent(from)}&timeoutSeconds=${timeout}`;
    const local = new AbortController();
    const signal = AbortSignal.any([this.o.signal, local.signal]);
    let expired = false;
    let received = 0;
    const started = Date.now();
    const onLine = (line: string): void => {
      if (expired) return;
      received++;
      let ev: { type?: string; object?: JsonObject };
      try {
        ev = JSON.parse(line) as { type?: string; object?: JsonObject };
      } catch {
        return;
      }
      const obj = ev.object;
      const rv = asString(asObject(obj?.metadata)?.resourceVersion);
      if (ev.type === 'ERROR') {
        const code = obj?.code;
        if (code === 410 || asString(obj?.reason) === 'Expired' || asString(obj?.reason) === 'Gone') expired = true;
        else this.o.log.warn(`watch ${this.resource} error event`, { resource: this.resource, error: asString(obj?.message) });
        local.abort();
        return;
      }
      if (ev.type === 'BOOKMARK') {
        if (rv) this.resourceVersion = rv;
        return;
      }
      if (!obj || (ev.type !== 'ADDED' && ev.type !== 'MODIFIED' && ev.type !== 'DELETED')) return;
      const c = this.o.cache.apply(ev.type as ChangeType, this.o.kind.kind, this.o.kind.apiVersion, obj);
      if (rv) this.resourceVersion = rv;
      if (c) this.o.onChange(c);
    };
    try {
      const res = await this.o.api.stream(path, onLine, { idleMs: (timeout + 30) * 1000, signal });
      if (res.status === 410) return 'expired';
      if (res.status !== 200) return res;
    } catch (err) {
      if (expired) return 'expired';
      if (local.signal.aborted || this.o.signal.aborted) return 'ended';
      throw err;
    }
    if (expired) return 'expired';
    // A stream the server closes at once, again and again, must not become a busy loop.
    return received === 0 && Date.now() - started < 1000 ? 'short' : 'ended';
  }
}
