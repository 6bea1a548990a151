// `kubewhy watch` against the real control plane: the failures come from the real Job controller,
// ReplicaSet controller and quota admission (pods held Running by the kwok `hold` stage), and the
// diagnoses come back as real Events through the real API server.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, afterEach, expect, it } from 'vitest';
import { admin, clusterInfo, describeCluster, newNamespace } from './harness/context.js';
import { eventsFor, waitFor, type CoreEvent, type Kube, type KubeObject } from './harness/kube.js';
import { TcpProxy } from '../watch/support/tcp-proxy.js';
import { WatchProcess } from '../watch/support/watch-process.js';

const IMAGE = 'registry.example.com/shop/api:1.4.2';
const REASON = 'KubewhyDiagnosis';

let kube: Kube;
let home = '';
const running: WatchProcess[] = [];

function env(kubeconfig = clusterInfo().kubeconfig): { KUBECONFIG: string; HOME: string } {
  return { KUBECONFIG: kubeconfig, HOME: home };
}

async function watch(args: string[], kubeconfig?: string): Promise<WatchProcess> {
  const w = await WatchProcess.start(['--debounce', '200', ...args], env(kubeconfig));
  running.push(w);
  await waitFor(async () => (await w.http('/readyz')).status === 200, { what: 'kubewhy watch /readyz', timeoutMs: 30_000 });
  return w;
}

function deadlineJob(name: string): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: {
      activeDeadlineSeconds: 3,
      backoffLimit: 6,
      template: {
        metadata: { labels: { 'kubewhy.e2e/sim': 'hold' } },
        spec: { restartPolicy: 'Never', terminationGracePeriodSeconds: 0, containers: [{ name: 'task', image: IMAGE }] },
      },
    },
  };
}

function deployment(name: string, replicas: number): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'app', image: IMAGE }] } },
    },
  };
}

async function diagnosisEvents(ns: string, kind: string, name: string): Promise<CoreEvent[]> {
  return (await eventsFor(kube, ns, kind, name)).filter((e) => e.reason === REASON);
}

async function waitForDiagnosis(ns: string, kind: string, name: string, timeoutMs = 60_000): Promise<CoreEvent> {
  return waitFor(async () => (await diagnosisEvents(ns, kind, name))[0], { what: `${REASON} on ${kind} ${ns}/${name}`, timeoutMs });
}

async function jobFailed(ns: string, name: string): Promise<void> {
  await waitFor(
    async () => (await kube.get<{ status?: { conditions?: { type: string; status: string }[] } }>(`/apis/batch/v1/namespaces/${ns}/jobs/${name}`)).status?.conditions?.some((c) => c.type === 'Failed' && c.status === 'True'),
    { what: `Job ${ns}/${name} Failed` },
  );
}

/** More changes to the same object: each re-runs the diagnosis, none may publish again. */
async function churn(path: string): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await kube.patch(path, { metadata: { labels: { 'kubewhy.e2e/churn': String(i) } } });
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function quota(ns: string, pods: number): Promise<void> {
  await kube.create(`/api/v1/namespaces/${ns}/resourcequotas`, { metadata: { name: 'pods-quota' }, spec: { hard: { pods: String(pods) } } });
  await waitFor(async () => (await kube.get<{ status?: { used?: Record<string, string> } }>(`/api/v1/namespaces/${ns}/resourcequotas/pods-quota`)).status?.used, { what: 'quota status' });
}

