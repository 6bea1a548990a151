// FailedScheduling from the real kube-scheduler against the kwok nodes (harness/nodes.ts:
// 4 nodes, 2–16 CPUs, amd64 + arm64, one tainted dedicated=gpu:NoSchedule pool).
import { expect, it } from 'vitest';
import { admin, describeCluster, newNamespace, pod } from './harness/context.js';
import { eventsFor, waitFor, waitForEvent, type Kube } from './harness/kube.js';

interface PodLike {
  spec: { nodeName?: string };
  status: { phase: string; conditions?: { type: string; status: string; reason?: string; message?: string }[] };
}

async function unschedulable(kube: Kube, ns: string, name: string): Promise<{ condition: string; event: string; component?: string }> {
  const ev = await waitForEvent(kube, ns, 'Pod', name, 'FailedScheduling', { timeoutMs: 30_000 });
  const p = await kube.get<PodLike>(`/api/v1/namespaces/${ns}/pods/${name}`);
  const c = p.status.conditions?.find((x) => x.type === 'PodScheduled');
  expect(c).toMatchObject({ status: 'False', reason: 'Unschedulable' });
  expect(p.status.phase).toBe('Pending');
  expect(ev.type).toBe('Warning');
  return { condition: c!.message!, event: ev.message, component: ev.reportingComponent };
}

describeCluster('real kube-scheduler: FailedScheduling', () => {
  it('schedules a pod that fits; kwok runs it (Scheduled event, phase Running)', async () => {
    const kube = admin();
    const ns = await newNamespace(kube, 'sched-fit');
    await kube.create(`/api/v1/namespaces/${ns}/pods`, pod('fits', { containers: [{ name: 'app', image: 'registry.example.com/shop/api:1.4.2', resources: { requests: { cpu: '500m', memory: '256Mi' } } }] }));
    const p = await waitFor(async () => {
      const x = await kube.get<PodLike>(`/api/v1/namespaces/${ns}/pods/fits`);
      return x.status.phase === 'Running' && x;
    }, { what: 'pod Running' });
    const ev = await waitForEvent(kube, ns, 'Pod', 'fits', 'Scheduled');
    expect(ev.message).toBe(`Successfully assigned ${ns}/fits to ${p.spec.nodeName}`);
    expect(ev.reportingComponent).toBe('default-scheduler');
  });

  // v1.36's scheduler appends the DRA plugin's PostFilter note ("no new claims to deallocate,") verbatim.
  it('insufficient cpu (tolerating the gpu taint, so every node is too small)', async () => {
    const kube = admin();
    const ns = await newNamespace(kube, 'sched-cpu');
    await kube.create(`/api/v1/namespaces/${ns}/pods`, pod('huge-cpu', {
      tolerations: [{ key: 'dedicated', operator: 'Exists' }],
      containers: [{ name: 'app', image: 'registry.example.com/shop/api:1.4.2', resources: { requests: { cpu: '32' } } }],
    }));
    const r = await unschedulable(kube, ns, 'huge-cpu');
    expect(r.event).toBe('0/4 nodes are available: 4 Insufficient cpu. no new claims to deallocate, preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.');
    expect(r.condition).toBe(r.event);
    expect(r.component).toBe('default-scheduler');
  });

  it('insufficient memory and cpu, plus the untolerated taint', async () => {
    const kube = admin();
    const ns = await newNamespace(kube, 'sched-mem');
    await kube.create(`/api/v1/namespaces/${ns}/pods`, pod('huge', { containers: [{ name: 'app', image: 'registry.example.com/shop/api:1.4.2', resources: { requests: { cpu: '10', memory: '128Gi' } } }] }));
    const r = await unschedulable(kube, ns, 'huge');
    expect(r.event).toBe('0/4 nodes are available: 1 node(s) had untolerated taint(s), 3 Insufficient cpu, 3 Insufficient memory. no new claims to deallocate, preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.');
  });

  it('untolerated taint (and a toleration fixes it)', async () => {
    const kube = admin();
    const ns = await newNamespace(kube, 'sched-taint');
    await kube.create(`/api/v1/namespaces/${ns}/pods`, pod('gpu-job', { nodeSelector: { 'kubewhy.e2e/pool': 'gpu' } }));
    const r = await unschedulable(kube, ns, 'gpu-job');
    expect(r.event).toBe("0/4 nodes are available: 1 node(s) had untolerated taint(s), 3 node(s) didn't match Pod's node affinity/selector. no new claims to deallocate, preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.");
    await kube.create(`/api/v1/namespaces/${ns}/pods`, pod('gpu-job-tolerating', {
      nodeSelector: { 'kubewhy.e2e/pool': 'gpu' },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }],
    }));
    const ev = await waitForEvent(kube, ns, 'Pod', 'gpu-job-tolerating', 'Scheduled');
    expect(ev.message).toBe(`Successfully assigned ${ns}/gpu-job-tolerating to kwok-gpu`);
  });

  it('node selector that no node matches (label and architecture)', async () => {
    const kube = admin();
    const ns = await newNamespace(kube, 'sched-selector');
    await kube.create(`/api/v1/namespaces/${ns}/pods`, pod('wants-ssd', { nodeSelector: { disktype: 'ssd' } }));
    await kube.create(`/api/v1/namespaces/${ns}/pods`, pod('wants-s390x', { nodeSelector: { 'kubernetes.io/arch': 's390x' } }));
    const selector = "0/4 nodes are available: 1 node(s) had untolerated taint(s), 3 node(s) didn't match Pod's node affinity/selector. no new claims to deallocate, preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.";
    expect((await unschedulable(kube, ns, 'wants-ssd')).event).toBe(selector);
    expect((await unschedulable(kube, ns, 'wants-s390x')).event).toBe(selector);
    // arm64 exists: a pod pinned to it lands there
    await kube.create(`/api/v1/namespaces/${ns}/pods`, pod('wants-arm64', { nodeSelector: { 'kubernetes.io/arch': 'arm64' } }));
    const ev = await waitForEvent(kube, ns, 'Pod', 'wants-arm64', 'Scheduled');
    expect(ev.message).toBe(`Successfully assigned ${ns}/wants-arm64 to kwok-arm64`);
    expect((await eventsFor(kube, ns, 'Pod', 'wants-arm64')).some((e) => e.reason === 'FailedScheduling')).toBe(false);
  });
});
