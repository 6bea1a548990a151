// Records real control-plane output as offline snapshot fixtures (test/fixtures/cluster/recorded/),
// and on every other run checks that the committed fixtures still match what this control plane
// produces. Record: KUBEWHY_RECORD_FIXTURES=1 npx vitest run --project e2e test/e2e/recorded-fixtures.test.ts
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { admin, clusterInfo, describeCluster, newNamespace, pod } from './harness/context.js';
import { waitFor, type Kube, type KubeObject } from './harness/kube.js';
import { fetchAll, list, normalize } from './harness/record.js';

const OUT = join(new URL('.', import.meta.url).pathname, '../fixtures/cluster/recorded');
const RECORD = process.env.KUBEWHY_RECORD_FIXTURES === '1';
const IMAGE = 'registry.example.com/shop/api:1.4.2';
const PINNED = { 'kubernetes.io/hostname': 'kwok-amd64-large' }; // deterministic placement

const core = (ns: string, plural: string, kind: string) => ({ path: `/api/v1/namespaces/${ns}/${plural}`, apiVersion: 'v1', kind });
const apps = (ns: string, plural: string, kind: string) => ({ path: `/apis/apps/v1/namespaces/${ns}/${plural}`, apiVersion: 'apps/v1', kind });
const events = (ns: string) => core(ns, 'events', 'Event');

/** Normalizes one scenario's objects together (consistent names across its files), then checks or writes each file. */
async function checkAll(dir: string, objects: KubeObject[], files: Record<string, string[]>, prefixes: string[] = []): Promise<void> {
  const norm = normalize(objects, prefixes);
  for (const [file, kinds] of Object.entries(files)) await check(dir, file, norm.filter((o) => kinds.includes(o.kind!)));
}

async function check(dir: string, file: string, objects: KubeObject[]): Promise<void> {
  const doc = list(objects);
  const path = join(OUT, dir, file);
  const text = `${JSON.stringify(doc, null, 4)}\n`;
  if (RECORD) {
    mkdirSync(join(OUT, dir), { recursive: true });
    writeFileSync(path, text);
    return;
  }
  expect(existsSync(path), `${path} is missing: record it with KUBEWHY_RECORD_FIXTURES=1`).toBe(true);
  expect(JSON.parse(text), `${dir}/${file} differs from the live control plane (Kubernetes ${clusterInfo().k8sVersion}); re-record if the change is expected`).toEqual(
    JSON.parse(readFileSync(path, 'utf8')),
  );
}

async function settled(kube: Kube, ns: string, predicate: (objs: KubeObject[]) => boolean, paths: Parameters<typeof fetchAll>[1], what: string): Promise<void> {
  await waitFor(async () => predicate(await fetchAll(kube, paths)), { timeoutMs: 60_000, what });
}

const evReasons = (objs: KubeObject[]) =>
  new Set(objs.filter((o) => o.kind === 'Event').map((o) => { const e = o as unknown as { involvedObject: { name: string }; reason: string }; return `${e.involvedObject.name}/${e.reason}`; }));

