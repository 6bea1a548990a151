// `kubewhy logs pod/NAME` against the real control plane: first what the API server answers for a
// kwok pod with nothing behind its node's kubelet port, then logs relayed from kwok's kubelet API
// (harness/kubelet-logs.ts).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { admin, clusterInfo, describeCluster, newNamespace, pod } from './harness/context.js';
import { runKubewhy, type Run } from './harness/kubewhy.js';
import { kubeletPort, serveKubeletLogs } from './harness/kubelet-logs.js';
import { waitFor, type Kube, type KubeObject } from './harness/kube.js';

const REPO = join(new URL('.', import.meta.url).pathname, '../..');
const RECORDED = join(REPO, 'test/logs/fixtures/recorded');


function kubewhy(args: string[]): Promise<Run> {
  return runKubewhy(args, { HOME: tmp, KUBECONFIG: clusterInfo().kubeconfig });
}

interface Report {
  findings: { ruleId: string; message: string; subject: { span?: { file: string; line: number } } }[];
  decoded?: { limits: object; lines: number; crashes: unknown[] };
}

const recorded = (name: string): string => readFileSync(join(RECORDED, name), 'utf8');
const PREVIOUS = recorded('schedtrace-go1.21.txt') + recorded('gctrace-go1.21.txt');
const CURRENT = recorded('panic-nilptr-go1.21.txt');

let tmp = '';
let ns = '';
let kube: Kube;
let kubelet: { stop(): Promise<void> } | undefined;
let port = 0;

describeCluster('kubewhy logs pod/NAME against the real API server', () => {
  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'kubewhy-logs-'));
    kube = admin();
    ns = await newNamespace(kube, 'logs');
    const limits = { limits: { memory: '100Mi', cpu: '1' }, requests: { memory: '100Mi', cpu: '1' } };
    await kube.create(`/api/v1/namespaces/${ns}/pods`, pod('api', { containers: [{ name: 'app', image: 'registry.example.com/shop/api:1.4.2', resources: limits }, { name: 'proxy', image: 'registry.example.com/shop/proxy:1.0' }] }, { labels: { 'kubewhy.e2e/sim': 'crashloop' } }));
    await waitFor(async () => ((await kube.get<KubeObject & { status?: { containerStatuses?: unknown[] } }>(`/api/v1/namespaces/${ns}/pods/api`)).status?.containerStatuses?.length ?? 0) > 0, { what: 'simulated status of api' });
    port = await kubeletPort(kube);
  });

  afterAll(async () => {
    await kubelet?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('unknown pod and unknown container: the API server\'s own message, exit 2', async () => {
    const c = clusterInfo();
    const missing = await kubewhy(['logs', 'pod/nope', '-n', ns]);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toBe(`kubewhy logs pod/nope: pods "nope" not found (HTTP 404) (namespace ${ns}, ${c.server})\n`);
    const container = await kubewhy(['logs', 'pod/api', '-n', ns, '-c', 'nope']);
    expect(container.code).toBe(2);
    expect(container.stderr).toBe(`kubewhy logs pod/api: cannot read the log of ${ns}/api container nope: container nope is not valid for pod api (HTTP 400)\n`);
  });

  it('a kwok node\'s kubelet port with nothing behind it: the API server\'s 500, exit 2', async () => {
    const r = await kubewhy(['logs', 'pod/api', '-n', ns, '--previous']);
    expect(r.code).toBe(2);
    // Without -c: the default container (the first), as kubectl picks it.
    expect(r.stderr).toBe(
      `kubewhy logs pod/api: cannot read the previous log of ${ns}/api container app: Get "https://127.0.0.1:${port}/containerLogs/${ns}/api/app?previous=true": dial tcp 127.0.0.1:${port}: connect: connection refused (HTTP 500)\n`,
    );
  });

  it('served by kwok\'s kubelet API: decoded with the container\'s limits, as --memory-limit/--cpu-limit would', async () => {
    writeFileSync(join(tmp, 'previous.txt'), PREVIOUS);
    kubelet = await serveKubeletLogs(kube, mkdtempSync(join(tmp, 'kubelet-')), ns, [{ pod: 'api', container: 'app', current: CURRENT, previous: PREVIOUS }]);
    await waitFor(async () => (await kube.raw('GET', `/api/v1/namespaces/${ns}/pods/api/log?container=app`)).status === 200, { what: 'kwok serving container logs', timeoutMs: 30_000 });

    const previous = await kubewhy(['logs', 'pod/api', '-n', ns, '-c', 'app', '--previous', '-f', 'json']);
    expect(previous.code, previous.stderr).toBe(1);
    const live = JSON.parse(previous.stdout) as Report;
    expect(live.decoded?.limits).toEqual({ memoryBytes: 100 * 2 ** 20, cpuCores: 1 });
    expect(live.decoded?.lines).toBe(PREVIOUS.split('\n').length - 1);
    const ids = live.findings.map((f) => f.ruleId).sort();
    expect(ids).toEqual(expect.arrayContaining(['gc-heap-near-memory-limit', 'gomaxprocs-above-cpu-limit']));
    expect(live.findings.every((f) => f.subject.span?.file === `pod/${ns}/api/app (previous)`)).toBe(true);
    // The same text from a file with the limits given by hand: the same findings.
    const byHand = await kubewhy(['logs', join(tmp, 'previous.txt'), '--memory-limit', '100Mi', '--cpu-limit', '1', '-f', 'json']);
    const hand = JSON.parse(byHand.stdout) as Report;
    const strip = (r: Report): unknown[] => r.findings.map((f) => [f.ruleId, f.message, f.subject.span?.line]);
    expect(strip(live)).toEqual(strip(hand));

    const current = await kubewhy(['logs', 'pod/api', '-n', ns, '-c', 'app']);
    expect(current.code, current.stderr).toBe(1);
    expect(current.stdout).toContain('[go-panic C2]');
    expect(current.stdout).toContain('main.nilptr');
    const tail = await kubewhy(['logs', 'pod/api', '-n', ns, '-c', 'app', '--tail', '1', '-f', 'json']);
    expect((JSON.parse(tail.stdout) as Report).decoded?.lines).toBe(1);
    expect(tail.code).toBe(0);
    // No log configured for that container: kwok's kubelet API says so (a real kubelet says
    // `previous terminated container "proxy" in pod "api" not found`); either way its words, exit 2.
    const none = await kubewhy(['logs', 'pod/api', '-n', ns, '-c', 'proxy', '--previous']);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(`kubewhy logs pod/api: cannot read the previous log of ${ns}/api container proxy: no logs found for container "proxy" in pod "${ns}/api" (HTTP 400)\n`);
  });
});
