import type { ApiClient } from './api.js';
import { apiStatus } from './api.js';
import { oneLine } from '../load/kubeconfig.js';
import { sleep } from './backoff.js';
import type { Logger } from './log.js';

export interface LeaderOptions {
  api: ApiClient;
  namespace: string;
  name: string;
  identity: string;
  /** client-go's defaults: 15 s lease, 10 s renew deadline, 2 s retry period. */
  leaseDurationSeconds: number;
  renewDeadlineSeconds: number;
  retryPeriodSeconds: number;
  log: Logger;
  /** A failed Lease request (code 0: network), for the API error metric. */
  onApiError?: (verb: string, code: number) => void;
  onChange: (leading: boolean) => void;
  signal: AbortSignal;
}

interface Lease {
  metadata: { name: string; namespace?: string; resourceVersion?: string };
  spec?: { holderIdentity?: string; leaseDurationSeconds?: number; acquireTime?: string; renewTime?: string; leaseTransitions?: number };
}

/** MicroTime: the API server parses RFC 3339 with exactly six fractional digits. */
function microTime(d = new Date()): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/**
 * Leader election on a coordination.k8s.io/v1 Lease, the way client-go's leaderelection does it:
 * a replica takes the Lease when it is free or its holder has not renewed it for a lease
 * duration (measured on this replica's clock from when the record last changed, so clock skew
 * between replicas does not matter), renews it every retry period, and steps down when it could
 * not renew within the renew deadline. Every write carries the resourceVersion read, so two
 * replicas racing for the Lease cannot both win. On shutdown the holder releases it.
 */
export class LeaderElector {
  private lease: Lease | undefined;
  private observedRecord = '';
  private observedAt = 0;
  private leading = false;

  constructor(private readonly o: LeaderOptions) {}

  get isLeader(): boolean {
    return this.leading;
  }

  private get path(): string {
    return `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(this.o.namespace)}/leases`;
  }

  async run(): Promise<void> {
    const { signal } = this.o;
    let lastRenew = 0;
    while (!signal.aborted) {
      const ok = await this.tryAcquireOrRenew().catch((err: unknown) => {
        this.o.onApiError?.('lease', 0);
        this.o.log.warn('lease request failed', { lease: `${this.o.namespace}/${this.o.name}`, error: oneLine(err) });
        return false;
      });
      if (signal.aborted) break;
      if (ok) {
        lastRenew = Date.now();
        if (!this.leading) this.set(true);
      } else if (this.leading && Date.now() - lastRenew > this.o.renewDeadlineSeconds * 1000) {
        this.o.log.warn('could not renew the lease within the renew deadline; stepping down', { lease: `${this.o.namespace}/${this.o.name}` });
        this.set(false);
      }
      // client-go waits retryPeriod (the leader) or retryPeriod with up to 20% jitter (candidates).
      await sleep(this.o.retryPeriodSeconds * 1000 * (this.leading ? 1 : 1 + Math.random() * 0.2), signal);
    }
  }

  /** Hands the Lease back so another replica takes over at once instead of after a lease duration. */
  async release(): Promise<void> {
    if (!this.leading || !this.lease) return;
    this.set(false);
    const now = microTime();
    const body: Lease = { ...this.lease, spec: { ...this.lease.spec, holderIdentity: '', leaseDurationSeconds: 1, renewTime: now } };
    const res = await this.o.api.request('PUT', `${this.path}/${encodeURIComponent(this.o.name)}`, body).catch(() => undefined);
    if (res?.status === 200) this.o.log.info('released the lease', { lease: `${this.o.namespace}/${this.o.name}` });
    else this.o.log.warn('could not release the lease; it expires by itself', { lease: `${this.o.namespace}/${this.o.name}`, status: res?.status ?? 0 });
  }

  private set(leading: boolean): void {
    this.leading = leading;
    this.o.log.info(leading ? 'became the leader' : 'no longer the leader', { lease: `${this.o.namespace}/${this.o.name}`, identity: this.o.identity });
    this.o.onChange(leading);
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const { api, name, identity, leaseDurationSeconds } = this.o;
    const now = microTime();
    const got = await api.request('GET', `${this.path}/${encodeURIComponent(name)}`);
    if (got.status === 404) {
      const created = await api.request('POST', this.path, {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name, namespace: this.o.namespace },
        spec: { holderIdentity: identity, leaseDurationSeconds, acquireTime: now, renewTime: now, leaseTransitions: 0 },
      });
      if (created.status !== 201) return this.refused('create', created);
      this.lease = JSON.parse(created.text) as Lease;
      return true;
    }
    if (got.status !== 200) return this.refused('get', got);
    const lease = JSON.parse(got.text) as Lease;
    const spec = lease.spec ?? {};
    const record = JSON.stringify([spec.holderIdentity, spec.renewTime, spec.leaseDurationSeconds]);
    if (record !== this.observedRecord) {
      this.observedRecord = record;
      this.observedAt = Date.now();
    }
    const holder = spec.holderIdentity ?? '';
    const duration = (spec.leaseDurationSeconds ?? leaseDurationSeconds) * 1000;
    if (holder !== '' && holder !== identity && Date.now() < this.observedAt + duration) return false;
    const mine = holder === identity;
    const updated = await api.request('PUT', `${this.path}/${encodeURIComponent(name)}`, {
      ...lease,
      spec: {
        ...spec,
        holderIdentity: identity,
        leaseDurationSeconds,
        renewTime: now,
        acquireTime: mine ? spec.acquireTime ?? now : now,
        leaseTransitions: mine ? spec.leaseTransitions ?? 0 : (spec.leaseTransitions ?? 0) + 1,
      },
    });
    // 409: another replica wrote the Lease since it was read; it won this round.
    if (updated.status === 409) {
      this.o.onApiError?.('update', 409);
      return false;
    }
    if (updated.status !== 200) return this.refused('update', updated);
    this.lease = JSON.parse(updated.text) as Lease;
    return true;
  }

  private refused(verb: string, res: { status: number; text: string }): false {
    this.o.onApiError?.(verb, res.status);
    this.o.log.warn(`cannot ${verb} the lease`, { lease: `${this.o.namespace}/${this.o.name}`, status: res.status, error: apiStatus(res.text).message });
    return false;
  }
}
