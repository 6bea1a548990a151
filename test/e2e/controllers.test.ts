// What the real kube-controller-manager and admission chain produce: quota and LimitRange
// rejections surfacing as ReplicaSet FailedCreate, Job DeadlineExceeded / BackoffLimitExceeded,
// HPA FailedGetResourceMetric (no metrics API in the cluster).
import { expect, it } from 'vitest';
import { admin, describeCluster, newNamespace } from './harness/context.js';
import { waitFor, waitForEvent, type Kube, type KubeObject } from './harness/kube.js';

interface Cond {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}
interface WithConditions {
  metadata: { name: string };
  status?: { conditions?: Cond[] };
}

const IMAGE = 'registry.example.com/shop/api:1.4.2';

function deployment(name: string, replicas: number, resources?: Record<string, unknown>, labels: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name, ...labels } },
        spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'app', image: IMAGE, ...(resources ? { resources } : {}) }] },
      },
    },
  };
}

function job(name: string, spec: Record<string, unknown>, labels: Record<string, string> = {}, annotations: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: {
      ...spec,
      template: {
        metadata: { labels, annotations },
        spec: { restartPolicy: 'Never', terminationGracePeriodSeconds: 0, containers: [{ name: 'task', image: IMAGE }] },
      },
    },
  };
}

/** The Deployment's (only) ReplicaSet, once it exists. */
async function replicaSetOf(kube: Kube, ns: string, app: string): Promise<WithConditions> {
  return waitFor(async () => (await kube.list<WithConditions>(`/apis/apps/v1/namespaces/${ns}/replicasets?labelSelector=app%3D${app}`)).items[0], { what: `ReplicaSet of ${app}` });
}

async function condition(kube: Kube, path: string, type: string, status = 'True'): Promise<Cond> {
  return waitFor(async () => (await kube.get<WithConditions>(path)).status?.conditions?.find((c) => c.type === type && c.status === status), {
    what: `${type}=${status} on ${path}`,
    timeoutMs: 60_000,
  });
}

