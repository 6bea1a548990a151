#!/usr/bin/env node
// kubewhy diagnose benchmark.
//
//   node bench/diagnose.mjs [--runs 5] [--pods 10000] [--owners 2000] [--events 50000]
//                           [--corpus DIR] [--cli dist/cli/main.js] [--regen] [--check]
//
// 1. Generates a snapshot (`kubectl get -o json` Lists, chunked under the 10 MiB file limit)
//    into bench/.corpus/diagnose/ unless it exists with the same parameters: Deployments +
//    ReplicaSets, Jobs and StatefulSets (--owners top owners), their pods, 50 nodes, and
//    events (Scheduled/Pulling/Pulled/Created/Started for healthy pods; FailedScheduling,
//    FailedCreate quota/PSA, image pull, BackoffLimitExceeded, eviction and HPA events for
//    the ~6 % that fail), and the previous log (200 lines ending in a Go panic) of every
//    crash-looping container, which diagnose decodes.
// 2. Times `node <cli> diagnose --from <dir> --format json -o /dev/null --fail-on never`
//    --runs times through `/usr/bin/time -f '%e %M'`: median wall time, peak RSS.
// 3. Also times, in process, diagnose() with every rule file under dist/rules/cluster/ — the
//    CLI only runs registered rules, and new rules must be measured before registration.
//
// Targets: median < 3 s, peak RSS < 800 MB. Exit 3 with --check when one is missed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  at, condition, container, deployment, event, job, list, node, notReadyConditions, pod, podSpec, readyConditions, replicaSet, statefulSet, status, write,
} from '../test/fixtures/cluster/k8s-shapes.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH, '..');
const TARGETS = { seconds: 3, rssMB: 800 };

function args(argv) {
  const o = { runs: 5, pods: 10000, owners: 2000, events: 50000, corpus: join(BENCH, '.corpus', 'diagnose'), cli: join(ROOT, 'dist', 'cli', 'main.js'), regen: false, check: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === '--runs' || a === '--pods' || a === '--owners' || a === '--events') o[a.slice(2)] = Number(next());
    else if (a === '--corpus') o.corpus = resolve(next());
    else if (a === '--cli') o.cli = resolve(next());
    else if (a === '--regen') o.regen = true;
    else if (a === '--check') o.check = true;
    else {
      process.stderr.write(`diagnose bench: unknown option ${a}\n`);
      process.exit(2);
    }
  }
  return o;
}

