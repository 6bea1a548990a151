// Which containers' logs the watch reads, and how often: the selection shared with live diagnose
// (src/load/cluster-live.ts) on recorded pods, and the per-instance cache in src/watch/container-logs.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/core/config.js';
import type { Finding } from '../../src/core/finding.js';
import { failingContainers } from '../../src/load/cluster-live.js';
import type { JsonObject } from '../../src/model/manifest.js';
import { RULES } from '../../src/rules/index.js';
import type { ApiClient, ApiResponse } from '../../src/watch/api.js';
import { WatchCache } from '../../src/watch/cache.js';
import { ContainerLogs } from '../../src/watch/container-logs.js';
import { Diagnoser } from '../../src/watch/diagnoser.js';
import { createLogger } from '../../src/watch/log.js';
import { createWatchMetrics, type WatchMetrics } from '../../src/watch/metrics.js';
import { cacheOf, recordedItems } from './fixtures.js';

const PANIC = readFileSync(join(import.meta.dirname, '../logs/fixtures/recorded/panic-nilptr-go1.21.txt'), 'utf8');
const NS = 'recorded-simulated';
const pods = (): JsonObject[] => recordedItems('simulated').filter((i) => i.kind === 'Pod');
const podNamed = (name: string): JsonObject => pods().find((p) => (p.metadata as JsonObject).name === name)!;
const logPath = (pod: string, container: string, previous: boolean): string =>
  `/api/v1/namespaces/${NS}/pods/${pod}/log?container=${container}&tailLines=200&limitBytes=1048576${previous ? '&previous=true' : ''}`;

/** The API server's pods/log answers, by path; every request is recorded, with how many ran at once. */
class LogApi implements ApiClient {
  server = 'https://api.test';
  context = 'test';
  defaultNamespace = 'default';
  readonly paths: string[] = [];
  maxInFlight = 0;
  private inFlight = 0;
  constructor(private readonly answer: (path: string) => ApiResponse) {}
  async request(method: string, path: string): Promise<ApiResponse> {
    this.paths.push(`${method} ${path}`);
    this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
    await new Promise((r) => setTimeout(r, 5));
    this.inFlight--;
    return this.answer(path);
  }
  stream(): Promise<ApiResponse> {
    throw new Error('no watch streams here');
  }
}

function withRestarts(pod: JsonObject, restartCount: number): JsonObject {
  const status = pod.status as JsonObject;
  const [cs] = status.containerStatuses as JsonObject[];
  return { ...pod, metadata: { ...(pod.metadata as JsonObject), resourceVersion: String(restartCount) }, status: { ...status, containerStatuses: [{ ...cs!, restartCount }] } };
}

function setup(answer: (path: string) => ApiResponse, opts: { concurrency?: number; maxPods?: number } = {}) {
  const api = new LogApi(answer);
  const lines: string[] = [];
  const metrics = createWatchMetrics();
  const arrived: string[] = [];
  const logs = new ContainerLogs({ api, log: createLogger('text', (l) => lines.push(l)), metrics, onSettled: (ns, pod) => arrived.push(`${ns}/${pod}`), ...opts });
  const cache = new WatchCache();
  const track = (item: JsonObject): void => {
    const c = cache.apply('MODIFIED', 'Pod', 'v1', item);
    if (c && 'object' in c) logs.podChanged(c.object);
  };
  return { api, lines, metrics, arrived, logs, cache, track };
}

async function metric(metrics: WatchMetrics, name: string): Promise<string[]> {
  return (await metrics.registry.metrics()).split('\n').filter((l) => l.startsWith(name));
}

describe('failing-container selection (shared with live diagnose)', () => {
  it('on the recorded simulated pods: the crash loops\' previous logs and the stuck init container\'s current one', () => {
    expect(failingContainers(pods())).toEqual([
      { namespace: NS, pod: 'crashloop', container: 'app', previous: true, restartCount: 4, ended: true },
      { namespace: NS, pod: 'init-stuck', container: 'wait-for-db', previous: false, restartCount: 0, ended: false },
      { namespace: NS, pod: 'oomkilled', container: 'app', previous: true, restartCount: 4, ended: true },
    ]);
  });
});

