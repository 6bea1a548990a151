#!/usr/bin/env node
// kubewhy webhook latency benchmark.
//
//   node bench/webhook.mjs [--runs 3] [--rate 500] [--duration 20] [--connections 8] [--cli dist/cli/main.js] [--check] [--json FILE]
//
// 1. `kubewhy webhook certs` writes a CA and serving pair for 127.0.0.1 into a temp directory.
// 2. `kubewhy webhook serve` runs as its own process (JSON logs on, as deployed), so the load
//    generator and the server do not share an event loop.
// 3. An open-loop generator in this process POSTs one typical Deployment AdmissionReview (CREATE,
//    ~3 KB, one warn-level and one audit-level finding, so the warning, metric and log paths all
//    run) over --connections keep-alive TLS sockets, request i due at start + i/--rate, for
//    --duration seconds, after an untimed 3 s warm-up. Latency is client-side, per request, from
//    the moment it was due (wrk2's rule: queueing behind a slow response is counted, not hidden).
// 4. Prints p50/p99 latency, errors (connection errors + timeouts + non-2xx) and the achieved
//    rate per run, then the medians over --runs runs. Beside them, two figures other load on the
//    machine cannot inflate much: the server's CPU time per review (/proc/<pid>/stat) and its own
//    p99 from kubewhy_webhook_review_duration_seconds (body received → response written; the
//    upper bound of the histogram bucket holding the 99th percentile).
// Exit status: 0 ok, 1 a run had errors, 2 usage/setup error, 3 with --check when p99 misses the target.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'node:https';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TARGETS = { p99Ms: 5 };

function parseArgs(argv) {
  const o = { runs: 3, rate: 500, duration: 20, connections: 8, cli: join(ROOT, 'dist', 'cli', 'main.js'), check: false, json: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => argv[++i] ?? usage(`${a} needs a value`);
    switch (a) {
      case '--runs': o.runs = Number(val()); break;
      case '--rate': o.rate = Number(val()); break;
      case '--duration': o.duration = Number(val()); break;
      case '--connections': o.connections = Number(val()); break;
      case '--cli': o.cli = resolve(val()); break;
      case '--json': o.json = resolve(val()); break;
      case '--check': o.check = true; break;
      default: usage(`unknown option ${a}`);
    }
  }
  if (!(o.runs >= 1 && o.rate >= 1 && o.duration >= 1 && o.connections >= 1)) usage('--runs, --rate, --duration and --connections need positive numbers');
  return o;
}

function usage(msg) {
  process.stderr.write(`webhook bench: ${msg}\nusage: node bench/webhook.mjs [--runs 3] [--rate 500] [--duration 20] [--connections 8] [--cli FILE] [--check] [--json FILE]\n`);
  process.exit(2);
}

/** What kubectl apply of an ordinary service's Deployment sends, after the API server's defaulting. */
function typicalReview() {
  const container = {
    name: 'api',
    image: 'registry.example.com/shop/api:1.4.2',
    imagePullPolicy: 'IfNotPresent',
    args: ['--listen=:8080', '--log-format=json'],
    ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }, { name: 'metrics', containerPort: 9090, protocol: 'TCP' }],
    env: [
      { name: 'GOMEMLIMIT', value: '460MiB' },
      { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'api-db', key: 'url' } } },
      { name: 'LOG_LEVEL', value: 'info' },
    ],
    resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
    // The same endpoint for both probes: common, and a warn-level finding (liveness-equals-readiness).
    readinessProbe: { httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' }, periodSeconds: 10, timeoutSeconds: 2, successThreshold: 1, failureThreshold: 3 },
    livenessProbe: { httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' }, periodSeconds: 10, timeoutSeconds: 2, successThreshold: 1, failureThreshold: 3 },
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }, { name: 'config', mountPath: '/etc/api', readOnly: true }],
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  };
  const object = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'api',
      namespace: 'shop',
      labels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/part-of': 'shop' },
      annotations: { 'deployment.kubernetes.io/revision': '1' },
      generation: 1,
    },
    spec: {
      replicas: 3,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'api' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/part-of': 'shop' } },
        spec: {
          serviceAccountName: 'api',
          securityContext: { runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [container],
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }, { name: 'config', configMap: { name: 'api-config', defaultMode: 420 } }],
          restartPolicy: 'Always',
          terminationGracePeriodSeconds: 30,
          dnsPolicy: 'ClusterFirst',
          schedulerName: 'default-scheduler',
        },
      },
    },
  };
  return JSON.stringify({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: '705ab4f5-6393-11e8-b7cc-42010a800002',
      kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      resource: { group: 'apps', version: 'v1', resource: 'deployments' },
      requestKind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      requestResource: { group: 'apps', version: 'v1', resource: 'deployments' },
      name: 'api',
      namespace: 'shop',
      operation: 'CREATE',
      userInfo: { username: 'system:serviceaccount:ci:deployer', groups: ['system:serviceaccounts', 'system:authenticated'] },
      object,
      oldObject: null,
      dryRun: false,
      options: { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions', fieldManager: 'kubectl-client-side-apply' },
    },
  });
}