describeCluster('real controllers and admission', () => {
  it('ResourceQuota (pods) → ReplicaSet FailedCreate "exceeded quota", ReplicaFailure on the Deployment', async () => {
    const kube = admin();
    const ns = await newNamespace(kube, 'quota');
    await kube.create(`/api/v1/namespaces/${ns}/resourcequotas`, { metadata: { name: 'pods-quota' }, spec: { hard: { pods: '1' } } });
    // The quota admission refuses everything until the quota controller has computed status.used.
    await waitFor(async () => (await kube.get<{ status?: { used?: Record<string, string> } }>(`/api/v1/namespaces/${ns}/resourcequotas/pods-quota`)).status?.used, { what: 'quota status' });
    await kube.create(`/apis/apps/v1/namespaces/${ns}/deployments`, deployment('web', 2));
    const rs = await replicaSetOf(kube, ns, 'web');
    const ev = await waitForEvent(kube, ns, 'ReplicaSet', rs.metadata.name, 'FailedCreate');
    expect(ev.type).toBe('Warning');
    expect(ev.source?.component).toBe('replicaset-controller');
    expect(ev.message).toMatch(new RegExp(`^Error creating: pods "${rs.metadata.name}-[a-z0-9]{5}" is forbidden: exceeded quota: pods-quota, requested: pods=1, used: pods=1, limited: pods=1$`));
    const rf = await condition(kube, `/apis/apps/v1/namespaces/${ns}/replicasets/${rs.metadata.name}`, 'ReplicaFailure');
    expect(rf).toMatchObject({ reason: 'FailedCreate' });
    expect(rf.message).toMatch(/is forbidden: exceeded quota: pods-quota/);
    const drf = await condition(kube, `/apis/apps/v1/namespaces/${ns}/deployments/web`, 'ReplicaFailure');
    expect(drf).toMatchObject({ reason: 'FailedCreate' });
  });

  it('ResourceQuota (requests.cpu) → FailedCreate "must specify requests.cpu"', async () => {
    const kube = admin();
    const ns = await newNamespace(kube, 'quota-cpu');
    await kube.create(`/api/v1/namespaces/${ns}/resourcequotas`, { metadata: { name: 'compute' }, spec: { hard: { 'requests.cpu': '2', 'limits.memory': '4Gi' } } });
    await waitFor(async () => (await kube.get<{ status?: { used?: Record<string, string> } }>(`/api/v1/namespaces/${ns}/resourcequotas/compute`)).status?.used, { what: 'quota status' });
    await kube.create(`/apis/apps/v1/namespaces/${ns}/deployments`, deployment('no-requests', 1));
    const rs = await replicaSetOf(kube, ns, 'no-requests');
    const ev = await waitForEvent(kube, ns, 'ReplicaSet', rs.metadata.name, 'FailedCreate');
    expect(ev.message).toMatch(new RegExp(`^Error creating: pods "${rs.metadata.name}-[a-z0-9]{5}" is forbidden: failed quota: compute: must specify limits.memory for: app; requests.cpu for: app$`));
  });

  it('LimitRange max → FailedCreate "maximum cpu usage per Container"', async () => {
    const kube = admin();
    const ns = await newNamespace(kube, 'limitrange');
    await kube.create(`/api/v1/namespaces/${ns}/limitranges`, {
      metadata: { name: 'container-max' },
      spec: { limits: [{ type: 'Container', max: { cpu: '500m', memory: '512Mi' } }] },
    });
    await kube.create(`/apis/apps/v1/namespaces/${ns}/deployments`, deployment('greedy', 1, { limits: { cpu: '1', memory: '256Mi' } }));
    const rs = await replicaSetOf(kube, ns, 'greedy');
    const ev = await waitForEvent(kube, ns, 'ReplicaSet', rs.metadata.name, 'FailedCreate');
    expect(ev.message).toMatch(new RegExp(`^Error creating: pods "${rs.metadata.name}-[a-z0-9]{5}" is forbidden: maximum cpu usage per Container is 500m, but limit is 1$`));
  });

  it('a Job whose pod succeeds (kwok pod-complete) is Complete', async () => {
    const kube = admin();
    const ns = await newNamespace(kube, 'job-ok');
    await kube.create(`/apis/batch/v1/namespaces/${ns}/jobs`, job('migrate', { backoffLimit: 0 }));
    const c = await condition(kube, `/apis/batch/v1/namespaces/${ns}/jobs/migrate`, 'Complete');
    expect(c.status).toBe('True');
    await waitForEvent(kube, ns, 'Job', 'migrate', 'Completed');
  });

  it('Job activeDeadlineSeconds → DeadlineExceeded (pod held Running by the `hold` stage)', async () => {
    const kube = admin();
    const ns = await newNamespace(kube, 'job-deadline');
    await kube.create(`/apis/batch/v1/namespaces/${ns}/jobs`, job('slow-report', { activeDeadlineSeconds: 3, backoffLimit: 6 }, { 'kubewhy.e2e/sim': 'hold' }));
    const failed = await condition(kube, `/apis/batch/v1/namespaces/${ns}/jobs/slow-report`, 'Failed');
    expect(failed).toMatchObject({ reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' });
    const ev = await waitForEvent(kube, ns, 'Job', 'slow-report', 'DeadlineExceeded');
    expect(ev).toMatchObject({ type: 'Warning', message: 'Job was active longer than specified deadline' });
    expect(ev.source?.component).toBe('job-controller');
  });

  it('Job backoffLimit → BackoffLimitExceeded (pod fails with exit code 3 via the `fail` stage)', async () => {
    const kube = admin();
    const ns = await newNamespace(kube, 'job-backoff');
    await kube.create(`/apis/batch/v1/namespaces/${ns}/jobs`, job('flaky-import', { backoffLimit: 0 }, { 'kubewhy.e2e/sim': 'fail' }, { 'kubewhy.e2e/exit-code': '3' }));
    const failed = await condition(kube, `/apis/batch/v1/namespaces/${ns}/jobs/flaky-import`, 'Failed');
    expect(failed).toMatchObject({ reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' });
    const ev = await waitForEvent(kube, ns, 'Job', 'flaky-import', 'BackoffLimitExceeded');
    expect(ev).toMatchObject({ type: 'Warning', message: 'Job has reached the specified backoff limit' });
    const pods = await kube.list<{ status: { phase: string; containerStatuses: { state: { terminated?: { exitCode: number; reason: string } } }[] } }>(
      `/api/v1/namespaces/${ns}/pods?labelSelector=batch.kubernetes.io%2Fjob-name%3Dflaky-import`,
    );
    expect(pods.items).toHaveLength(1);
    expect(pods.items[0]!.status.phase).toBe('Failed');
    expect(pods.items[0]!.status.containerStatuses[0]!.state.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
  });

  it('HPA without a metrics API → FailedGetResourceMetric, ScalingActive=False', async () => {
    const kube = admin();
    const ns = await newNamespace(kube, 'hpa');
    await kube.create(`/apis/apps/v1/namespaces/${ns}/deployments`, deployment('api', 1, { requests: { cpu: '100m' } }));
    await kube.create(`/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers`, {
      metadata: { name: 'api' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
        minReplicas: 1,
        maxReplicas: 3,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
      },
    });
    const ev = await waitForEvent(kube, ns, 'HorizontalPodAutoscaler', 'api', 'FailedGetResourceMetric', { timeoutMs: 60_000 });
    expect(ev.type).toBe('Warning');
    expect(ev.source?.component).toBe('horizontal-pod-autoscaler');
    expect(ev.message).toBe('failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)');
    const active = await condition(kube, `/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers/api`, 'ScalingActive', 'False');
    expect(active.reason).toBe('FailedGetResourceMetric');
  });
});