describeCluster('kubewhy watch against the real control plane', () => {
  beforeAll(() => {
    kube = admin();
    home = mkdtempSync(join(tmpdir(), 'kubewhy-watch-'));
  });
  afterEach((ctx) => {
    for (const w of running.splice(0)) {
      // A failure is explained by what kubewhy watch said.
      if (ctx.task.result?.state === 'fail') process.stderr.write(`--- kubewhy watch stderr (last 4 kB) ---\n${w.stderr.slice(-4096)}\n`);
      w.kill();
    }
  });
  afterAll(() => {
    for (const w of running.splice(0)) w.kill();
  });

  it('a Job past its deadline and a Deployment blocked by a ResourceQuota: one KubewhyDiagnosis Event each, the metrics, then resolved', async () => {
    const ns = await newNamespace(kube, 'watch');
    await quota(ns, 1);
    const w = await watch(['-n', ns]);
    const job = await kube.create<KubeObject>(`/apis/batch/v1/namespaces/${ns}/jobs`, deadlineJob('slow-report'));
    await kube.create(`/apis/apps/v1/namespaces/${ns}/deployments`, deployment('web', 2));

    const jobEvent = await waitForDiagnosis(ns, 'Job', 'slow-report');
    expect(jobEvent).toMatchObject({ type: 'Warning', reportingComponent: 'kubewhy.dev/watch', source: { component: 'kubewhy-watch' } });
    expect(jobEvent.involvedObject).toMatchObject({ kind: 'Job', name: 'slow-report', namespace: ns, uid: job.metadata.uid });
    const failedAt = (await kube.get<{ status: { conditions: { type: string; lastTransitionTime: string }[] } }>(`/apis/batch/v1/namespaces/${ns}/jobs/slow-report`)).status.conditions.find((c) => c.type === 'Failed')!.lastTransitionTime;
    const controllerEvent = (await eventsFor(kube, ns, 'Job', 'slow-report')).find((e) => e.reason === 'DeadlineExceeded') as CoreEvent & { lastTimestamp: string };
    expect(jobEvent.message).toBe(
      `Job ${ns}/slow-report failed (DeadlineExceeded) — still running after activeDeadlineSeconds=3 (3s); the controller killed its pods` +
        ` | evidence: condition Failed=True DeadlineExceeded: Job was active longer than specified deadline (${failedAt})` +
        `; event Warning DeadlineExceeded ×1 (${controllerEvent.lastTimestamp}, job-controller): Job was active longer than specified deadline` +
        ` | root cause: still running after activeDeadlineSeconds=3 (3s); the controller killed its pods` +
        ` | fix: Raise spec.activeDeadlineSeconds in Job ${ns}/slow-report above the real run time, or make the work fit (smaller batches, more parallelism). [job-failed, F5]`,
    );
    const webEvent = await waitForDiagnosis(ns, 'Deployment', 'web');
    expect(webEvent.message).toMatch(new RegExp(`^Deployment ${ns}/web: no pods created — ResourceQuota pods-quota is full: pods used 1 \\+ 1 for this pod > 1 \\| evidence: .*FailedCreate.*exceeded quota: pods-quota.* \\| root cause: ResourceQuota pods-quota is full: pods used 1 \\+ 1 for this pod > 1 \\| fix: .*\\[pod-create-quota-exceeded, F2\\]$`));
    expect(Buffer.byteLength(webEvent.message)).toBeLessThanOrEqual(1024);

    await churn(`/apis/batch/v1/namespaces/${ns}/jobs/slow-report`);
    await churn(`/apis/apps/v1/namespaces/${ns}/deployments/web`);
    expect(await diagnosisEvents(ns, 'Job', 'slow-report')).toHaveLength(1);
    expect(await diagnosisEvents(ns, 'Deployment', 'web')).toHaveLength(1);
    expect(await w.metric('kubewhy_watch_findings', { rule: 'job-failed', namespace: ns })).toBe(1);
    expect(await w.metric('kubewhy_watch_findings_published_total', { rule: 'job-failed', fault: 'F5', severity: 'error', namespace: ns })).toBe(1);
    expect(await w.metric('kubewhy_watch_findings', { rule: 'pod-create-quota-exceeded', namespace: ns })).toBe(1);
    expect(await w.metric('kubewhy_watch_findings_published_total', { rule: 'pod-create-quota-exceeded', namespace: ns })).toBe(1);
    expect(await w.metric('kubewhy_watch_lag_seconds_count')).toBeGreaterThan(0);
    expect(await w.metric('kubewhy_watch_cache_objects', { resource: 'Job' })).toBe(1);

    // Fixed (the Deployment is gone): the diagnosis is forgotten, so its gauge drops to 0.
    await kube.delete(`/apis/apps/v1/namespaces/${ns}/deployments/web`);
    await waitFor(async () => (await w.metric('kubewhy_watch_findings', { rule: 'pod-create-quota-exceeded', namespace: ns })) === 0, { what: 'the quota diagnosis resolved' });
    expect(w.logged('diagnosis resolved').map((r) => r.object)).toContain(`Deployment/${ns}/web`);
    expect(await w.stop()).toBe(0);
    expect(w.logged('stopped')).toHaveLength(1);
    expect(w.stderr).not.toContain(clusterInfo().token);
  });

  it('a connection cut while a Job fails loses no diagnosis, and publishes it once', async () => {
    const ns = await newNamespace(kube, 'watch-cut');
    const proxy = new TcpProxy(Number(new URL(clusterInfo().server).port));
    await proxy.open();
    const kubeconfig = join(home, `proxied-${ns}.kubeconfig`);
    writeFileSync(kubeconfig, readFileSync(clusterInfo().kubeconfig, 'utf8').replace(clusterInfo().server, `https://127.0.0.1:${proxy.port}`), { mode: 0o600 });
    const w = await watch(['-n', ns], kubeconfig);

    await proxy.cut();
    await kube.create(`/apis/batch/v1/namespaces/${ns}/jobs`, deadlineJob('nightly'));
    await jobFailed(ns, 'nightly');
    // While cut, the watches fail and back off; nothing can have been published.
    await waitFor(async () => w.records.some((r) => r.msg.startsWith('connection lost for jobs')), { what: 'the watch noticing the cut' });
    expect(await diagnosisEvents(ns, 'Job', 'nightly')).toHaveLength(0);

    const acceptedBefore = proxy.accepted;
    await proxy.open();
    const ev = await waitForDiagnosis(ns, 'Job', 'nightly', 90_000);
    expect(ev.message).toMatch(/^Job [\w-]+\/nightly failed \(DeadlineExceeded\)/);
    expect(proxy.accepted).toBeGreaterThan(acceptedBefore);
    await churn(`/apis/batch/v1/namespaces/${ns}/jobs/nightly`);
    expect(await diagnosisEvents(ns, 'Job', 'nightly')).toHaveLength(1);
    expect(await w.metric('kubewhy_watch_findings_published_total', { rule: 'job-failed', namespace: ns })).toBe(1);
    expect(await w.metric('kubewhy_watch_api_errors_total', { verb: 'watch', resource: 'jobs', code: '0' })).toBeGreaterThan(0);
    expect(await w.stop()).toBe(0);
    await proxy.cut();
  });

  it('two replicas with --leader-elect: one leader publishes once; on SIGTERM it releases the Lease and the other takes over', async () => {
    const ns = await newNamespace(kube, 'watch-le');
    const le = ['-n', ns, '--leader-elect', '--leader-elect-namespace', ns, '--leader-elect-lease-name', 'kubewhy-watch'];
    const a = await watch([...le, '--identity', 'replica-a']);
    const b = await watch([...le, '--identity', 'replica-b']);
    const lease = (): Promise<{ spec: { holderIdentity?: string; leaseTransitions?: number } }> => kube.get(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/kubewhy-watch`);
    const holder = await waitFor(async () => (await lease()).spec.holderIdentity || undefined, { what: 'a lease holder' });
    const [leader, follower] = holder === 'replica-a' ? [a, b] : [b, a];
    await waitFor(async () => (await leader.metric('kubewhy_watch_leader')) === 1, { what: 'leader metric' });
    expect(await follower.metric('kubewhy_watch_leader')).toBe(0);

    await kube.create(`/apis/batch/v1/namespaces/${ns}/jobs`, deadlineJob('first'));
    const ev = await waitForDiagnosis(ns, 'Job', 'first');
    expect(ev.reportingInstance).toBe(holder);
    // Both replicas diagnose (warm caches, metrics); only the leader publishes.
    await waitFor(async () => (await follower.metric('kubewhy_watch_findings', { rule: 'job-failed', namespace: ns })) === 1, { what: 'follower diagnosis' });
    expect(await leader.metric('kubewhy_watch_findings_published_total', { rule: 'job-failed', namespace: ns })).toBe(1);
    expect(await follower.metric('kubewhy_watch_findings_published_total', { rule: 'job-failed', namespace: ns })).toBe(0);

    const t0 = Date.now();
    expect(await leader.stop()).toBe(0);
    expect(leader.logged('released the lease')).toHaveLength(1);
    await waitFor(async () => (await follower.metric('kubewhy_watch_leader')) === 1, { what: 'the follower taking over' });
    // Released, not expired: the take-over comes within a retry period or two, not a 15 s lease duration.
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect((await lease()).spec.holderIdentity).toBe(follower === a ? 'replica-a' : 'replica-b');

    await kube.create(`/apis/batch/v1/namespaces/${ns}/jobs`, deadlineJob('second'));
    const ev2 = await waitForDiagnosis(ns, 'Job', 'second');
    expect(ev2.reportingInstance).toBe(follower === a ? 'replica-a' : 'replica-b');
    // The new leader found the first diagnosis already published (the Event exists): not again.
    expect(await diagnosisEvents(ns, 'Job', 'first')).toHaveLength(1);
    expect(follower.logged('already published').map((r) => r.object)).toContain(`Job/${ns}/first`);
    expect(await follower.metric('kubewhy_watch_findings_published_total', { rule: 'job-failed', namespace: ns })).toBe(1);
    expect(await follower.stop()).toBe(0);
  });

  it('--remediate ttl,restart-on-subpath: dry run by default, changes with --apply (resourceVersion-guarded, evented)', async () => {
    const ns = await newNamespace(kube, 'watch-fix');
    await kube.create(`/api/v1/namespaces/${ns}/configmaps`, { metadata: { name: 'app-config' }, data: { 'app.yaml': 'level: info\n' } });
    await kube.create(`/apis/apps/v1/namespaces/${ns}/deployments`, {
      ...deployment('api', 1),
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'api' } },
        template: {
          metadata: { labels: { app: 'api' } },
          spec: {
            terminationGracePeriodSeconds: 0,
            containers: [{ name: 'app', image: IMAGE, volumeMounts: [{ name: 'config', mountPath: '/etc/app/app.yaml', subPath: 'app.yaml' }] }],
            volumes: [{ name: 'config', configMap: { name: 'app-config' } }],
          },
        },
      },
    });
    const done = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate' }, spec: { backoffLimit: 0, template: { spec: { restartPolicy: 'Never', terminationGracePeriodSeconds: 0, containers: [{ name: 'task', image: IMAGE }] } } } };
    await kube.create(`/apis/batch/v1/namespaces/${ns}/jobs`, done);
    await waitFor(async () => (await kube.get<{ status?: { succeeded?: number } }>(`/apis/batch/v1/namespaces/${ns}/jobs/migrate`)).status?.succeeded === 1, { what: 'Job migrate Complete' });

    const dry = await watch(['-n', ns, '--remediate', 'ttl,restart-on-subpath']);
    await waitFor(async () => (await dry.metric('kubewhy_watch_remediations_total', { action: 'ttl', mode: 'dry-run', result: 'changed' })) === 1, { what: 'dry-run ttl' });
    expect(dry.logged('dry run (pass --apply to change it): set spec.ttlSecondsAfterFinished=86400 on finished Job')[0]).toMatchObject({ object: `Job/${ns}/migrate` });
    await kube.patch(`/api/v1/namespaces/${ns}/configmaps/app-config`, { data: { 'app.yaml': 'level: debug\n' } });
    await waitFor(async () => (await dry.metric('kubewhy_watch_remediations_total', { action: 'restart-on-subpath', mode: 'dry-run', result: 'changed' })) === 1, { what: 'dry-run restart' });
    expect(await dry.stop()).toBe(0);
    const untouched = await kube.get<{ spec: { ttlSecondsAfterFinished?: number } }>(`/apis/batch/v1/namespaces/${ns}/jobs/migrate`);
    expect(untouched.spec.ttlSecondsAfterFinished).toBeUndefined();
    const notRestarted = await kube.get<{ spec: { template: { metadata: { annotations?: Record<string, string> } } } }>(`/apis/apps/v1/namespaces/${ns}/deployments/api`);
    expect(notRestarted.spec.template.metadata.annotations?.['kubewhy.dev/restartedAt']).toBeUndefined();

    const live = await watch(['-n', ns, '--remediate', 'ttl', '--remediate', 'restart-on-subpath', '--apply', '--job-ttl', '600']);
    await waitFor(async () => (await kube.get<{ spec: { ttlSecondsAfterFinished?: number } }>(`/apis/batch/v1/namespaces/${ns}/jobs/migrate`)).spec.ttlSecondsAfterFinished === 600, { what: 'ttl set' });
    await kube.patch(`/api/v1/namespaces/${ns}/configmaps/app-config`, { data: { 'app.yaml': 'level: warn\n' } });
    const restartedAt = await waitFor(
      async () => (await kube.get<{ spec: { template: { metadata: { annotations?: Record<string, string> } } } }>(`/apis/apps/v1/namespaces/${ns}/deployments/api`)).spec.template.metadata.annotations?.['kubewhy.dev/restartedAt'],
      { what: 'restart annotation' },
    );
    expect(Date.parse(restartedAt)).toBeGreaterThan(Date.now() - 60_000);
    const remediated = await waitFor(async () => (await eventsFor(kube, ns, 'Job', 'migrate')).find((e) => e.reason === 'KubewhyRemediation'), { what: 'remediation event' });
    expect(remediated).toMatchObject({ type: 'Normal', message: 'set spec.ttlSecondsAfterFinished=600 on finished Job (kubewhy watch --remediate ttl)' });
    expect(await live.metric('kubewhy_watch_remediations_total', { action: 'ttl', mode: 'apply', result: 'changed' })).toBe(1);
    expect(await live.stop()).toBe(0);
  });
});