async function startServer(cli, dir) {
  const certs = spawnSync(process.execPath, [cli, 'webhook', 'certs', '--out', dir, '--service', 'kubewhy-webhook', '--namespace', 'kubewhy', '--host', '127.0.0.1'], { encoding: 'utf8' });
  if (certs.status !== 0) throw new Error(`webhook certs failed: ${certs.stderr}`);
  const child = spawn(process.execPath, [cli, 'webhook', 'serve', '--cert', join(dir, 'tls.crt'), '--key', join(dir, 'tls.key'), '--host', '127.0.0.1', '--port', '0', '--metrics-port', '0', '--log', 'json'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let head = '';
  // A server that never said it listens must not outlive the benchmark.
  const ports = await new Promise((ok, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`server did not start: ${head}`));
    }, 20_000);
    child.once('exit', (code) => fail(new Error(`server exited ${code}: ${head}`)));
    child.stderr.on('data', (d) => {
      // Keep reading (the review log lines) so the pipe never fills; remember only the start.
      if (head.length < 4096) head += d.toString();
      const line = head.split('\n').find((l) => l.includes('"msg":"listening"'));
      if (line) {
        clearTimeout(timer);
        const l = JSON.parse(line);
        ok({ https: Number(/:(\d+)\/validate$/.exec(l.https)[1]), ops: Number(/:(\d+)$/.exec(l.ops)[1]) });
      }
    });
  });
  return { child, ...ports };
}

/**
 * An open-loop load generator (as wrk2 does it): request i is due at start + i/rate whatever the
 * server is doing, and its latency counts from when it was due, not from when a free connection
 * sent it, so a slow server cannot hide its queueing (no coordinated omission). Requests go over
 * `connections` keep-alive TLS sockets verified against the test CA; timing is hrtime, in µs.
 */
