#!/usr/bin/env node
// kubewhy watch memory benchmark.
//
//   node bench/watch.mjs [--pods 5000] [--failing 50] [--churn-seconds 60] [--nodes 10] [--check] [--json FILE]
//
// 1. Starts the e2e control plane (test/e2e/harness/control-plane.ts, compiled with tsc into
//    bench/.corpus/watch-harness/, binaries from scripts/control-plane/build.sh) with --nodes
//    kwok nodes of 600 pods each, so that every pod is scheduled and kwok marks it Running.
// 2. Creates --pods pods in one namespace (concurrent creates, 32 in flight); --failing of them
//    carry the kwok `crashloop` stage (so the controller has something to diagnose and publish).
// 3. Runs `node dist/cli/main.js watch -A` as a child process, waits for /readyz, then for the
//    diagnosis backlog to drain (kubewhy_watch_diagnosis_runs_total stable), sampling its RSS
//    (/proc/<pid>/status VmRSS) every 250 ms: "after sync".
// 4. Churn for --churn-seconds: label patches on random pods (~50/s) and delete + re-create of
//    pods (~10/s), sampling RSS: "under churn".
// Reports median and peak RSS per phase, sync time, pods seen. Target: peak RSS < 300 MB.
// Exit 3 with --check when the target is missed; 2 when the control plane cannot be started.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpGet } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH, '..');
const TARGET_MB = 300;

function args(argv) {
  const o = { pods: 5000, failing: 50, churnSeconds: 60, nodes: 10, check: false, json: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--pods' || a === '--failing' || a === '--nodes') o[a.slice(2)] = Number(argv[++i]);
    else if (a === '--churn-seconds') o.churnSeconds = Number(argv[++i]);
    else if (a === '--check') o.check = true;
    else if (a === '--json') o.json = resolve(argv[++i]);
    else {
      process.stderr.write(`watch bench: unknown option ${a}\n`);
      process.exit(2);
    }
  }
  return o;
}

const say = (m) => process.stderr.write(`[watch bench] ${m}\n`);

/** The harness is TypeScript: compile it (and only it) once per change, next to the kwok stages it reads. */
function buildHarness() {
  const out = join(BENCH, '.corpus', 'watch-harness');
  const src = join(ROOT, 'test/e2e/harness');
  const stamp = ['control-plane.ts', 'kube.ts', 'nodes.ts', 'processes.mjs'].map((f) => readFileSync(join(src, f), 'utf8')).join('\0');
  const stampFile = join(out, 'stamp');
  if (!existsSync(stampFile) || readFileSync(stampFile, 'utf8') !== stamp) {
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '--ignoreConfig', '--outDir', join(out, 'harness'), '--rootDir', src,
      '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--skipLibCheck', '--types', 'node', join(src, 'control-plane.ts')], { stdio: 'inherit' });
    copyFileSync(join(src, 'processes.mjs'), join(out, 'harness', 'processes.mjs'));
    symlinkSync(join(ROOT, 'test/e2e/kwok-stages'), join(out, 'kwok-stages'));
    writeFileSync(stampFile, stamp);
  }
  return join(out, 'harness', 'control-plane.js');
}

