// `kubewhy logs pod/NAME` against the real control plane. The API server proxies pods/log to the
// node's kubelet endpoint (status.daemonEndpoints.kubeletEndpoint); the harness's kwok advertises
// that port on every fake node but does not listen there, so the real answer for a kwok pod is
// the API server's 500 "dial tcp …: connection refused". This file then starts a second kwok that
// manages nothing and only serves the kubelet API on that port, with ClusterLogs for this test's
// namespace: kwok reads CRI-format log files (as the kubelet reads /var/log/pods) and the API
// server relays them — both real code paths.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { admin, clusterInfo, describeCluster, newNamespace, pod } from './harness/context.js';
import { runKubewhy, type Run } from './harness/kubewhy.js';
import { waitFor, type Kube, type KubeObject } from './harness/kube.js';
import { Supervisor } from './harness/processes.mjs';

const REPO = join(new URL('.', import.meta.url).pathname, '../..');
const RECORDED = join(REPO, 'test/logs/fixtures/recorded');


function kubewhy(args: string[]): Promise<Run> {
  return runKubewhy(args, { HOME: tmp, KUBECONFIG: clusterInfo().kubeconfig });
}

interface Report {
  findings: { ruleId: string; message: string; subject: { span?: { file: string; line: number } } }[];
  decoded?: { limits: object; lines: number; crashes: unknown[] };
}

/** What the kubelet writes under /var/log/pods: `<RFC3339Nano> <stream> <F|P> <line>`. */
function criLog(text: string): string {
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((l, i) => `2026-11-25T09:29:${String(i % 60).padStart(2, '0')}.000000000Z stderr F ${l}`)
    .join('\n') + '\n';
}

const recorded = (name: string): string => readFileSync(join(RECORDED, name), 'utf8');
const PREVIOUS = recorded('schedtrace-go1.21.txt') + recorded('gctrace-go1.21.txt');
const CURRENT = recorded('panic-nilptr-go1.21.txt');

let tmp = '';
let ns = '';
let kube: Kube;
let sup: Supervisor | undefined;
let port = 0;

describeCluster('kubewhy logs pod/NAME against the real API server', () => {
  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'kubewhy-logs-'));
    kube = admin();
    ns = await newNamespace(kube, 'logs');
    const limits = { limits: { memory: '100Mi', cpu: '1' }, requests: { memory: '100Mi', cpu: '1' } };
    await kube.create(`/api/v1/namespaces/${ns}/pods`, pod('api', { containers: [{ name: 'app', image: 'registry.example.com/shop/api:1.4.2', resources: limits }, { name: 'proxy', image: 'registry.example.com/shop/proxy:1.0' }] }, { labels: { 'kubewhy.e2e/sim': 'crashloop' } }));
    await waitFor(async () => ((await kube.get<KubeObject & { status?: { containerStatuses?: unknown[] } }>(`/api/v1/namespaces/${ns}/pods/api`)).status?.containerStatuses?.length ?? 0) > 0, { what: 'simulated status of api' });
    const node = await kube.get<KubeObject & { status: { daemonEndpoints: { kubeletEndpoint: { Port: number } } } }>('/api/v1/nodes/kwok-amd64-small');
    port = node.status.daemonEndpoints.kubeletEndpoint.Port;
  });

  afterAll(async () => {
    await sup?.stopAll();
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
    writeFileSync(join(tmp, 'app.log'), criLog(CURRENT));
    writeFileSync(join(tmp, 'app.previous.log'), criLog(PREVIOUS));
    writeFileSync(join(tmp, 'previous.txt'), PREVIOUS);
    const inert = (kind: string): string[] => ['apiVersion: kwok.x-k8s.io/v1alpha1', 'kind: Stage', 'metadata:', `  name: kubewhy-inert-${kind.toLowerCase()}`, 'spec:', `  resourceRef: {apiGroup: v1, kind: ${kind}}`, '  selector:', '    matchExpressions:', "    - {key: '.metadata.labels[\"kubewhy.e2e/none\"]', operator: In, values: ['none']}", '  next: {}', '---'];
    writeFileSync(
      join(tmp, 'kwok.yaml'),
      [
        // kwok insists on stages; these match nothing (this kwok manages no node and no pod).
        ...inert('Node'),
        ...inert('Pod'),
        'apiVersion: kwok.x-k8s.io/v1alpha1',
        'kind: ClusterLogs',
        'metadata:',
        '  name: kubewhy-logs',
        'spec:',
        '  selector:',
        `    matchNamespaces: [${ns}]`,
        '    matchNames: [api]',
        '  logs:',
        '  - containers: [app]',
        `    logsFile: ${join(tmp, 'app.log')}`,
        `    previousLogsFile: ${join(tmp, 'app.previous.log')}`,
        '',
      ].join('\n'),
    );
    const c = clusterInfo();
    mkdirSync(join(tmp, 'run'));
    sup = new Supervisor(join(tmp, 'run'));
    sup.arm();
    sup.spawn(
      'kwok-logs',
      join(c.binDir, 'kwok'),
      [`--kubeconfig=${c.kubeconfig}`, `--config=${join(tmp, 'kwok.yaml')}`, '--manage-all-nodes=false', '--manage-nodes-with-label-selector=kubewhy.e2e/none=none', `--server-address=127.0.0.1:${port}`, `--tls-cert-file=${c.servingCert}`, `--tls-private-key-file=${c.servingKey}`],
      { env: { PATH: process.env.PATH ?? '', HOME: tmp }, logFile: join(tmp, 'kwok-logs.log') },
    );
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
