// The pieces of `kubewhy watch` in process, each against the real API server: the reflector's
// 410 Expired re-list and bookmarks, the remediator's 409 Conflict re-read, two Lease candidates.
import { afterEach, beforeAll, expect, it } from 'vitest';
import { admin, clusterInfo, describeCluster, newNamespace } from './harness/context.js';
import { waitFor, type Kube } from './harness/kube.js';
import { connect, type ApiClient } from '../../src/watch/api.js';
import { WatchCache, type Change } from '../../src/watch/cache.js';
import { watchKinds } from '../../src/watch/kinds.js';
import { LeaderElector } from '../../src/watch/leader.js';
import { createLogger, type Logger } from '../../src/watch/log.js';
import { createWatchMetrics, type WatchMetrics } from '../../src/watch/metrics.js';
import { Reflector } from '../../src/watch/reflector.js';
import { Remediator } from '../../src/watch/remediate.js';

let kube: Kube;
let api: ApiClient;
const stops: AbortController[] = [];
const CONFIGMAPS = watchKinds(true).find((k) => k.kind === 'ConfigMap')!;

function recordingLogger(lines: string[]): Logger {
  return createLogger('json', (l) => lines.push(l));
}

async function configMap(ns: string, name: string, v: string): Promise<string> {
  const cm = await kube.create<{ metadata: { resourceVersion: string } }>(`/api/v1/namespaces/${ns}/configmaps`, { metadata: { name }, data: { v } });
  return cm.metadata.resourceVersion;
}

function reflector(ns: string, opts: { resumeFrom?: string; watchTimeoutSeconds?: number }, changes: Change[], metrics: WatchMetrics, cache = new WatchCache()) {
  const abort = new AbortController();
  stops.push(abort);
  let synced = 0;
  const r = new Reflector({
    api,
    kind: CONFIGMAPS,
    namespace: ns,
    cache,
    metrics,
    log: recordingLogger([]),
    onChange: (c) => changes.push(c),
    onSynced: () => synced++,
    signal: abort.signal,
    ...(opts.resumeFrom !== undefined ? { resumeFrom: opts.resumeFrom } : {}),
    ...(opts.watchTimeoutSeconds !== undefined ? { watchTimeoutSeconds: () => opts.watchTimeoutSeconds! } : {}),
  });
  const done = r.run();
  return { r, cache, done, synced: () => synced, stop: () => (abort.abort(), done) };
}

