// Live mode (src/load/cluster-live.ts) against the real control plane: the failures come from the
// real API server, admission, controllers and scheduler; the kubelet states are kwok simulations
// (test/e2e/kwok-stages). `kubewhy diagnose` runs as a process (dist/cli/main.js) with KUBECONFIG.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { admin, clusterInfo, describeCluster, newNamespace, pod } from './harness/context.js';
import { runKubewhy, type Run } from './harness/kubewhy.js';
import { waitFor, waitForEvent, type Kube, type KubeObject } from './harness/kube.js';
import { fetchLive, loadLive, type Transport } from '../../src/load/cluster-live.js';

const IMAGE = 'registry.example.com/shop/api:1.4.2';


function kubewhy(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return runKubewhy(args, { HOME: tmp, ...env });
}

interface Report {
  findings: { ruleId: string; subject: { object?: { kind: string; name: string } } }[];
  inputErrors: { file: string; message: string }[];
}
const ids = (r: Report): string[] => [...new Set(r.findings.map((f) => f.ruleId))].sort();

let tmp = '';
let ns = '';
let kube: Kube;

async function quotaUsed(k: Kube, namespace: string, name: string): Promise<Record<string, string> | undefined> {
  return (await k.get<{ status?: { used?: Record<string, string> } }>(`/api/v1/namespaces/${namespace}/resourcequotas/${name}`)).status?.used;
}