describeCluster(`recorded fixtures (real control plane output${RECORD ? ', RECORDING' : ''})`, () => {
  it('scheduling: unschedulable pods and the scheduler events, with the nodes', async () => {
    const kube = admin();
    const ns = await newNamespace(kube, 'recorded', 'recorded-scheduling');
    const res = (cpu: string, memory?: string) => [{ name: 'app', image: IMAGE, resources: { requests: { cpu, ...(memory ? { memory } : {}) } } }];
    await kube.create(`/api/v1/namespaces/${ns}/pods`, pod('too-big', { containers: res('32', '1Gi') }));
    await kube.create(`/api/v1/namespaces/${ns}/pods`, pod('gpu-untolerated', { nodeSelector: { 'kubewhy.e2e/pool': 'gpu' }, containers: res('1') }));
    await kube.create(`/api/v1/namespaces/${ns}/pods`, pod('wants-ssd', { nodeSelector: { disktype: 'ssd' }, containers: res('100m') }));
    const paths = [core(ns, 'pods', 'Pod'), events(ns)];
    await settled(kube, ns, (o) => ['too-big', 'gpu-untolerated', 'wants-ssd'].every((n) => evReasons(o).has(`${n}/FailedScheduling`)), paths, 'FailedScheduling x3');
    const objs = [...(await fetchAll(kube, paths)), ...(await fetchAll(kube, [{ path: '/api/v1/nodes', apiVersion: 'v1', kind: 'Node' }]))];
    await checkAll('scheduling', objs, { 'pods.json': ['Pod'], 'events.json': ['Event'], 'nodes.json': ['Node'] });
  });

  it('quota: a Deployment over its ResourceQuota, FailedCreate from the ReplicaSet controller', async () => {
    const kube = admin();
    const ns = await newNamespace(kube, 'recorded', 'recorded-quota');
    await kube.create(`/api/v1/namespaces/${ns}/resourcequotas`, { metadata: { name: 'pods-quota' }, spec: { hard: { pods: '1', 'requests.cpu': '1' } } });
    await kube.create(`/api/v1/namespaces/${ns}/limitranges`, {
      metadata: { name: 'defaults' },
      spec: { limits: [{ type: 'Container', default: { cpu: '200m', memory: '128Mi' }, defaultRequest: { cpu: '100m', memory: '64Mi' }, max: { cpu: '1' } }] },
    });
    await waitFor(async () => (await kube.get<{ status?: { used?: object } }>(`/api/v1/namespaces/${ns}/resourcequotas/pods-quota`)).status?.used, { what: 'quota status' });
    await kube.create(`/apis/apps/v1/namespaces/${ns}/deployments`, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { nodeSelector: PINNED, terminationGracePeriodSeconds: 0, containers: [{ name: 'web', image: IMAGE }] } },
      },
    });
    const paths = [apps(ns, 'deployments', 'Deployment'), apps(ns, 'replicasets', 'ReplicaSet'), core(ns, 'pods', 'Pod'), core(ns, 'resourcequotas', 'ResourceQuota'), core(ns, 'limitranges', 'LimitRange'), events(ns)];
    await settled(kube, ns, (o) => {
      const d = o.find((x) => x.kind === 'Deployment') as { status?: { readyReplicas?: number; conditions?: { type: string }[] } } | undefined;
      const q = o.find((x) => x.kind === 'ResourceQuota') as { status?: { used?: Record<string, string> } } | undefined;
      const p = o.find((x) => x.kind === 'Pod') as { status?: { phase?: string } } | undefined;
      return d?.status?.readyReplicas === 1 && !!d.status.conditions?.some((c) => c.type === 'ReplicaFailure') && q?.status?.used?.pods === '1' && p?.status?.phase === 'Running' && [...evReasons(o)].some((r) => r.endsWith('/FailedCreate'));
    }, paths, 'quota scenario to settle');
    const objs = await fetchAll(kube, paths);
    const rs = objs.find((o) => o.kind === 'ReplicaSet')!.metadata.name!;
    await checkAll('quota', objs, { 'workloads.json': ['Deployment', 'ReplicaSet', 'Pod'], 'policies.json': ['ResourceQuota', 'LimitRange'], 'events.json': ['Event'] }, [`${rs}-`]);
  });

  it('jobs: DeadlineExceeded and BackoffLimitExceeded from the Job controller', async () => {
    const kube = admin();
    const ns = await newNamespace(kube, 'recorded', 'recorded-jobs');
    const job = (name: string, spec: object, sim: string, annotations: Record<string, string> = {}) => ({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name },
      spec: {
        ...spec,
        template: {
          metadata: { labels: { 'kubewhy.e2e/sim': sim }, annotations },
          spec: { restartPolicy: 'Never', nodeSelector: PINNED, terminationGracePeriodSeconds: 0, containers: [{ name: 'task', image: IMAGE }] },
        },
      },
    });
    await kube.create(`/apis/batch/v1/namespaces/${ns}/jobs`, job('nightly-report', { activeDeadlineSeconds: 3, backoffLimit: 6 }, 'hold'));
    await kube.create(`/apis/batch/v1/namespaces/${ns}/jobs`, job('import-orders', { backoffLimit: 0 }, 'fail', { 'kubewhy.e2e/exit-code': '3' }));
    const paths = [{ path: `/apis/batch/v1/namespaces/${ns}/jobs`, apiVersion: 'batch/v1', kind: 'Job' }, core(ns, 'pods', 'Pod'), events(ns)];
    await settled(kube, ns, (o) => {
      const r = evReasons(o);
      const jobsDone = o.filter((x) => x.kind === 'Job').every((j) => (j as { status?: { conditions?: { type: string; status: string }[]; terminating?: number } }).status?.conditions?.some((c) => c.type === 'Failed' && c.status === 'True'));
      // the deadline job's pod is deleted by the controller (kwok's pod-delete stage finishes it)
      const pods = o.filter((x) => x.kind === 'Pod').map((x) => x.metadata.name!);
      return jobsDone && r.has('nightly-report/DeadlineExceeded') && r.has('import-orders/BackoffLimitExceeded') && pods.length === 1 && pods[0]!.startsWith('import-orders-') && [...r].some((x) => x.startsWith('nightly-report/SuccessfulDelete'));
    }, paths, 'job scenario to settle');
    const objs = await fetchAll(kube, paths);
    await checkAll('jobs', objs, { 'jobs.json': ['Job'], 'pods.json': ['Pod'], 'events.json': ['Event'] }, ['nightly-report-', 'import-orders-']);
  });

  it('simulated: kwok-simulated kubelet states (ImagePullBackOff, CrashLoopBackOff, OOMKilled, init stuck, not ready)', async () => {
    const kube = admin();
    const ns = await newNamespace(kube, 'recorded', 'recorded-simulated');
    const mk = (name: string, sim: string, spec: Record<string, unknown> = {}, annotations: Record<string, string> = {}) =>
      kube.create(`/api/v1/namespaces/${ns}/pods`, pod(name, { nodeSelector: PINNED, ...spec }, { labels: { 'kubewhy.e2e/sim': sim }, annotations }));
    await mk('image-pull', 'image-pull-backoff');
    await mk('crashloop', 'crashloop', {}, { 'kubewhy.e2e/exit-code': '2' });
    await mk('oomkilled', 'oomkilled', { containers: [{ name: 'app', image: IMAGE, resources: { limits: { memory: '64Mi' } } }] });
    await mk('init-stuck', 'init-stuck', { initContainers: [{ name: 'wait-for-db', image: 'busybox:1.36', command: ['sh', '-c', 'until nc -z db 5432; do sleep 1; done'] }] });
    await mk('not-ready', 'not-ready', { containers: [{ name: 'app', image: IMAGE, readinessProbe: { httpGet: { path: '/healthz', port: 8080 } } }] });
    const paths = [core(ns, 'pods', 'Pod'), events(ns)];
    await settled(kube, ns, (o) => {
      const r = evReasons(o);
      const pods = o.filter((x) => x.kind === 'Pod') as { status?: { containerStatuses?: unknown[]; initContainerStatuses?: unknown[] } }[];
      return pods.length === 5 && pods.every((p) => p.status?.containerStatuses?.length) && ['image-pull/BackOff', 'crashloop/BackOff', 'oomkilled/BackOff', 'not-ready/Unhealthy', 'init-stuck/Scheduled'].every((x) => r.has(x)) && o.filter((x) => x.kind === 'Event').length >= 5 + 3 + 3 + 3 + 5;
    }, paths, 'simulated states');
    await checkAll('simulated', await fetchAll(kube, paths), { 'pods.json': ['Pod'], 'events.json': ['Event'] });
  });
});
