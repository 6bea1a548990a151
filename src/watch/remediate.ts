import type { ClusterObject } from '../model/cluster.js';
import { asArray, asNumber, asObject, asString } from '../model/cluster.js';
import type { JsonObject } from '../model/manifest.js';
import type { ApiClient } from './api.js';
import { apiStatus } from './api.js';
import { oneLine } from '../load/kubeconfig.js';
import { REPORTING_CONTROLLER, type Change, type WatchCache } from './cache.js';
import { kindInfo, objectPath } from './kinds.js';
import type { Remediation } from './flags.js';
import type { Logger } from './log.js';
import type { WatchMetrics } from './metrics.js';


export const RESTARTED_AT = 'kubewhy.dev/restartedAt';
const MAX_CONFLICT_RETRIES = 3;
const RESTARTABLE = ['Deployment', 'StatefulSet', 'DaemonSet'];

export interface RemediatorOptions {
  api: ApiClient;
  cache: WatchCache;
  metrics: WatchMetrics;
  log: Logger;
  actions: ReadonlySet<Remediation>;
  /** false: every change is sent with dryRun=All — validated by the API server, admission included, never stored. */
  apply: boolean;
  jobTtlSeconds: number;
  identity: string;
  isLeader: () => boolean;
}

type PatchFor = (current: JsonObject) => JsonObject | undefined;

/**
 * Opt-in fixes, leader only: a finished Job without ttlSecondsAfterFinished gets one (finished
 * Jobs and their pods otherwise stay forever); a workload mounting a ConfigMap through subPath is
 * restarted (pod template annotation) when that ConfigMap's content changes, because subPath
 * mounts never see updates. Patches carry the resourceVersion they were computed from: a 409
 * means someone else changed the object, so it is re-read, re-checked and retried a few times.
 */
