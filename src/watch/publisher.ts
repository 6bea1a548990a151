import { createHash } from 'node:crypto';
import type { Finding } from '../core/finding.js';
import type { ApiClient } from './api.js';
import { apiStatus } from './api.js';
import { oneLine } from '../load/kubeconfig.js';
import { REPORTING_CONTROLLER, type WatchCache } from './cache.js';
import { eventMessage } from './event-message.js';
import { diagnosisId } from './identity.js';
import type { Logger } from './log.js';
import type { WatchMetrics } from './metrics.js';

export const DIAGNOSIS_REASON = 'KubewhyDiagnosis';

export interface PublisherOptions {
  api: ApiClient;
  cache: WatchCache;
  metrics: WatchMetrics;
  log: Logger;
  /** reportingInstance: this replica (pod name or host + pid). */
  identity: string;
}

/**
 * Turns new diagnoses into core/v1 Events on the failing object, once. The Event name is derived
 * from the diagnosis id and the object's uid, so a second replica, a restarted process or a retry
 * after a lost response finds the Event already there (409) instead of writing a duplicate.
 * Only the leader publishes; followers hold their diagnoses as pending and publish what the old
 * leader had not when they take over.
 */
export class Publisher {
  private readonly pending = new Map<string, Finding>();
  /** Event names of diagnoses that went away: seeing one again is a recurrence, counted on the same Event. */
  private readonly recurring = new Set<string>();
  private readonly published = new Map<string, string>();
  private leading = false;
  private draining: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private stopped = false;

  constructor(private readonly o: PublisherOptions) {}

  added(f: Finding): void {
    this.o.metrics.findings.inc(labels(f));
    this.o.log.info('diagnosis', { rule: f.ruleId, fault: f.fault, object: subjectText(f), message: f.message });
    this.pending.set(diagnosisId(f), f);
    this.kick();
  }

  gone(f: Finding): void {
    this.o.metrics.findings.dec(labels(f));
    this.o.log.info('diagnosis resolved', { rule: f.ruleId, object: subjectText(f) });
    const id = diagnosisId(f);
    this.pending.delete(id);
    const name = this.published.get(id);
    if (name) {
      this.published.delete(id);
      this.recurring.add(name);
    }
  }

  setLeading(leading: boolean): void {
    this.leading = leading;
    this.kick();
  }

