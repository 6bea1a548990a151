// SIMULATED container states (test/e2e/kwok-stages/sim-container-states.yaml). There is no kubelet:
// kwok writes these statuses and Events, copying the wording of the pinned kubelet. What is real
// here: the API server accepted the shapes, the scheduler placed the pods; what is simulated: the
// container states and every Event marked with the kubewhy.e2e/simulated annotation.
import { expect, it } from 'vitest';
import { admin, describeCluster, newNamespace, pod } from './harness/context.js';
import { eventsFor, waitFor, type CoreEvent, type Kube } from './harness/kube.js';

interface ContainerStatus {
  name: string;
  ready: boolean;
  started?: boolean;
  restartCount: number;
  state: { waiting?: { reason: string; message?: string }; running?: object; terminated?: { exitCode: number; reason: string } };
  lastState?: { terminated?: { exitCode: number; reason: string } };
}
interface PodLike {
  metadata: { name: string; namespace: string; uid: string };
  spec: { nodeName?: string };
  status: {
    phase: string;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
  };
}

const IMAGE = 'registry.example.com/shop/api:1.4.2';

async function simulated(kube: Kube, ns: string, name: string, sim: string, annotations: Record<string, string> = {}, spec: Record<string, unknown> = {}): Promise<PodLike> {
  await kube.create(`/api/v1/namespaces/${ns}/pods`, pod(name, spec, { labels: { 'kubewhy.e2e/sim': sim }, annotations }));
  return waitFor(async () => {
    const p = await kube.get<PodLike>(`/api/v1/namespaces/${ns}/pods/${name}`);
    return (p.status.containerStatuses?.length || p.status.initContainerStatuses?.length) ? p : undefined;
  }, { what: `simulated ${sim} status on ${ns}/${name}` });
}

async function simEvents(kube: Kube, ns: string, name: string, count: number): Promise<CoreEvent[]> {
  const evs = await waitFor(async () => {
    const e = (await eventsFor(kube, ns, 'Pod', name)).filter((x) => x.metadata.annotations?.['kubewhy.e2e/simulated']);
    return e.length >= count && e;
  }, { what: `${count} simulated events on ${ns}/${name}` });
  for (const e of evs) {
    expect(e.source).toEqual({ component: 'kubelet', host: e.source?.host });
    expect(e.involvedObject.fieldPath).toBe('spec.containers{app}');
  }
  return evs.sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
}

const cond = (p: PodLike, type: string) => p.status.conditions?.find((c) => c.type === type);

describeCluster('kwok-simulated kubelet states (SIMULATED, kubelet wording)', () => {
  it('ImagePullBackOff: waiting state and the Pulling/Failed/BackOff event sequence', async () => {
    const kube = admin();
    const ns = await newNamespace(kube, 'sim-pull');
    const p = await simulated(kube, ns, 'api', 'image-pull-backoff');
    expect(p.status.phase).toBe('Pending');
    const cs = p.status.containerStatuses![0]!;
    const err = `rpc error: code = NotFound desc = failed to pull and unpack image "${IMAGE}": failed to resolve reference "${IMAGE}": ${IMAGE}: not found`;
    expect(cs.state.waiting).toEqual({ reason: 'ImagePullBackOff', message: `Back-off pulling image "${IMAGE}": ErrImagePull: ${err}` });
    expect(cond(p, 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [app]' });
    const evs = await simEvents(kube, ns, 'api', 5);
    expect(evs.map((e) => [e.type, e.reason, e.message])).toEqual([
      ['Normal', 'BackOff', `Back-off pulling image "${IMAGE}"`],
      ['Warning', 'Failed', 'Error: ErrImagePull'],
      ['Warning', 'Failed', 'Error: ImagePullBackOff'],
      ['Warning', 'Failed', `Failed to pull image "${IMAGE}": ${err}`],
      ['Normal', 'Pulling', `Pulling image "${IMAGE}"`],
    ]);
  });

  it('CrashLoopBackOff with the exit code from the annotation', async () => {
    const kube = admin();
    const ns = await newNamespace(kube, 'sim-crash');
    const p = await simulated(kube, ns, 'api', 'crashloop', { 'kubewhy.e2e/exit-code': '2', 'kubewhy.e2e/restart-count': '6', 'kubewhy.e2e/backoff': '5m0s' });
    const podDesc = `api_${ns}(${p.metadata.uid})`;
    expect(p.status.phase).toBe('Running');
    const cs = p.status.containerStatuses![0]!;
    expect(cs).toMatchObject({ ready: false, restartCount: 6 });
    expect(cs.state.waiting).toEqual({ reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=app pod=${podDesc}` });
    expect(cs.lastState?.terminated).toMatchObject({ exitCode: 2, reason: 'Error' });
    const evs = await simEvents(kube, ns, 'api', 3);
    expect(evs.find((e) => e.reason === 'BackOff')).toMatchObject({ type: 'Warning', message: `Back-off restarting failed container app in pod ${podDesc}` });
  });

  it('OOMKilled: last termination reason OOMKilled, exit code 137, then CrashLoopBackOff', async () => {
    const kube = admin();
    const ns = await newNamespace(kube, 'sim-oom');
    const p = await simulated(kube, ns, 'api', 'oomkilled', {}, { containers: [{ name: 'app', image: IMAGE, resources: { limits: { memory: '64Mi' } } }] });
    const cs = p.status.containerStatuses![0]!;
    expect(cs.lastState?.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
    expect(cs.state.waiting?.reason).toBe('CrashLoopBackOff');
    expect(cs.restartCount).toBe(4);
  });

  it('init container stuck: Initialized=False, app containers PodInitializing', async () => {
    const kube = admin();
    const ns = await newNamespace(kube, 'sim-init');
    const p = await simulated(kube, ns, 'api', 'init-stuck', {}, {
      initContainers: [
        { name: 'wait-for-db', image: 'busybox:1.36', command: ['sh', '-c', 'until nc -z db 5432; do sleep 1; done'] },
        { name: 'migrate', image: IMAGE },
      ],
    });
    expect(p.status.phase).toBe('Pending');
    expect(cond(p, 'Initialized')).toMatchObject({ status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [wait-for-db migrate]' });
    const [first, second] = p.status.initContainerStatuses!;
    expect(first).toMatchObject({ name: 'wait-for-db', ready: false, started: true });
    expect(first!.state.running).toBeDefined();
    expect(second!.state.waiting).toEqual({ reason: 'PodInitializing' });
    expect(p.status.containerStatuses![0]!.state.waiting).toEqual({ reason: 'PodInitializing' });
  });

  it('readiness never true: Running, Ready=False, Unhealthy events', async () => {
    const kube = admin();
    const ns = await newNamespace(kube, 'sim-ready');
    const p = await simulated(kube, ns, 'api', 'not-ready', {}, {
      containers: [{ name: 'app', image: IMAGE, readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 } }],
    });
    expect(p.status.phase).toBe('Running');
    expect(p.status.containerStatuses![0]).toMatchObject({ ready: false, started: true, restartCount: 0 });
    expect(cond(p, 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [app]' });
    const evs = await simEvents(kube, ns, 'api', 3);
    expect(evs.find((e) => e.reason === 'Unhealthy')).toMatchObject({ type: 'Warning', message: 'Readiness probe failed: HTTP probe failed with statuscode: 503' });
  });
});