describeCluster('watch pieces against the real API server', () => {
  beforeAll(async () => {
    kube = admin();
    api = await connect({ kubeconfig: clusterInfo().kubeconfig });
  });
  afterEach(() => {
    for (const a of stops.splice(0)) a.abort();
  });

  it('reflector: a resourceVersion older than the watch cache (410 Expired) re-lists, and the cache is whole again', async () => {
    const ns = await newNamespace(kube, 'refl-410');
    // A new resource type gets a new watch cache that starts at the current version: any older
    // version is "too old" for it, which is what a watch that was down for long meets.
    const group = `w${ns.slice(-6)}.e2e.kubewhy.dev`;
    await kube.create('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
      metadata: { name: `widgets.${group}` },
      spec: {
        group,
        scope: 'Namespaced',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    });
    try {
      const widgets = `/apis/${group}/v1/namespaces/${ns}/widgets`;
      await waitFor(async () => (await kube.raw('GET', widgets)).status === 200, { what: 'CRD served' });
      await kube.create(widgets, { apiVersion: `${group}/v1`, kind: 'Widget', metadata: { name: 'app' }, data: { v: 'one' } });
      const metrics = createWatchMetrics();
      const changes: Change[] = [];
      const lines: string[] = [];
      const abort = new AbortController();
      stops.push(abort);
      const cache = new WatchCache();
      const r = new Reflector({
        api,
        kind: { kind: 'Widget', apiVersion: `${group}/v1`, plural: 'widgets', namespaced: true },
        namespace: ns,
        cache,
        metrics,
        log: recordingLogger(lines),
        onChange: (c) => changes.push(c),
        onSynced: () => {},
        signal: abort.signal,
        resumeFrom: '1',
      });
      const done = r.run();
      await waitFor(async () => cache.get('Widget', ns, 'app'), { what: 'the re-list in the cache' });
      expect(await metrics.registry.getSingleMetricAsString('kubewhy_watch_relists_total')).toContain('kubewhy_watch_relists_total{resource="widgets",reason="expired"} 1');
      expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toContain('resourceVersion expired; re-listing widgets');
      expect(changes.map((c) => ('object' in c ? `${c.type} ${c.object.name}` : ''))).toEqual(['ADDED app']);
      expect(Number(r.lastResourceVersion)).toBeGreaterThan(1);
      // Watching again from the List's version: a change arrives as a MODIFIED change.
      await kube.patch(`${widgets}/app`, { data: { v: 'two' } });
      await waitFor(async () => changes.find((c) => c.type === 'MODIFIED' && 'object' in c && c.object.name === 'app'), { what: 'MODIFIED app' });
      abort.abort();
      await done;
    } finally {
      await kube.delete(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.${group}`);
    }
  });

  it('reflector: bookmarks advance the resourceVersion while nothing in scope changes; watch requests restart at their timeout', async () => {
    const ns = await newNamespace(kube, 'refl-bm');
    const other = await newNamespace(kube, 'refl-bm-other');
    const metrics = createWatchMetrics();
    const changes: Change[] = [];
    const { r, synced, stop } = reflector(ns, { watchTimeoutSeconds: 4 }, changes, metrics);
    await waitFor(async () => synced() === 1 && r.lastResourceVersion, { what: 'initial list' });
    const listed = Number(r.lastResourceVersion);
    const before = changes.length;
    // Progress elsewhere: the API server sends a BOOKMARK (2 s before the watch deadline) at its newer version.
    const elsewhere = Number(await configMap(other, 'elsewhere', 'x'));
    await waitFor(async () => Number(r.lastResourceVersion) >= elsewhere, { what: 'bookmark', timeoutMs: 15_000 });
    expect(Number(r.lastResourceVersion)).toBeGreaterThan(listed);
    expect(changes.length).toBe(before);
    // After several 4 s watch timeouts: still no re-list, no errors, and a change still arrives.
    await new Promise((res) => setTimeout(res, 5000));
    await kube.create(`/api/v1/namespaces/${ns}/configmaps`, { metadata: { name: 'late' }, data: {} });
    await waitFor(async () => changes.find((c) => c.type === 'ADDED' && 'object' in c && c.object.name === 'late'), { what: 'ADDED late' });
    const text = await metrics.registry.metrics();
    expect(text).not.toMatch(/kubewhy_watch_relists_total\{/);
    expect(text).not.toMatch(/kubewhy_watch_api_errors_total\{/);
    await stop();
  });

  it('remediator: a patch computed from a stale object gets 409 Conflict, re-reads and succeeds', async () => {
    const ns = await newNamespace(kube, 'remedy-409');
    await kube.create(`/apis/batch/v1/namespaces/${ns}/jobs`, {
      metadata: { name: 'done' },
      spec: { backoffLimit: 0, template: { spec: { restartPolicy: 'Never', terminationGracePeriodSeconds: 0, containers: [{ name: 'task', image: 'registry.example.com/shop/api:1.4.2' }] } } },
    });
    const finished = await waitFor(
      async () => {
        const j = await kube.get<{ metadata: { resourceVersion: string }; status?: { conditions?: { type: string; status: string }[] } }>(`/apis/batch/v1/namespaces/${ns}/jobs/done`);
        return j.status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True') ? j : undefined;
      },
      { what: 'Job Complete' },
    );
    const cache = new WatchCache();
    cache.apply('ADDED', 'Job', 'batch/v1', finished as never);
    // Someone else writes the Job after the cache saw it: the cached resourceVersion is stale now.
    await kube.patch(`/apis/batch/v1/namespaces/${ns}/jobs/done`, { metadata: { labels: { touched: 'yes' } } });
    const metrics = createWatchMetrics();
    const lines: string[] = [];
    const remediator = new Remediator({ api, cache, metrics, log: recordingLogger(lines), actions: new Set(['ttl']), apply: true, jobTtlSeconds: 120, identity: 'test', isLeader: () => true });
    remediator.start();
    await remediator.drain();
    const job = await kube.get<{ metadata: { labels: Record<string, string> }; spec: { ttlSecondsAfterFinished?: number } }>(`/apis/batch/v1/namespaces/${ns}/jobs/done`);
    expect(job.spec.ttlSecondsAfterFinished).toBe(120);
    expect(job.metadata.labels.touched).toBe('yes');
    const msgs = lines.map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(msgs).toEqual(['remediation conflict; re-reading', 'remediated: set spec.ttlSecondsAfterFinished=120 on finished Job']);
    expect(await metrics.registry.getSingleMetricAsString('kubewhy_watch_remediations_total')).toContain('{action="ttl",mode="apply",result="changed"} 1');
  });

  it('lease: of two candidates exactly one leads; the other takes over after the holder stops renewing (lease expiry)', async () => {
    const ns = await newNamespace(kube, 'lease');
    const leading: Record<string, boolean> = {};
    const elector = (identity: string, abort: AbortController) =>
      new LeaderElector({
        api,
        namespace: ns,
        name: 'kubewhy-watch',
        identity,
        leaseDurationSeconds: 3,
        renewDeadlineSeconds: 2,
        retryPeriodSeconds: 0.5,
        log: recordingLogger([]),
        onChange: (l) => (leading[identity] = l),
        signal: abort.signal,
      });
    const abortA = new AbortController();
    const abortB = new AbortController();
    stops.push(abortA, abortB);
    const a = elector('a', abortA);
    const b = elector('b', abortB);
    const runA = a.run();
    const runB = b.run();
    await waitFor(async () => a.isLeader || b.isLeader, { what: 'a leader' });
    await new Promise((r) => setTimeout(r, 2000));
    expect([a.isLeader, b.isLeader].filter(Boolean)).toHaveLength(1);
    const [first, second, stopFirst, firstRun] = a.isLeader ? [a, b, abortA, runA] : [b, a, abortB, runB];
    // The leader vanishes without releasing (a crash): the other waits out the lease duration.
    stopFirst.abort();
    await firstRun;
    const t0 = Date.now();
    await waitFor(async () => second.isLeader, { what: 'take-over', timeoutMs: 15_000 });
    expect(Date.now() - t0).toBeGreaterThan(1500);
    expect(first.isLeader).toBe(true); // it never learned otherwise: it stopped
    const lease = await kube.get<{ spec: { holderIdentity: string; leaseTransitions: number } }>(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/kubewhy-watch`);
    expect(lease.spec.holderIdentity).toBe(second === a ? 'a' : 'b');
    expect(lease.spec.leaseTransitions).toBe(1);
    await second.release();
    expect((await kube.get<{ spec: { holderIdentity: string } }>(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/kubewhy-watch`)).spec.holderIdentity).toBe('');
  });
});