  /** Waits for the publish in flight; nothing new starts. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.draining;
  }

  private kick(): void {
    if (!this.leading || this.stopped || this.draining || this.retryTimer || this.pending.size === 0) return;
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      if (this.pending.size > 0 && this.leading && !this.stopped && !this.retryTimer) {
        // Network or server trouble: back off, then try what is left.
        const delay = Math.min(30_000, 500 * 2 ** Math.min(this.failures, 6)) * (0.5 + Math.random() / 2);
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          this.kick();
        }, delay);
      }
    });
  }

  private async drain(): Promise<void> {
    for (const [fp, f] of [...this.pending]) {
      if (!this.leading || this.stopped) return;
      const done = await this.publish(f).catch((err: unknown) => {
        this.o.log.error('cannot publish the diagnosis', { object: subjectText(f), error: oneLine(err) });
        return false;
      });
      if (!done) {
        this.failures++;
        return;
      }
      this.failures = 0;
      this.pending.delete(fp);
    }
  }

  /** true: published or nothing left to do; false: retry later. */
  private async publish(f: Finding): Promise<boolean> {
    const ref = f.subject.object;
    const obj = ref ? this.o.cache.get(ref.kind, ref.namespace, ref.name) : undefined;
    if (!ref || !obj) return true;
    const namespace = obj.namespace ?? 'default';
    const name = eventName(obj.name, diagnosisId(f), obj.uid ?? '');
    const now = new Date().toISOString();
    const message = eventMessage(f);
    const event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace, annotations: { 'kubewhy.dev/rule': f.ruleId, 'kubewhy.dev/fault': f.fault, 'kubewhy.dev/fingerprint': f.fingerprint } },
      involvedObject: {
        apiVersion: obj.apiVersion,
        kind: obj.kind,
        name: obj.name,
        ...(obj.namespace !== undefined ? { namespace: obj.namespace } : {}),
        ...(obj.uid !== undefined ? { uid: obj.uid } : {}),
        ...(this.o.cache.resourceVersion(obj) ? { resourceVersion: this.o.cache.resourceVersion(obj) } : {}),
      },
      reason: DIAGNOSIS_REASON,
      message,
      type: 'Warning',
      count: 1,
      firstTimestamp: now,
      lastTimestamp: now,
      source: { component: 'kubewhy-watch' },
      reportingComponent: REPORTING_CONTROLLER,
      reportingInstance: this.o.identity,
      action: 'Diagnose',
    };
    const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/events`;
    let res;
    try {
      res = await this.o.api.request('POST', path, event);
    } catch (err) {
      this.o.metrics.apiErrors.inc({ verb: 'create', resource: 'events', code: '0' });
      this.o.log.warn('cannot publish the diagnosis yet', { object: subjectText(f), error: oneLine(err) });
      return false;
    }
    if (res.status === 201 || res.status === 200) {
      this.published.set(diagnosisId(f), name);
      this.o.metrics.published.inc(labels(f));
      this.o.log.info('published', { event: `${namespace}/${name}`, rule: f.ruleId, object: subjectText(f) });
      return true;
    }
    if (res.status === 409) return this.republish(f, path, name);
    this.o.metrics.apiErrors.inc({ verb: 'create', resource: 'events', code: String(res.status) });
    this.o.log.error('cannot publish the diagnosis', { object: subjectText(f), status: res.status, error: apiStatus(res.text).message });
    // Server trouble is retried; a refusal (RBAC, validation, namespace gone) is not.
    return res.status < 500 && res.status !== 429;
  }

  /** The Event exists: another replica or an earlier run published it, or the diagnosis came back. */
  private async republish(f: Finding, path: string, name: string): Promise<boolean> {
    if (!this.recurring.has(name)) {
      this.published.set(diagnosisId(f), name);
      this.o.log.info('already published', { event: name, rule: f.ruleId, object: subjectText(f) });
      return true;
    }
    const get = await this.o.api.request('GET', `${path}/${encodeURIComponent(name)}`).catch(() => undefined);
    // Unreachable, or the Event expired meanwhile: try again (creating it anew). Refused: give up.
    if (!get || get.status === 404) return false;
    if (get.status !== 200) return true;
    const count = (JSON.parse(get.text) as { count?: number }).count ?? 1;
    const res = await this.o.api
      .request('PATCH', `${path}/${encodeURIComponent(name)}`, { count: count + 1, lastTimestamp: new Date().toISOString(), message: eventMessage(f) }, 'application/merge-patch+json')
      .catch(() => undefined);
    if (!res || res.status !== 200) {
      this.o.metrics.apiErrors.inc({ verb: 'patch', resource: 'events', code: String(res?.status ?? 0) });
      return false;
    }
    this.recurring.delete(name);
    this.published.set(diagnosisId(f), name);
    this.o.metrics.published.inc(labels(f));
    this.o.log.info('published again (recurred)', { event: name, rule: f.ruleId, object: subjectText(f), count: count + 1 });
    return true;
  }
}

function labels(f: Finding): Record<'rule' | 'fault' | 'severity' | 'namespace', string> {
  return { rule: f.ruleId, fault: f.fault, severity: f.severity, namespace: f.subject.object?.namespace ?? '' };
}

function subjectText(f: Finding): string {
  const o = f.subject.object;
  return o ? `${o.kind}/${o.namespace ? `${o.namespace}/` : ''}${o.name}` : '';
}

/** `<object>.kubewhy-<hash of diagnosis id and uid>`: one Event per diagnosis of one incarnation of the object. */
function eventName(objectName: string, id: string, uid: string): string {
  const h = createHash('sha256').update(`${id}\0${uid}`).digest('hex').slice(0, 12);
  return `${objectName.slice(0, 200)}.kubewhy-${h}`;
}