describeCluster('live diagnose against the real control plane', () => {
  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'kubewhy-live-'));
    kube = admin();
    ns = await newNamespace(kube, 'live');
    // First, because test (a) needs it Pending for the scheduler rule's grace period (shortened to
    // 5 s there by config; 60 s by default, which (b) crosses): the other tests run meanwhile.
    await kube.create(`/api/v1/namespaces/${ns}/pods`, pod('huge', { containers: [{ name: 'app', image: IMAGE, resources: { requests: { cpu: '1000' } } }] }));
    // Quota next: admission refuses pods until the quota controller has computed status.used.
    await kube.create(`/api/v1/namespaces/${ns}/resourcequotas`, { metadata: { name: 'pods-quota' }, spec: { hard: { pods: '3' } } });
    await waitFor(() => quotaUsed(kube, ns, 'pods-quota'), { what: 'quota status' });
    await kube.create(`/api/v1/namespaces/${ns}/pods`, pod('pull', {}, { labels: { 'kubewhy.e2e/sim': 'image-pull-backoff' } }));
    await kube.create(`/api/v1/namespaces/${ns}/pods`, pod('crash', {}, { labels: { 'kubewhy.e2e/sim': 'crashloop' }, annotations: { 'kubewhy.e2e/exit-code': '2', 'kubewhy.e2e/restart-count': '5' } }));
    // The fourth pod is over the quota: the ReplicaSet controller gets FailedCreate.
    await kube.create(`/apis/apps/v1/namespaces/${ns}/deployments`, {
      metadata: { name: 'web' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: IMAGE }], terminationGracePeriodSeconds: 0 } },
      },
    });
    await kube.create(`/api/v1/namespaces/${ns}/secrets`, { metadata: { name: 'db' }, stringData: { password: 'hunter2-very-secret' } });
    await kube.create(`/api/v1/namespaces/${ns}/configmaps`, { metadata: { name: 'app-config' }, data: { LOG_LEVEL: 'debug', GOMEMLIMIT: '400MiB' } });
    const rsName = await waitFor(async () => {
      const l = await kube.list(`/apis/apps/v1/namespaces/${ns}/replicasets`);
      return l.items[0]?.metadata.name;
    }, { what: 'ReplicaSet of web' });
    await waitForEvent(kube, ns, 'ReplicaSet', rsName, 'FailedCreate');
    await waitForEvent(kube, ns, 'Pod', 'huge', 'FailedScheduling', { timeoutMs: 30_000 });
    for (const name of ['pull', 'crash']) {
      await waitFor(async () => {
        const p = await kube.get<KubeObject & { status?: { containerStatuses?: unknown[] } }>(`/api/v1/namespaces/${ns}/pods/${name}`);
        return (p.status?.containerStatuses?.length ?? 0) > 0;
      }, { what: `simulated status of ${name}` });
    }
  });

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('(b) snapshot -o DIR, then diagnose --from DIR gives the same findings as live', async () => {
    const kc = { KUBECONFIG: clusterInfo().kubeconfig };
    // Event counts and timestamps move while the scheduler and controllers retry: compare runs
    // that saw the same cluster (two identical snapshots around the live run).
    let last = '';
    for (let attempt = 0; attempt < 4; attempt++) {
      const dir1 = join(tmp, `snap-${attempt}-a`);
      const dir2 = join(tmp, `snap-${attempt}-b`);
      const s1 = await kubewhy(['snapshot', '-o', dir1, '-n', ns], kc);
      expect(s1.code, s1.stderr).toBe(0);
      const live = await kubewhy(['diagnose', '-n', ns, '-f', 'json'], kc);
      const s2 = await kubewhy(['snapshot', '-o', dir2, '-n', ns], kc);
      expect(s2.code, s2.stderr).toBe(0);
      const off = await kubewhy(['diagnose', '--from', dir1, '-n', ns, '-f', 'json'], kc);
      expect(live.code, live.stderr).toBe(1);
      expect(off.code, off.stderr).toBe(live.code);
      const files = readdirSync(dir1).sort();
      expect(files).toEqual(expect.arrayContaining(['configmaps.json', 'deployments.json', 'events.json', 'namespaces.json', 'nodes.json', 'pods.json', 'replicasets.json', 'resourcequotas.json', 'secrets.json']));
      // Secrets: key names only; ConfigMaps: key names only.
      const secrets = readFileSync(join(dir1, 'secrets.json'), 'utf8');
      expect(secrets).toContain('"password"');
      expect(secrets).not.toContain('hunter2');
      expect(secrets).not.toContain(Buffer.from('hunter2-very-secret').toString('base64'));
      expect(readFileSync(join(dir1, 'configmaps.json'), 'utf8')).toContain('"GOMEMLIMIT": "<omitted>"');
      // The read time: what every age in the offline diagnosis is measured from.
      const meta = JSON.parse(readFileSync(join(dir1, 'kubewhy-snapshot.json'), 'utf8')) as { apiVersion: string; kind: string; readAt: string };
      expect([meta.apiVersion, meta.kind]).toEqual(['kubewhy.dev/v1', 'Snapshot']);
      expect(Math.abs(Date.now() - Date.parse(meta.readAt))).toBeLessThan(60_000);
      // The pending pod crosses the scheduler rule's 60 s grace period at one moment: a live run
      // and a snapshot on either side of it differ for a good reason; try again past it.
      const pods = JSON.parse(readFileSync(join(dir1, 'pods.json'), 'utf8')) as { items: { metadata: { name: string; creationTimestamp: string } }[] };
      const huge = pods.items.find((p) => p.metadata.name === 'huge')!;
      const pendingAtRead = (Date.parse(meta.readAt) - Date.parse(huge.metadata.creationTimestamp)) / 1000;
      if (Math.abs(pendingAtRead - 60) < 5) {
        await new Promise((r) => setTimeout(r, 6_000));
        continue;
      }
      const same = files.filter((f) => f.endsWith('.json') && f !== 'kubewhy-snapshot.json').every((f) => readFileSync(join(dir1, f), 'utf8') === readFileSync(join(dir2, f), 'utf8'));
      // Live and offline each measure ages from their own read time, seconds apart: compare the rest.
      const a = withoutAges((JSON.parse(live.stdout) as Report).findings);
      const b = withoutAges((JSON.parse(off.stdout) as Report).findings);
      last = `${JSON.stringify(a).length} vs ${JSON.stringify(b).length}`;
      if (!same) continue;
      expect(b).toEqual(a);
      expect(b.length).toBeGreaterThan(0);
      return;
    }
    throw new Error(`the cluster never held still for two snapshots (${last})`);
  });

  it('(c) a service account that cannot list secrets or events: warnings, findings, no crash', async () => {
    await kube.create(`/api/v1/namespaces/${ns}/serviceaccounts`, { metadata: { name: 'viewer' } });
    await kube.create(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles`, {
      metadata: { name: 'viewer' },
      rules: [
        { apiGroups: [''], resources: ['pods', 'pods/log', 'services', 'configmaps', 'resourcequotas', 'limitranges', 'persistentvolumeclaims'], verbs: ['get', 'list'] },
        { apiGroups: ['apps', 'batch', 'autoscaling', 'policy', 'discovery.k8s.io', 'networking.k8s.io'], resources: ['*'], verbs: ['get', 'list'] },
      ],
    });
    await kube.create(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, {
      metadata: { name: 'viewer' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'viewer' },
      subjects: [{ kind: 'ServiceAccount', name: 'viewer', namespace: ns }],
    });
    const tr = await kube.create<{ status: { token: string } }>(`/api/v1/namespaces/${ns}/serviceaccounts/viewer/token`, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } });
    const c = clusterInfo();
    const file = join(tmp, 'viewer.kubeconfig');
    writeFileSync(file, kubeconfig(c.server, c.caFile, tr.status.token, ns));
    const r = await kubewhy(['diagnose', '--kubeconfig', file]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain(`secrets (list): forbidden: cannot list secrets in namespace ${ns} (RBAC); diagnosis continues without them`);
    expect(r.stdout).toContain(`events (list): forbidden: cannot list events in namespace ${ns} (RBAC); diagnosis continues without them`);
    expect(r.stdout).toContain('nodes (list): forbidden: cannot list nodes at the cluster scope (RBAC)');
    expect(r.stdout).toMatch(/crashloop-exit/);
    const json = await kubewhy(['diagnose', '--kubeconfig', file, '-f', 'json']);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as Report;
    expect(report.inputErrors.map((e) => e.file)).toEqual(expect.arrayContaining(['secrets (list)', 'events (list)']));
    expect(json.stderr).toContain('kubewhy: secrets (list): forbidden');
  });

  it('(d) one List per kind for the namespace, events once, logs only for failing containers', async () => {
    const requests: string[] = [];
    const counting = (t: Transport): Transport => (path, timeoutMs) => {
      requests.push(path);
      return t(path, timeoutMs);
    };
    const state = await loadLive({ kubeconfig: clusterInfo().kubeconfig, namespace: ns, wrapTransport: counting });
    const lists = requests.filter((p) => !p.includes('/log?'));
    const byPath = new Map<string, number>();
    for (const p of lists) byPath.set(p.split('?')[0]!, (byPath.get(p.split('?')[0]!) ?? 0) + 1);
    expect([...byPath.values()].every((n) => n === 1), JSON.stringify([...byPath])).toBe(true);
    expect(byPath.size).toBe(20);
    expect(byPath.get(`/api/v1/namespaces/${ns}/events`)).toBe(1);
    expect(byPath.get('/api/v1/nodes')).toBe(1);
    expect(byPath.get(`/api/v1/namespaces/${ns}`)).toBe(1);
    expect(lists.filter((p) => p.includes('?')).every((p) => p.includes('limit=500'))).toBe(true);
    // Logs: only the crash-looping container (current + previous), never the healthy ones.
    const logs = requests.filter((p) => p.includes('/log?'));
    expect(logs.every((p) => p.includes('/pods/crash/log?') && p.includes('tailLines=200'))).toBe(true);
    expect(logs.length).toBeLessThanOrEqual(2);
    process.stderr.write(`[diagnose-live] ${requests.length} requests: ${lists.length} lists/gets + ${logs.length} log reads; ${state.objects.length} objects, ${state.events.length} events, ${state.logs.length} logs, ${state.warnings.length} warnings\n`);
    expect(state.objects.some((o) => o.kind === 'Deployment' && o.name === 'web')).toBe(true);
    expect(state.events.some((e) => e.reason === 'FailedCreate')).toBe(true);
    process.stderr.write(`[diagnose-live] warnings: ${JSON.stringify(state.warnings)}\n`);

    // -A: the same kinds, each listed once cluster-wide (no per-namespace fan-out).
    const all: string[] = [];
    const everywhere = await loadLive({ kubeconfig: clusterInfo().kubeconfig, allNamespaces: true, wrapTransport: (t) => (path, ms) => (all.push(path), t(path, ms)) });
    const allLists = all.filter((p) => !p.includes('/log?')).map((p) => p.split('?')[0]!);
    expect(new Set(allLists).size).toBe(allLists.length);
    expect(allLists.length).toBe(20);
    expect(allLists.filter((p) => p.includes('/namespaces/'))).toEqual([]);
    expect(allLists).toContain('/api/v1/events');
    expect(allLists).toContain('/api/v1/namespaces');
    process.stderr.write(`[diagnose-live] -A: ${all.length} requests (${allLists.length} lists + ${all.length - allLists.length} log reads); ${everywhere.objects.length} objects, ${everywhere.events.length} events\n`);
  });

  it('(d) the CLI through a counting HTTP proxy in front of the API server: one request per List', async () => {
    // Black box: `kubewhy diagnose` as a process, every request it sends seen on the wire.
    const c = clusterInfo();
    const seen: string[] = [];
    const proxy = createHttpServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      const up = httpsRequest(c.server + (req.url ?? '/'), { method: req.method, headers: { ...req.headers, host: new URL(c.server).host }, ca: c.ca }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      up.on('error', (err) => res.writeHead(502).end(String(err)));
      req.pipe(up);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    try {
      const file = join(tmp, 'proxied.kubeconfig');
      // Plain http to the proxy (client-node allows it only with insecure-skip-tls-verify); the proxy speaks TLS upstream.
      writeFileSync(file, kubeconfig(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, c.caFile, c.token, ns).replace(/\n {4}certificate-authority: .*/, '\n    insecure-skip-tls-verify: true'));
      const r = await kubewhy(['diagnose', '-n', ns, '-f', 'json', '--kubeconfig', file]);
      expect(r.code, r.stderr).toBe(1);
    } finally {
      await new Promise<void>((r) => proxy.close(() => r()));
    }
    expect(seen.every((l) => l.startsWith('GET '))).toBe(true);
    const paths = seen.map((l) => l.slice(4));
    const lists = paths.filter((p) => !p.includes('/log?')).map((p) => p.split('?')[0]!);
    expect(lists.length).toBe(20);
    expect(new Set(lists).size).toBe(20);
    expect(lists).toEqual(expect.arrayContaining([`/api/v1/namespaces/${ns}`, `/api/v1/namespaces/${ns}/pods`, `/api/v1/namespaces/${ns}/events`, '/api/v1/nodes']));
    const logs = paths.filter((p) => p.includes('/log?'));
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.every((p) => p.startsWith(`/api/v1/namespaces/${ns}/pods/crash/log?`))).toBe(true);
    process.stderr.write(`[diagnose-live] through the proxy: ${seen.length} requests (${lists.length} lists/gets, ${logs.length} log reads)\n`);
  });

  it('(d) pagination: limit + continue pages, every item once', async () => {
    const pns = await newNamespace(kube, 'live-pages');
    for (let i = 0; i < 5; i++) await kube.create(`/api/v1/namespaces/${pns}/configmaps`, { metadata: { name: `cm-${i}` }, data: { k: String(i) } });
    const requests: string[] = [];
    const f = await fetchLive({
      kubeconfig: clusterInfo().kubeconfig,
      namespace: pns,
      pageSize: 2,
      wrapTransport: (t) => (path, ms) => {
        requests.push(path);
        return t(path, ms);
      },
    });
    const cms = requests.filter((p) => p.startsWith(`/api/v1/namespaces/${pns}/configmaps?`));
    // 6 ConfigMaps (kube-root-ca.crt + 5) in pages of 2: 3 requests, the 2nd and 3rd with continue.
    expect(cms.length).toBe(3);
    expect(cms.slice(1).every((p) => p.includes('continue='))).toBe(true);
    const items = f.lists.find((l) => l.file === 'configmaps.json')!.doc.items as { metadata: { name: string } }[];
    expect(items.map((i) => i.metadata.name).sort()).toEqual(['cm-0', 'cm-1', 'cm-2', 'cm-3', 'cm-4', 'kube-root-ca.crt']);
  });

  // A real 410 could not be provoked: after compacting etcd, v1.36's watch cache answered a continue
  // token older than the compaction with 200 and no items (resourceVersion "2") instead of 410
  // Expired. So the real server serves every page and the first continued page's answer is
  // replaced by the Status the API server sends for an expired token (fault injection, marked).
  it('(d) a 410 Gone (injected) on a continued page restarts the List from the beginning', async () => {
    const pns = await newNamespace(kube, 'live-410');
    for (let i = 0; i < 4; i++) await kube.create(`/api/v1/namespaces/${pns}/configmaps`, { metadata: { name: `cm-${i}` } });
    const seen: string[] = [];
    let injected = false;
    const f = await fetchLive({
      kubeconfig: clusterInfo().kubeconfig,
      namespace: pns,
      pageSize: 2,
      wrapTransport: (t) => async (path, ms) => {
        const res = await t(path, ms);
        if (!path.startsWith(`/api/v1/namespaces/${pns}/configmaps?`)) return res;
        if (path.includes('continue=') && !injected) {
          injected = true;
          seen.push('410');
          return { status: 410, text: JSON.stringify(EXPIRED) };
        }
        seen.push(path.includes('continue=') ? 'next' : 'first');
        return res;
      },
    });
    // first page, injected 410, then the List again from the start: 3 pages of 2 (5 ConfigMaps + kube-root-ca.crt).
    expect(seen).toEqual(['first', '410', 'first', 'next', 'next']);
    const names = (f.lists.find((l) => l.file === 'configmaps.json')!.doc.items as { metadata: { name: string } }[]).map((i) => i.metadata.name);
    expect(names.sort()).toEqual(['cm-0', 'cm-1', 'cm-2', 'cm-3', 'kube-root-ca.crt']);
    expect(f.warnings).toEqual([]);
  });

  it('(e) an unreachable API server: exit 2 and one line naming the endpoint', async () => {
    const port = await closedPort();
    const c = clusterInfo();
    const file = join(tmp, 'dead.kubeconfig');
    writeFileSync(file, kubeconfig(`https://127.0.0.1:${port}`, c.caFile, 'x', 'default'));
    const r = await kubewhy(['diagnose', '-n', 'shop'], { KUBECONFIG: file });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`kubewhy diagnose: cannot reach the Kubernetes API at https://127.0.0.1:${port}: connect ECONNREFUSED\n`);
    const s = await kubewhy(['snapshot', '-o', join(tmp, 'dead'), '--kubeconfig', file]);
    expect(s.code).toBe(2);
    expect(s.stderr).toBe(`kubewhy snapshot: cannot reach the Kubernetes API at https://127.0.0.1:${port}: connect ECONNREFUSED\n`);
  });
  it('(a) kubewhy diagnose -n NS reports the quota, scheduling, image pull and crash-loop failures', async () => {
    // The scheduler rule waits out a grace period (a pod pending for seconds is not a finding):
    // 60 s by default, 5 s with this config. Live "now" is the read time, so only the rest of it is
    // left to wait (the pod was created first thing; creationTimestamp has whole seconds).
    const config = join(tmp, 'grace.kubewhy.yaml');
    writeFileSync(config, 'rules:\n  pod-unschedulable:\n    options: { pendingGraceSeconds: 5 }\n');
    const created = Date.parse((await kube.get(`/api/v1/namespaces/${ns}/pods/huge`)).metadata.creationTimestamp as string);
    const waited = Math.max(0, created + 6_000 - Date.now());
    process.stderr.write(`[diagnose-live] (a) waits ${(waited / 1000).toFixed(1)} s for the grace period\n`);
    await new Promise((r) => setTimeout(r, waited));
    const r = await kubewhy(['diagnose', '-n', ns, '-f', 'json', '-c', config], { KUBECONFIG: clusterInfo().kubeconfig });
    expect(r.stderr).not.toMatch(/not implemented/);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    const got = ids(report);
    expect(got).toEqual(expect.arrayContaining(['crashloop-exit', 'pod-create-quota-exceeded', 'pod-unschedulable']));
    expect(got.some((id) => id === 'image-not-found' || id === 'image-pull-backoff'), got.join(', ')).toBe(true);
    // Text output: the same, no progress line (stderr is not a TTY).
    const text = await kubewhy(['diagnose', 'deploy/web', '-n', ns], { KUBECONFIG: clusterInfo().kubeconfig });
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/pod-create-quota-exceeded/);
    expect(text.stdout).not.toMatch(/crashloop-exit/);
    expect(text.stderr).not.toMatch(/\r/);
  });
});

/** Ages as kubewhy prints them (`45s`, `7m20s`, `3h10m`, `2d4h`) masked: they depend on the read time. */
function withoutAges<T>(findings: T[]): T[] {
  return JSON.parse(JSON.stringify(findings).replace(/\b\d+(?:y\d+d|d\d+h|h\d+m|m\d+s|[smhdy])\b/g, '<age>')) as T[];
}

/** What kube-apiserver answers for an expired continue token (k8s.io/apimachinery, NewResourceExpired). */
const EXPIRED = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
  reason: 'Expired',
  code: 410,
};

function kubeconfig(server: string, caFile: string, token: string, namespace: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: c\n  cluster:\n    server: ${server}\n    certificate-authority: ${caFile}`,
    'users:',
    `- name: u\n  user:\n    token: ${token}`,
    'contexts:',
    `- name: ctx\n  context:\n    cluster: c\n    user: u\n    namespace: ${namespace}`,
    'current-context: ctx',
    '',
  ].join('\n');
}

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}