function controlPlaneDir() {
  const fromEnv = process.env.KUBEWHY_CONTROL_PLANE_DIR;
  if (fromEnv && existsSync(join(fromEnv, 'manifest.env'))) return fromEnv;
  try {
    return execFileSync('bash', [join(ROOT, 'scripts/control-plane/build.sh'), '--print-dir'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

function rssMB(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

function httpText(port, path) {
  return new Promise((res) => {
    httpGet({ host: '127.0.0.1', port, path, agent: false }, (r) => {
      let b = '';
      r.on('data', (d) => (b += d));
      r.on('end', () => res({ status: r.statusCode, body: b }));
    }).on('error', () => res({ status: 0, body: '' })).end();
  });
}

function metric(body, name, labels = '') {
  let sum = 0;
  for (const line of body.split('\n')) if (line.startsWith(`${name}${labels}`) && /^[a-z_]+(\{[^}]*\})? /.test(line)) sum += Number(line.split(' ').pop());
  return sum;
}

async function pool(n, size, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: size }, async () => {
    while (next < n) await fn(next++);
  }));
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

async function main() {
  const o = args(process.argv.slice(2));
  const cli = join(ROOT, 'dist/cli/main.js');
  if (!existsSync(cli)) {
    say('dist/cli/main.js missing: run npm run build');
    process.exit(2);
  }
  const cacheDir = controlPlaneDir();
  if (!cacheDir) {
    say('no control-plane binaries: run `bash scripts/control-plane/build.sh` (needs Go and the Go module proxy)');
    process.exit(2);
  }
  const { ControlPlane } = await import(pathToFileURL(buildHarness()).href);
  const nodes = Array.from({ length: o.nodes }, (_, i) => ({ name: `bench-node-${i}`, arch: 'amd64', cpu: '64', memory: '256Gi', pods: '600', zone: `zone-${i % 3}`, instanceType: 'kwok.bench' }));
  say(`starting the control plane from ${cacheDir}`);
  const cp = await ControlPlane.start({ cacheDir, nodes, log: (m) => say(m) });
  let watch;
  try {
    const kube = cp.kube;
    const ns = 'bench-watch';
    await kube.create('/api/v1/namespaces', { metadata: { name: ns } });
    await waitUntil(async () => (await kube.raw('GET', `/api/v1/namespaces/${ns}/serviceaccounts/default`)).status === 200, 60_000);
    const podObj = (i, gen = 0) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `p-${i}${gen ? `-g${gen}` : ''}`,
        labels: { app: `app-${i % 100}`, ...(i < o.failing ? { 'kubewhy.e2e/sim': 'crashloop' } : {}) },
        ...(i < o.failing ? { annotations: { 'kubewhy.e2e/exit-code': '2', 'kubewhy.e2e/restart-count': '5' } } : {}),
      },
      spec: {
        terminationGracePeriodSeconds: 0,
        containers: [{ name: 'app', image: 'registry.example.com/shop/api:1.4.2', env: [{ name: 'GOMEMLIMIT', value: '400MiB' }], resources: { requests: { cpu: '10m', memory: '16Mi' } } }],
      },
    });
    let t0 = Date.now();
    await pool(o.pods, 32, (i) => kube.create(`/api/v1/namespaces/${ns}/pods`, podObj(i)));
    say(`created ${o.pods} pods in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    // Selected lists carry no remainingItemCount: ask for the pods that are not Running yet.
    await waitUntil(async () => (await kube.list(`/api/v1/namespaces/${ns}/pods?fieldSelector=status.phase!%3DRunning`)).items.length === 0, 600_000, 2000);
    say(`all ${o.pods} pods Running after ${((Date.now() - t0) / 1000).toFixed(1)}s`);

    t0 = Date.now();
    watch = spawn(process.execPath, [cli, 'watch', '-A', '--metrics-port', '0', '--metrics-host', '127.0.0.1', '--log-format', 'json'], {
      env: { PATH: process.env.PATH, HOME: cp.info.runDir, KUBECONFIG: cp.info.kubeconfig },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let port = 0;
    let published = 0;
    let stderr = '';
    watch.stderr.on('data', (d) => {
      stderr += d;
      for (const line of String(d).split('\n')) {
        if (line.includes('"serving /metrics')) port = JSON.parse(line).port;
        if (line.includes('"msg":"published"')) published++;
      }
    });
    const samples = { sync: [], churn: [] };
    let phase = 'sync';
    const sampler = setInterval(() => {
      const mb = rssMB(watch.pid);
      if (mb !== undefined) samples[phase].push(mb);
    }, 250);
    await waitUntil(async () => port && (await httpText(port, '/readyz')).status === 200, 300_000, 250);
    const readyS = (Date.now() - t0) / 1000;
    // The first diagnosis covers every group; it is done when the run counter stops moving.
    let last = -1;
    await waitUntil(async () => {
      const runs = metric((await httpText(port, '/metrics')).body, 'kubewhy_watch_diagnosis_runs_total');
      const stable = runs === last && runs > 0;
      last = runs;
      return stable;
    }, 300_000, 2000);
    const syncedS = (Date.now() - t0) / 1000;
    const metricsBody = (await httpText(port, '/metrics')).body;
    const cachedPods = metric(metricsBody, 'kubewhy_watch_cache_objects', '{resource="Pod"}');
    say(`ready after ${readyS.toFixed(1)}s, diagnosed after ${syncedS.toFixed(1)}s: ${cachedPods} pods cached, ${last} diagnosis runs, ${published} events published`);

    phase = 'churn';
    const churnEnd = Date.now() + o.churnSeconds * 1000;
    let patches = 0;
    let recreated = 0;
    const patcher = (async () => {
      while (Date.now() < churnEnd) {
        const i = Math.floor(Math.random() * o.pods);
        await kube.patch(`/api/v1/namespaces/${ns}/pods/p-${i}`, { metadata: { labels: { churn: String(Date.now()) } } }).catch(() => {});
        patches++;
        await sleep(20);
      }
    })();
    const recreator = (async () => {
      let gen = 0;
      while (Date.now() < churnEnd) {
        const i = o.pods - 1 - (gen % 500);
        gen++;
        await kube.delete(`/api/v1/namespaces/${ns}/pods/p-${i}${gen > 500 ? `-g${gen - 500}` : ''}`).catch(() => {});
        await kube.create(`/api/v1/namespaces/${ns}/pods`, podObj(i, gen)).catch(() => {});
        recreated++;
        await sleep(100);
      }
    })();
    await Promise.all([patcher, recreator]);
    clearInterval(sampler);
    const lag = (await httpText(port, '/metrics')).body;
    const lagCount = metric(lag, 'kubewhy_watch_lag_seconds_count');
    const lagSum = metric(lag, 'kubewhy_watch_lag_seconds_sum');
    const summary = {
      pods: o.pods,
      cachedPods,
      nodes: o.nodes,
      readySeconds: round(readyS),
      diagnosedSeconds: round(syncedS),
      eventsPublished: published,
      churn: { seconds: o.churnSeconds, patches, recreated },
      rssMB: {
        sync: { median: round(median(samples.sync)), peak: round(Math.max(...samples.sync)), samples: samples.sync.length },
        churn: { median: round(median(samples.churn)), peak: round(Math.max(...samples.churn)), samples: samples.churn.length },
      },
      meanLagSeconds: lagCount ? round(lagSum / lagCount) : null,
      targetMB: TARGET_MB,
    };
    const peak = Math.max(summary.rssMB.sync.peak, summary.rssMB.churn.peak);
    process.stdout.write(
      `kubewhy watch over ${o.pods} pods (${o.nodes} kwok nodes), Node ${process.version}\n` +
        `  ready (initial List of every kind) ${summary.readySeconds}s; first diagnosis done ${summary.diagnosedSeconds}s; ${published} Events published\n` +
        `  RSS after sync:  median ${summary.rssMB.sync.median} MB, peak ${summary.rssMB.sync.peak} MB (${samples.sync.length} samples)\n` +
        `  RSS under churn: median ${summary.rssMB.churn.median} MB, peak ${summary.rssMB.churn.peak} MB (${patches} label patches, ${recreated} pods re-created in ${o.churnSeconds}s)\n` +
        `  mean watch lag ${summary.meanLagSeconds ?? '-'}s\n` +
        `  target peak < ${TARGET_MB} MB: ${peak < TARGET_MB ? 'met' : 'MISSED'}\n`,
    );
    if (o.json) writeFileSync(o.json, JSON.stringify(summary, null, 2) + '\n');
    watch.kill('SIGTERM');
    const code = await new Promise((r) => watch.on('exit', (c) => r(c)));
    if (code !== 0) say(`kubewhy watch exited ${code}: ${stderr.split('\n').slice(-5).join('\n')}`);
    if (o.check && peak >= TARGET_MB) process.exitCode = 3;
  } finally {
    if (watch && watch.exitCode === null) watch.kill('SIGKILL');
    const { survivors } = await cp.stop();
    if (survivors.length) say(`WARNING: survivors ${survivors.join(' ')}`);
  }
}

const round = (x) => Math.round(x * 10) / 10;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function waitUntil(probe, timeoutMs, intervalMs = 500) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await probe()) return;
    } catch {
      /* retried */
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms`);
    await sleep(intervalMs);
  }
}

await main();