export class Remediator {
  private readonly done = new Set<string>();
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly o: RemediatorOptions) {}

  /** The first pass after the initial sync: Jobs that finished before the controller started. */
  start(): void {
    for (const job of this.o.cache.ofKind('Job')) this.considerJob(job);
  }

  changed(change: Change): void {
    if (!('object' in change) || change.type === 'DELETED') return;
    if (change.kind === 'Job') this.considerJob(change.object);
    if (change.kind === 'ConfigMap' && change.type === 'MODIFIED' && change.previousDigest !== undefined && change.previousDigest !== change.digest) {
      this.considerConfigMap(change.object, change.digest ?? '');
    }
  }

  /** Waits for the changes in flight. */
  drain(): Promise<void> {
    return this.queue;
  }

  private considerJob(job: ClusterObject): void {
    if (!this.o.actions.has('ttl') || !this.o.isLeader() || !needsTtl(job.raw)) return;
    // A CronJob's history limits already clean up its Jobs.
    if (asArray(asObject(job.raw.metadata)?.ownerReferences).some((r) => asString(asObject(r)?.kind) === 'CronJob')) return;
    const id = `ttl/${job.uid ?? job.name}`;
    if (this.done.has(id)) return;
    this.done.add(id);
    const ttl = this.o.jobTtlSeconds;
    this.enqueue('ttl', job, `set spec.ttlSecondsAfterFinished=${ttl} on finished Job`, (cur) => (needsTtl(cur) ? { spec: { ttlSecondsAfterFinished: ttl } } : undefined));
  }

  private considerConfigMap(cm: ClusterObject, digest: string): void {
    if (!this.o.actions.has('restart-on-subpath') || !this.o.isLeader()) return;
    for (const kind of RESTARTABLE) {
      for (const w of this.o.cache.ofKind(kind, cm.namespace)) {
        if (!mountsViaSubPath(w.raw, cm.name)) continue;
        const id = `restart/${w.uid ?? w.name}/${cm.name}/${digest}`;
        if (this.done.has(id)) continue;
        this.done.add(id);
        const at = new Date().toISOString();
        this.enqueue('restart-on-subpath', w, `restart: ConfigMap ${cm.name} changed and is mounted through subPath (${RESTARTED_AT}=${at})`, (cur) =>
          mountsViaSubPath(cur, cm.name) ? { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: at } } } } } : undefined,
        );
      }
    }
  }

  private enqueue(action: Remediation, obj: ClusterObject, what: string, patchFor: PatchFor): void {
    this.queue = this.queue.then(() => this.patch(action, obj, what, patchFor)).catch((err: unknown) => {
      this.o.log.error('remediation failed', { action, object: `${obj.kind}/${obj.namespace ?? ''}/${obj.name}`, error: oneLine(err) });
      this.o.metrics.remediations.inc({ action, mode: this.mode, result: 'failed' });
    });
  }

  private get mode(): string {
    return this.o.apply ? 'apply' : 'dry-run';
  }

  private async patch(action: Remediation, obj: ClusterObject, what: string, patchFor: PatchFor): Promise<void> {
    const info = kindInfo(obj.kind);
    if (!info) return;
    const path = objectPath(info.apiVersion, info.plural, obj.namespace, obj.name);
    const where = `${obj.kind}/${obj.namespace ?? ''}/${obj.name}`;
    let current = obj.raw;
    for (let attempt = 0; attempt <= MAX_CONFLICT_RETRIES; attempt++) {
      const patch = patchFor(current);
      if (!patch) {
        this.o.metrics.remediations.inc({ action, mode: this.mode, result: 'not-needed' });
        return;
      }
      const resourceVersion = asString(asObject(current.metadata)?.resourceVersion);
      const body = { ...patch, metadata: { ...(asObject(patch.metadata) ?? {}), ...(resourceVersion ? { resourceVersion } : {}) } };
      const res = await this.o.api.request('PATCH', `${path}${this.o.apply ? '' : '?dryRun=All'}`, body, 'application/merge-patch+json');
      if (res.status === 200) {
        this.o.metrics.remediations.inc({ action, mode: this.mode, result: 'changed' });
        this.o.log.info(this.o.apply ? `remediated: ${what}` : `dry run (pass --apply to change it): ${what}`, { action, object: where, resourceVersion });
        if (this.o.apply) await this.event(obj, `${what} (kubewhy watch --remediate ${action})`);
        return;
      }
      if (res.status !== 409) {
        this.o.metrics.apiErrors.inc({ verb: 'patch', resource: info.plural, code: String(res.status) });
        this.o.metrics.remediations.inc({ action, mode: this.mode, result: 'failed' });
        this.o.log.error(`remediation refused: ${what}`, { action, object: where, status: res.status, error: apiStatus(res.text).message });
        return;
      }
      // Changed since it was read: read it again and decide again.
      this.o.log.info('remediation conflict; re-reading', { action, object: where, attempt: attempt + 1 });
      const fresh = await this.o.api.request('GET', path);
      if (fresh.status !== 200) break;
      current = JSON.parse(fresh.text) as JsonObject;
    }
    this.o.metrics.remediations.inc({ action, mode: this.mode, result: 'conflict' });
    this.o.log.warn(`remediation gave up after ${MAX_CONFLICT_RETRIES} conflicts: ${what}`, { action, object: where });
  }

  private async event(obj: ClusterObject, message: string): Promise<void> {
    const now = new Date().toISOString();
    const namespace = obj.namespace ?? 'default';
    const res = await this.o.api.request('POST', `/api/v1/namespaces/${encodeURIComponent(namespace)}/events`, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { generateName: `${obj.name.slice(0, 200)}.kubewhy-`, namespace },
      involvedObject: { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.name, namespace: obj.namespace, uid: obj.uid },
      reason: 'KubewhyRemediation',
      message,
      type: 'Normal',
      count: 1,
      firstTimestamp: now,
      lastTimestamp: now,
      source: { component: 'kubewhy-watch' },
      reportingComponent: REPORTING_CONTROLLER,
      reportingInstance: this.o.identity,
      action: 'Remediate',
    });
    if (res.status !== 201) this.o.metrics.apiErrors.inc({ verb: 'create', resource: 'events', code: String(res.status) });
  }
}

function needsTtl(job: JsonObject): boolean {
  if (asNumber(asObject(job.spec)?.ttlSecondsAfterFinished) !== undefined) return false;
  return asArray(asObject(job.status)?.conditions).some((c) => {
    const o = asObject(c);
    return (asString(o?.type) === 'Complete' || asString(o?.type) === 'Failed') && asString(o?.status) === 'True';
  });
}

/** Whether a container of the pod template mounts ConfigMap `name` with a subPath. */
function mountsViaSubPath(workload: JsonObject, name: string): boolean {
  const spec = asObject(asObject(asObject(workload.spec)?.template)?.spec);
  const volumes = new Set(
    asArray(spec?.volumes)
      .map(asObject)
      .filter((v) => asString(asObject(v?.configMap)?.name) === name)
      .map((v) => asString(v?.name)),
  );
  if (volumes.size === 0) return false;
  return [...asArray(spec?.containers), ...asArray(spec?.initContainers)].some((c) =>
    asArray(asObject(c)?.volumeMounts).some((m) => {
      const mount = asObject(m);
      return volumes.has(asString(mount?.name)) && !!(asString(mount?.subPath) || asString(mount?.subPathExpr));
    }),
  );
}