/** Deterministic PRNG (mulberry32) so two generations are identical. */
function rng(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FAILURES = ['unschedulable', 'quota', 'psa', 'pull', 'crash', 'evicted'];

/**
 * What live mode reads for a crash-looping container (`--previous`, last 200 lines): JSON request
 * logs, then a Go panic with a few goroutines — diagnose decodes each one before the rules run.
 */
function crashLog(c) {
  const lines = [];
  for (let i = 0; i < 180; i++) lines.push(`{"time":"2026-11-25T08:50:${String(i % 60).padStart(2, '0')}Z","level":"INFO","msg":"request","path":"/api/v1/items/${i}","status":200,"ms":${i % 17}}`);
  lines.push('panic: runtime error: index out of range [3] with length 3', '', 'goroutine 42 [running]:', `example.com/${c}/internal/store.(*Cache).Get(...)`, `\t/src/internal/store/cache.go:88`, `example.com/${c}/internal/api.(*Server).item(0xc000120000, {0x9a3b20, 0xc0001c6000}, 0xc0001b4000)`, `\t/src/internal/api/items.go:41 +0x1f2`, 'net/http.HandlerFunc.ServeHTTP(0xc000131000?, {0x9a3b20?, 0xc0001c6000?}, 0x4?)', '\t/usr/local/go/src/net/http/server.go:2294 +0x29', 'created by net/http.(*Server).Serve in goroutine 1', '\t/usr/local/go/src/net/http/server.go:3454 +0x485', '');
  for (let g = 0; g < 6; g++) lines.push(`goroutine ${100 + g} [IO wait, ${g} minutes]:`, 'internal/poll.runtime_pollWait(0x7f0c4c1e0d28, 0x72)', '\t/usr/local/go/src/runtime/netpoll.go:351 +0x85', 'created by net/http.(*Server).Serve in goroutine 1', '\t/usr/local/go/src/net/http/server.go:3454 +0x485', '');
  lines.push('exit status 2');
  return lines.slice(-200).join('\n') + '\n';
}

export function generate({ pods: podTarget, owners, events: eventTarget, corpus }) {
  const rand = rng(1);
  const logs = [];
  rmSync(corpus, { recursive: true, force: true });
  const nodes = Array.from({ length: 50 }, (_, i) => node({ name: `node-${String(i).padStart(3, '0')}`, cpu: '16', memory: '64Gi', labels: { 'topology.kubernetes.io/zone': `zone-${i % 3}` } }));
  const objects = [];
  const events = [];
  const deploys = Math.round(owners * 0.7);
  const jobs = Math.round(owners * 0.2);
  const sets = owners - deploys - jobs;
  const perOwner = podTarget / owners;
  let podCount = 0;
  const ns = (i) => `team-${i % 40}`;
  const healthyEvents = (p, nodeName) => {
    const img = p.spec.containers[0].image;
    events.push(event({ about: p, reason: 'Scheduled', type: 'Normal', message: `Successfully assigned ${p.metadata.namespace}/${p.metadata.name} to ${nodeName}`, component: 'default-scheduler', api: 'core-series' }));
    events.push(event({ about: p, reason: 'Pulling', type: 'Normal', message: `Pulling image "${img}"`, fieldPath: `spec.containers{${p.spec.containers[0].name}}`, host: nodeName }));
    events.push(event({ about: p, reason: 'Pulled', type: 'Normal', message: `Successfully pulled image "${img}" in 1.2s (1.2s including waiting). Image size: 12345678 bytes.`, host: nodeName }));
    events.push(event({ about: p, reason: 'Created', type: 'Normal', message: `Created container: ${p.spec.containers[0].name}`, host: nodeName }));
    events.push(event({ about: p, reason: 'Started', type: 'Normal', message: `Started container ${p.spec.containers[0].name}`, host: nodeName }));
  };
  const addPods = (owner, n, failure, makeName) => {
    for (let k = 0; k < n && podCount < podTarget; k++, podCount++) {
      const nodeName = nodes[Math.floor(rand() * nodes.length)].metadata.name;
      const name = makeName(k);
      const c = owner.spec.template.spec.containers[0].name;
      if (failure === 'unschedulable') {
        const msg = '0/50 nodes are available: 50 Insufficient cpu. preemption: 0/50 nodes are available: 50 No preemption victims found for incoming pod.';
        const p = pod({ owner, name, phase: 'Pending', conditions: [condition('PodScheduled', 'False', 'Unschedulable', msg, at(1))] });
        objects.push(p);
        events.push(event({ about: p, reason: 'FailedScheduling', message: msg, count: 20, first: at(1), last: at(3500), api: 'core-series' }));
      } else if (failure === 'pull') {
        const p = pod({ owner, name, node: nodeName, phase: 'Pending', conditions: notReadyConditions([c]), statuses: [status(c, { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "registry.example.com/${c}:v9"` } }, { image: `registry.example.com/${c}:v9` })] });
        objects.push(p);
        events.push(event({ about: p, reason: 'Failed', message: `Failed to pull image "registry.example.com/${c}:v9": rpc error: code = NotFound desc = failed to pull and unpack image "registry.example.com/${c}:v9": failed to resolve reference "registry.example.com/${c}:v9": registry.example.com/${c}:v9: not found`, count: 8, first: at(2), last: at(3400), host: nodeName }));
      } else if (failure === 'crash') {
        const p = pod({ owner, name, node: nodeName, conditions: notReadyConditions([c]), statuses: [status(c, { waiting: { reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=${c} pod=${name}_${owner.metadata.namespace}(x)` } }, { restartCount: 14, lastState: { terminated: { exitCode: 2, reason: 'Error', startedAt: at(3000), finishedAt: at(3001) } } })] });
        objects.push(p);
        events.push(event({ about: p, reason: 'BackOff', message: `Back-off restarting failed container ${c} in pod ${name}_${owner.metadata.namespace}(x)`, count: 60, first: at(60), last: at(3500), host: nodeName }));
        logs.push({ ns: owner.metadata.namespace, pod: name, container: c, text: crashLog(c) });
      } else if (failure === 'evicted') {
        objects.push(pod({ owner, name, node: nodeName, phase: 'Failed', reason: 'Evicted', message: `The node was low on resource: memory. Threshold quantity: 100Mi, available: 52Mi. Container ${c} was using 1500Mi, request is 512Mi, has larger consumption of memory. `, statuses: [status(c, { terminated: { exitCode: 137, reason: 'ContainerStatusUnknown', startedAt: at(5), finishedAt: at(2000) } })] }));
      } else {
        const p = pod({ owner, name, node: nodeName, conditions: readyConditions(), statuses: [status(c, { running: { startedAt: at(4) } }, { ready: true })] });
        objects.push(p);
        healthyEvents(p, nodeName);
      }
    }
  };
  const failureOf = (i) => (i % 16 === 3 ? FAILURES[Math.floor(i / 16) % FAILURES.length] : undefined);
  for (let i = 0; i < deploys; i++) {
    const failure = failureOf(i);
    const name = `svc-${i}`;
    const replicas = Math.max(1, Math.round(perOwner + (rand() - 0.5) * 4));
    const spec = podSpec({ containers: [container({ name, image: `registry.example.com/${name}:1.0.${i % 7}`, requests: { cpu: failure === 'unschedulable' ? '32' : '100m', memory: '256Mi' }, limits: { memory: '512Mi' } })] });
    const d = deployment({ ns: ns(i), name, replicas, spec, status: { replicas, readyReplicas: failure ? 0 : replicas, updatedReplicas: replicas } });
    const hash = (0x5d8b7f9c44 + i).toString(16).slice(-10);
    const rs = replicaSet({ deploy: d, hash, replicas, status: { replicas: failure === 'quota' || failure === 'psa' ? 0 : replicas } });
    objects.push(d, rs);
    if (failure === 'quota' || failure === 'psa') {
      const err = failure === 'quota'
        ? `pods "${name}-${hash}-abcde" is forbidden: exceeded quota: compute, requested: limits.memory=512Mi, used: limits.memory=8Gi, limited: limits.memory=8Gi`
        : `pods "${name}-${hash}-abcde" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "${name}" must set securityContext.allowPrivilegeEscalation=false)`;
      events.push(event({ about: rs, reason: 'FailedCreate', message: `Error creating: ${err}`, count: 15, first: at(2), last: at(3500) }));
      continue;
    }
    addPods(rs, replicas, failure, (k) => `${name}-${hash}-${String(k).padStart(5, 'x')}`);
  }
  for (let i = 0; i < jobs; i++) {
    const failure = failureOf(i);
    const name = `batch-${i}`;
    const spec = podSpec({ containers: [container({ name: 'task', image: `registry.example.com/batch:${i % 5}`, port: 0, requests: { cpu: '100m', memory: '128Mi' } })], restartPolicy: 'Never' });
    const failed = failure === 'crash';
    const j = job({ ns: ns(i), name, spec, backoffLimit: 1, status: failed
      ? { startTime: at(0), failed: 2, conditions: [condition('Failed', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', at(300))] }
      : { startTime: at(0), completionTime: at(120), succeeded: 1, conditions: [condition('Complete', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods', at(120))] } });
    objects.push(j);
    if (failed) events.push(event({ about: j, reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', first: at(300) }));
    addPods(j, Math.round(perOwner), undefined, (k) => `${name}-${String(k).padStart(5, 'z')}`);
  }
  for (let i = 0; i < sets; i++) {
    const name = `db-${i}`;
    const replicas = Math.round(perOwner);
    const s = statefulSet({ ns: ns(i), name, replicas, spec: podSpec({ containers: [container({ name: 'db', image: 'postgres:16.4', port: 5432, portName: 'pg', requests: { cpu: '250m', memory: '1Gi' } })] }), status: { replicas, readyReplicas: replicas } });
    objects.push(s);
    addPods(s, replicas, failureOf(i + 1), (k) => `${name}-${k}`);
  }
  // Owners refused at admission have no pods: top up with bare pods (debug pods, static pods).
  if (podCount < podTarget) {
    const spec = podSpec({ containers: [container({ name: 'debug', image: 'busybox:1.36', port: 0 })] });
    for (let k = 0; podCount < podTarget; k++, podCount++) {
      const nodeName = nodes[k % nodes.length].metadata.name;
      const p = pod({ ns: 'default', name: `debug-${k}`, labels: { run: `debug-${k}` }, spec, node: nodeName, conditions: readyConditions(), statuses: [status('debug', { running: { startedAt: at(4) } }, { ready: true })] });
      objects.push(p);
      healthyEvents(p, nodeName);
    }
  }
  // Top up with Normal node events to the requested count.
  for (let i = 0; events.length < eventTarget; i++) {
    const n = nodes[i % nodes.length];
    events.push(event({ about: n, reason: i % 2 ? 'NodeHasSufficientMemory' : 'RegisteredNode', type: 'Normal', message: `Node ${n.metadata.name} status is now: NodeHasSufficientMemory`, seq: i, first: at(i % 3600) }));
  }
  write(corpus, 'nodes.json', list(nodes));
  for (const l of logs) {
    const dir = join(corpus, 'logs', l.ns, l.pod);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${l.container}.previous.log`), l.text);
  }
  for (let i = 0; i * 1500 < objects.length; i++) write(corpus, `workloads-${String(i).padStart(3, '0')}.json`, list(objects.slice(i * 1500, (i + 1) * 1500)));
  for (let i = 0; i * 5000 < events.length; i++) write(corpus, `events-${String(i).padStart(3, '0')}.json`, list(events.slice(i * 5000, (i + 1) * 5000)));
  write(corpus, '.stamp.json', { pods: podTarget, owners, events: eventTarget, generator: readFileSync(fileURLToPath(import.meta.url), 'utf8').length });
  return { objects: objects.length + nodes.length, pods: podCount, events: events.length };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function inProcess(o) {
  const dist = dirname(dirname(o.cli));
  const { diagnose } = await import(pathToFileURL(join(dist, 'core/diagnose.js')).href);
  const { loadSnapshot } = await import(pathToFileURL(join(dist, 'load/snapshot.js')).href);
  const { defaultConfig } = await import(pathToFileURL(join(dist, 'core/config.js')).href);
  const dir = join(dist, 'rules/cluster');
  const rules = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.js')).sort()) rules.push((await import(pathToFileURL(join(dir, f)).href)).default);
  const config = defaultConfig();
  const t0 = performance.now();
  const state = await loadSnapshot(o.corpus, config.limits);
  const t1 = performance.now();
  const result = diagnose({ state, config, rules });
  const t2 = performance.now();
  const byRule = {};
  for (const f of result.findings) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
  return { load: (t1 - t0) / 1000, rules: (t2 - t1) / 1000, ruleCount: rules.length, findings: result.findings.length, byRule, errors: result.inputErrors.length };
}

async function main() {
  const o = args(process.argv.slice(2));
  if (!existsSync(o.cli)) {
    process.stderr.write(`diagnose bench: ${o.cli} not found; run npm run build first\n`);
    process.exit(2);
  }
  const stampFile = join(o.corpus, '.stamp.json');
  const stamp = existsSync(stampFile) ? JSON.parse(readFileSync(stampFile, 'utf8')) : undefined;
  const fresh = stamp && stamp.pods === o.pods && stamp.owners === o.owners && stamp.events === o.events && stamp.generator === readFileSync(fileURLToPath(import.meta.url), 'utf8').length;
  if (o.regen || !fresh) {
    const g = generate(o);
    process.stdout.write(`generated ${o.corpus}: ${g.objects} objects (${g.pods} pods), ${g.events} events\n`);
  }
  const wall = [];
  const rss = [];
  for (let i = 0; i < o.runs; i++) {
    const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, o.cli, 'diagnose', '--from', o.corpus, '--format', 'json', '-o', '/dev/null', '--fail-on', 'never'], { encoding: 'utf8', cwd: ROOT });
    const m = /(\d+(?:\.\d+)?) (\d+)\s*$/.exec(r.stderr);
    if (r.status !== 0 || !m) {
      process.stderr.write(`run ${i + 1} failed (exit ${r.status}):\n${r.stderr}\n`);
      process.exit(1);
    }
    wall.push(Number(m[1]));
    rss.push(Number(m[2]) / 1024);
    process.stdout.write(`run ${i + 1}: ${m[1]} s, ${(Number(m[2]) / 1024).toFixed(0)} MB\n`);
  }
  const med = median(wall);
  const peak = Math.max(...rss);
  process.stdout.write(`CLI diagnose: median ${med.toFixed(2)} s (target < ${TARGETS.seconds}), peak RSS ${peak.toFixed(0)} MB (target < ${TARGETS.rssMB})\n`);
  const ip = await inProcess(o);
  process.stdout.write(`in process, all ${ip.ruleCount} rule files in dist/rules/cluster: load ${ip.load.toFixed(2)} s, rules ${ip.rules.toFixed(2)} s, ${ip.findings} findings ${JSON.stringify(ip.byRule)}, ${ip.errors} input errors\n`);
  if (o.check && (med >= TARGETS.seconds || peak >= TARGETS.rssMB)) process.exit(3);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