describe('ContainerLogs: one read per container instance', () => {
  it('reads a crash once per restartCount, holds the newest, drops it with the pod', async () => {
    let n = 0;
    const { api, logs, cache, track, arrived } = setup(() => ({ status: 200, text: `crash ${++n}\n` }));
    track(podNamed('crashloop'));
    await logs.drain();
    expect(api.paths).toEqual([`GET ${logPath('crashloop', 'app', true)}`]);
    expect(arrived).toEqual([`${NS}/crashloop`]);
    const pod = cache.get('Pod', NS, 'crashloop')!;
    expect(logs.logsOf([pod])).toEqual([{ namespace: NS, pod: 'crashloop', container: 'app', previous: true, text: 'crash 1\n' }]);

    // Other changes to the same instance (labels, conditions): no second read.
    track({ ...podNamed('crashloop'), metadata: { ...(podNamed('crashloop').metadata as JsonObject), resourceVersion: '2', labels: { x: 'y' } } });
    await logs.drain();
    expect(api.paths).toHaveLength(1);

    track(withRestarts(podNamed('crashloop'), 5));
    await logs.drain();
    expect(api.paths).toHaveLength(2);
    expect(logs.logsOf([cache.get('Pod', NS, 'crashloop')!]).map((l) => l.text)).toEqual(['crash 2\n']);

    logs.podGone(NS, 'crashloop');
    expect(logs.logsOf([pod])).toEqual([]);
    expect(logs.pods).toBe(0);
  });

  it('a pod that stops failing has its logs dropped; the held pods are bounded', async () => {
    const { logs, cache, track } = setup(() => ({ status: 200, text: 'x\n' }), { maxPods: 1 });
    track(podNamed('crashloop'));
    track(podNamed('oomkilled'));
    await logs.drain();
    expect(logs.pods).toBe(1);
    expect(logs.logsOf([cache.get('Pod', NS, 'crashloop')!])).toEqual([]);
    expect(logs.logsOf([cache.get('Pod', NS, 'oomkilled')!]).map((l) => l.container)).toEqual(['app']);
    track(podNamed('not-ready'));
    expect(logs.pods).toBe(1);
  });

  it('at most `concurrency` requests at once', async () => {
    const { api, logs, track } = setup(() => ({ status: 200, text: 'x\n' }), { concurrency: 2 });
    for (let i = 0; i < 6; i++) track({ ...podNamed('crashloop'), metadata: { ...(podNamed('crashloop').metadata as JsonObject), name: `crashloop-${i}` } });
    await logs.drain();
    expect(api.paths).toHaveLength(6);
    expect(api.maxInFlight).toBe(2);
  });

  it('403 on pods/log: one warning line, the api error metric, no further requests', async () => {
    const forbidden = JSON.stringify({ kind: 'Status', code: 403, reason: 'Forbidden', message: 'pods "crashloop" is forbidden: User "x" cannot get resource "pods/log"' });
    const { api, logs, lines, metrics, track, arrived } = setup(() => ({ status: 403, text: forbidden }), { concurrency: 1 });
    track(podNamed('crashloop'));
    track(podNamed('oomkilled'));
    await logs.drain();
    track(withRestarts(podNamed('crashloop'), 9));
    await logs.drain();
    expect(api.paths).toEqual([`GET ${logPath('crashloop', 'app', true)}`]);
    expect(lines).toEqual(['kubewhy watch: warn forbidden: cannot get pods/log (RBAC); diagnosis continues without container logs code=403\n']);
    // Each ended read (refused, or skipped once refused) lets its group be diagnosed without logs.
    expect(arrived).toEqual([`${NS}/crashloop`, `${NS}/oomkilled`]);
    expect(await metric(metrics, 'kubewhy_watch_api_errors_total{')).toEqual(['kubewhy_watch_api_errors_total{verb="get",resource="pods/log",code="403"} 1']);
    expect(await metric(metrics, 'kubewhy_watch_container_logs_total{')).toEqual(['kubewhy_watch_container_logs_total{result="forbidden"} 1']);
  });

  it('another refusal is a warning naming the container, with the API server\'s message', async () => {
    const { logs, lines, track } = setup(() => ({ status: 400, text: JSON.stringify({ kind: 'Status', code: 400, message: 'previous terminated container "app" in pod "crashloop" not found' }) }));
    track(podNamed('crashloop'));
    await logs.drain();
    expect(lines).toEqual([`kubewhy watch: warn cannot read the log of ${NS}/crashloop container app (previous): previous terminated container "app" in pod "crashloop" not found code=400\n`]);
  });
});

describe('the diagnoser with container logs', () => {
  it('a crash loop waits for its previous log: one diagnosis, with the Go panic and its user frame', async () => {
    const cache = cacheOf('simulated');
    const added: Finding[] = [];
    const metrics = createWatchMetrics();
    const api = new LogApi((path) => ({ status: 200, text: path.includes('/pods/crashloop/') ? PANIC : '' }));
    let d: Diagnoser | undefined;
    const logs = new ContainerLogs({ api, log: createLogger('json', () => {}), metrics, onSettled: (ns, pod) => d!.logsSettled(ns, pod) });
    d = new Diagnoser({
      cache,
      config: defaultConfig(),
      rules: RULES,
      metrics,
      log: createLogger('json', () => {}),
      debounceMs: 5,
      source: 'test',
      now: () => Date.parse('2026-11-25T08:00:00Z'),
      logsOf: (p) => logs.logsOf(p),
      readingLogs: (p) => logs.reading(p),
      onNew: (f) => added.push(f),
      onGone: () => {},
    });
    for (const p of cache.ofKind('Pod')) logs.podChanged(p);
    d.start();
    await logs.drain();
    await d.idle();
    const crash = added.filter((f) => f.subject.object?.name === 'crashloop');
    expect(crash.map((f) => f.ruleId)).toEqual(['crashloop-go-panic']);
    expect(crash[0]!.message).toContain('main.nilptr');
    expect(d.findings().filter((f) => f.subject.object?.name === 'crashloop')).toEqual(crash);
  });
});
