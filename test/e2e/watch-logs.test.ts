// `kubewhy watch` reading container logs through the real API server: a crash-looping pod (kwok
// `crashloop` stage: restartCount 4, last exit 2) whose previous log — relayed from kwok's kubelet API
// (harness/kubelet-logs.ts) — holds a Go nil-pointer panic gets one KubewhyDiagnosis Event that
// names the panic and its user frame, and the log is read once however often the pod changes.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { admin, clusterInfo, describeCluster, newNamespace, pod } from './harness/context.js';
import { serveKubeletLogs } from './harness/kubelet-logs.js';
import { eventsFor, waitFor, type CoreEvent, type Kube } from './harness/kube.js';
import { WatchProcess } from '../watch/support/watch-process.js';

const PANIC = readFileSync(join(import.meta.dirname, '../logs/fixtures/recorded/panic-nilptr-go1.21.txt'), 'utf8');
const REASON = 'KubewhyDiagnosis';

let kube: Kube;
let home = '';
let ns = '';
let kubelet: { stop(): Promise<void> } | undefined;
let w: WatchProcess | undefined;

const diagnoses = async (name: string): Promise<CoreEvent[]> => (await eventsFor(kube, ns, 'Pod', name)).filter((e) => e.reason === REASON);

describeCluster('kubewhy watch with container logs against the real API server', () => {
  beforeAll(async () => {
    kube = admin();
    home = mkdtempSync(join(tmpdir(), 'kubewhy-watch-logs-'));
    ns = await newNamespace(kube, 'watchlogs');
    kubelet = await serveKubeletLogs(kube, mkdtempSync(join(home, 'kubelet-')), ns, [{ pod: 'api', container: 'app', current: '', previous: PANIC }]);
  });
  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail' && w) process.stderr.write(`--- kubewhy watch stderr (last 4 kB) ---\n${w.stderr.slice(-4096)}\n`);
  });
  afterAll(async () => {
    w?.kill();
    await kubelet?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('a crash loop whose previous log holds a Go panic: exactly one Event, naming the panic and the user frame', async () => {
    w = await WatchProcess.start(['--debounce', '200', '-n', ns], { KUBECONFIG: clusterInfo().kubeconfig, HOME: home });
    await waitFor(async () => (await w!.http('/readyz')).status === 200, { what: 'kubewhy watch /readyz', timeoutMs: 30_000 });
    await kube.create(`/api/v1/namespaces/${ns}/pods`, pod('api', { containers: [{ name: 'app', image: 'registry.example.com/shop/api:1.4.2' }] }, { labels: { 'kubewhy.e2e/sim': 'crashloop' }, annotations: { 'kubewhy.e2e/exit-code': '2' } }));

    const event = await waitFor(async () => (await diagnoses('api'))[0], { what: `${REASON} on Pod ${ns}/api`, timeoutMs: 60_000 });
    expect(event.message).toMatch(
      new RegExp(`^Pod ${ns}/api: CrashLoopBackOff — the Go program panicked in main\\.nilptr \\(/src/demo/crash/main\\.go:17\\): runtime error: invalid memory address or nil pointer dereference \\| evidence: .*container "app" last terminated: exit 2 \\(Error\\).* \\| root cause: the Go program panicked in main\\.nilptr .* \\[crashloop-go-panic, C2\\]$`),
    );
    expect(await w.metric('kubewhy_watch_container_logs_total', { result: 'read' })).toBe(1);

    // More changes to the same crashed instance: re-diagnosed, not re-read, not re-published.
    for (let i = 0; i < 3; i++) {
      await kube.patch(`/api/v1/namespaces/${ns}/pods/api`, { metadata: { labels: { 'kubewhy.e2e/churn': String(i) } } });
      await new Promise((r) => setTimeout(r, 500));
    }
    const all = await diagnoses('api');
    expect(all.map((e) => e.message)).toEqual([event.message]);
    expect(await w.metric('kubewhy_watch_container_logs_total', { result: 'read' })).toBe(1);
    expect(await w.metric('kubewhy_watch_container_logs_total', { result: 'error' })).toBe(0);
    expect(await w.metric('kubewhy_watch_findings', { rule: 'crashloop-go-panic', namespace: ns })).toBe(1);
    expect(await w.metric('kubewhy_watch_findings', { rule: 'crashloop-exit', namespace: ns })).toBe(0);
  });
});