function load(port, body, ca, o, duration) {
  const agent = new Agent({ keepAlive: true, maxSockets: o.connections, ca });
  const intervalNs = 1e9 / o.rate;
  const total = Math.round(o.rate * duration);
  const latencies = [];
  const serviceTimes = [];
  let errors = 0;
  let non2xx = 0;
  let sent = 0;
  let done = 0;
  return new Promise((ok) => {
    const start = process.hrtime.bigint();
    const finish = (due, sentAt) => {
      const now = process.hrtime.bigint();
      latencies.push(Number(now - due) / 1e6);
      serviceTimes.push(Number(now - sentAt) / 1e6);
      if (++done === total) {
        agent.destroy();
        const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
        ok({ latencies, serviceTimes, errors, non2xx, total, duration: elapsed });
      }
    };
    const send = (due) => {
      const sentAt = process.hrtime.bigint();
      const req = request({ host: '127.0.0.1', port, path: '/validate', method: 'POST', agent, timeout: 10_000, headers: { 'content-type': 'application/json', 'content-length': body.length } }, (res) => {
        if (res.statusCode !== 200) non2xx++;
        res.resume();
        res.on('end', () => finish(due, sentAt));
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        errors++;
        finish(due, sentAt);
      });
      req.end(body);
    };
    const tick = () => {
      const now = process.hrtime.bigint();
      while (sent < total && start + BigInt(Math.round(sent * intervalNs)) <= now) send(start + BigInt(Math.round(sent++ * intervalNs)));
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** utime + stime of a process, in ms (Linux; clock ticks are 100 Hz). */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** Cumulative review-duration buckets (le → count) from the ops port. */
async function durationBuckets(opsPort) {
  const text = await (await fetch(`http://127.0.0.1:${opsPort}/metrics`)).text();
  const buckets = new Map();
  for (const m of text.matchAll(/^kubewhy_webhook_review_duration_seconds_bucket\{le="([^"]+)",decision="[^"]+"\} (\d+)$/gm)) {
    buckets.set(m[1], (buckets.get(m[1]) ?? 0) + Number(m[2]));
  }
  return buckets;
}

function bucketP99Ms(before, after) {
  const rows = [...after].map(([le, n]) => [le === '+Inf' ? Infinity : Number(le), n - (before.get(le) ?? 0)]).sort((a, b) => a[0] - b[0]);
  const total = rows.at(-1)?.[1] ?? 0;
  const hit = rows.find(([, n]) => n >= total * 0.99);
  return hit ? hit[0] * 1000 : NaN;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  try {
    readFileSync(o.cli);
  } catch {
    usage(`${o.cli} not found: run npm run build first`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'kubewhy-bench-webhook-'));
  const body = typicalReview();
  let server;
  try {
    server = await startServer(o.cli, dir);
    process.stdout.write(`webhook bench: ${o.rate} req/s for ${o.duration}s over ${o.connections} keep-alive TLS connections, body ${body.length} bytes, ${o.runs} runs\n`);
    const ca = readFileSync(join(dir, 'ca.crt'));
    await load(server.https, body, ca, o, 3);
    const runs = [];
    for (let i = 1; i <= o.runs; i++) {
      const cpuBefore = cpuMs(server.child.pid);
      const bucketsBefore = await durationBuckets(server.ops);
      const r = await load(server.https, body, ca, o, o.duration);
      const sorted = r.latencies.sort((x, y) => x - y);
      const fromSend = r.serviceTimes.sort((x, y) => x - y);
      const serverCpuMs = cpuMs(server.child.pid) - cpuBefore;
      const serverP99Ms = bucketP99Ms(bucketsBefore, await durationBuckets(server.ops));
      const run = {
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        max: sorted.at(-1),
        p99FromSend: percentile(fromSend, 99),
        requests: r.total,
        rate: r.total / r.duration,
        errors: r.errors + r.non2xx,
        serverCpuMsPerReview: serverCpuMs / r.total,
        serverP99MsAtMost: serverP99Ms,
      };
      runs.push(run);
      process.stdout.write(
        `  run ${i}: p50 ${run.p50.toFixed(2)} ms  p99 ${run.p99.toFixed(2)} ms (from send ${run.p99FromSend.toFixed(2)} ms)  max ${run.max.toFixed(2)} ms  ${run.requests} requests (${run.rate.toFixed(0)}/s)  errors ${run.errors}` +
          `  | server: ${run.serverCpuMsPerReview.toFixed(3)} ms CPU/review, p99 ≤ ${run.serverP99MsAtMost} ms\n`,
      );
    }
    const summary = {
      rate: o.rate,
      durationSeconds: o.duration,
      connections: o.connections,
      bodyBytes: body.length,
      medianP50Ms: median(runs.map((r) => r.p50)),
      medianP99Ms: median(runs.map((r) => r.p99)),
      medianP99FromSendMs: median(runs.map((r) => r.p99FromSend)),
      medianErrors: median(runs.map((r) => r.errors)),
      medianServerCpuMsPerReview: median(runs.map((r) => r.serverCpuMsPerReview)),
      medianServerP99MsAtMost: median(runs.map((r) => r.serverP99MsAtMost)),
      loadAverage: loadavg(),
      targets: TARGETS,
      runs,
    };
    process.stdout.write(
      `median: p50 ${summary.medianP50Ms.toFixed(2)} ms  p99 ${summary.medianP99Ms.toFixed(2)} ms (from send ${summary.medianP99FromSendMs.toFixed(2)} ms)  errors ${summary.medianErrors}  (target p99 < ${TARGETS.p99Ms} ms: ${summary.medianP99Ms < TARGETS.p99Ms ? 'met' : 'MISSED'})\n` +
        `        server: ${summary.medianServerCpuMsPerReview.toFixed(3)} ms CPU/review, p99 ≤ ${summary.medianServerP99MsAtMost} ms; load average ${summary.loadAverage.map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} CPUs\n`,
    );
    if (o.json) writeFileSync(o.json, `${JSON.stringify(summary, null, 2)}\n`);
    if (runs.some((r) => r.errors > 0)) process.exitCode = 1;
    else if (o.check && summary.medianP99Ms >= TARGETS.p99Ms) process.exitCode = 3;
  } finally {
    if (server) {
      server.child.kill('SIGTERM');
      await new Promise((r) => server.child.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`webhook bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
