#!/usr/bin/env node
// kubewhy logs benchmark.
//
//   node bench/logs.mjs [--runs 5] [--mb 200] [--goroutines 100000] [--file PATH] [--cli dist/cli/main.js] [--check]
//
// 1. Writes a synthetic container log (default bench/.corpus/logs-200mb.log, reused while the
//    parameters and this script are unchanged): kubectl --timestamps prefixes, JSON and plain
//    application lines, schedtrace and gctrace lines, repeated root-cause error lines, and in
//    the middle a panic with a GOTRACEBACK=all dump of --goroutines goroutines (a leak: most in
//    chan receive / IO wait / select, a few hundred distinct stacks).
// 2. Runs `node <cli> logs FILE --format json -o /dev/null --fail-on never` --runs times and
//    prints per-run wall time and peak RSS (/usr/bin/time -f '%e %M'), then the medians.
// Exit status: 0 ok, 1 a run failed, 2 usage/setup error, 3 with --check when a target is missed.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH_DIR, '..');
const TARGETS = { medianSeconds: 10, peakRssMB: 500 };

function parseArgs(argv) {
  const o = { runs: 5, mb: 200, goroutines: 100_000, file: undefined, cli: join(ROOT, 'dist', 'cli', 'main.js'), check: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => argv[++i] ?? usage(`${a} needs a value`);
    switch (a) {
      case '--runs': o.runs = Number(val()); break;
      case '--mb': o.mb = Number(val()); break;
      case '--goroutines': o.goroutines = Number(val()); break;
      case '--file': o.file = resolve(val()); break;
      case '--cli': o.cli = resolve(val()); break;
      case '--check': o.check = true; break;
      default: usage(`unknown option ${a}`);
    }
  }
  if (!(o.runs >= 1 && o.mb >= 1 && o.goroutines >= 1)) usage('--runs, --mb and --goroutines need positive numbers');
  o.file ??= join(BENCH_DIR, '.corpus', `logs-${o.mb}mb-${o.goroutines}g.log`);
  return o;
}

function usage(msg) {
  process.stderr.write(`logs bench: ${msg}\nusage: node bench/logs.mjs [--runs 5] [--mb 200] [--goroutines 100000] [--file PATH] [--cli FILE] [--check]\n`);
  process.exit(2);
}

/** Deterministic pseudo-random numbers (mulberry32): the same corpus on every machine. */
function rng(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generate(file, mb, goroutines) {
  mkdirSync(dirname(file), { recursive: true });
  const fd = openSync(file, 'w');
  const rand = rng(1);
  let buf = [];
  let size = 0;
  let written = 0;
  let t = Date.UTC(2026, 0, 1);
  const flush = () => {
    const text = buf.join('');
    writeSync(fd, text);
    written += Buffer.byteLength(text);
    buf = [];
    size = 0;
  };
  const line = (text) => {
    t += 1;
    const l = `${new Date(t).toISOString().replace('Z', '123456Z')} ${text}\n`;
    buf.push(l);
    size += l.length;
    if (size > 1 << 20) flush();
  };
  let gcN = 0;
  let schedMs = 0;
  const appLines = (bytes) => {
    const stop = written + size + bytes;
    while (written + size < stop) {
      const r = rand();
      if (r < 0.45) line(`{"level":"info","ts":${t / 1000},"caller":"api/handler.go:${Math.floor(rand() * 400)}","msg":"request served","method":"GET","path":"/v1/orders/${Math.floor(rand() * 1e6)}","status":200,"latency":${rand().toFixed(4)}}`);
      else if (r < 0.8) line(`2026/01/01 12:00:00 handler: served /v1/items/${Math.floor(rand() * 1e6)} in ${Math.floor(rand() * 90)}ms for client 10.244.${Math.floor(rand() * 255)}.${Math.floor(rand() * 255)}`);
      else if (r < 0.9) line(`gc ${++gcN} @${(t / 1000 - 1.767e9).toFixed(3)}s ${Math.floor(rand() * 10)}%: 0.045+1.2+0.021 ms clock, 0.18+0.35/2.1/0+0.084 ms cpu, ${100 + (gcN % 50)}->${104 + (gcN % 50)}->${60 + (gcN % 40)} MB, ${120 + (gcN % 50)} MB goal, 0 MB stacks, 0 MB globals, 4 P`);
      else if (r < 0.95) line(`SCHED ${(schedMs += 1000)}ms: gomaxprocs=4 idleprocs=${Math.floor(rand() * 2)} threads=${12 + Math.floor(rand() * 3)} spinningthreads=0 needspinning=0 idlethreads=3 runqueue=${Math.floor(rand() * 5)} [ 0 1 0 2 ] schedticks=[ ${schedMs} ${schedMs + 1} ${schedMs + 2} ${schedMs + 3} ]`);
      else if (r < 0.975) line(`{"level":"error","ts":${t / 1000},"msg":"query failed","error":"dial tcp 127.0.0.1:5432: connect: connection refused"}`);
      else line(`2026/01/01 12:00:00 upstream: Get "http://inventory:8080/stock": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`);
    }
  };
  const dump = () => {
    line('panic: leak detector: too many goroutines');
    line('');
    line('goroutine 1 [running]:');
    line('main.main()');
    line('\t/app/cmd/api/main.go:88 +0x1d4');
    const kinds = [
      { share: 0.6, state: 'chan receive', frames: ['example.com/api/internal/fanout.(*Hub).wait(0xc000123456?)', '\t/app/internal/fanout/hub.go:%L +0x45'], created: 'example.com/api/internal/fanout.(*Hub).Subscribe' },
      { share: 0.3, state: 'IO wait', frames: ['internal/poll.runtime_pollWait(0x7f3c2c1d8e28, 0x72)', '\t/usr/local/go/src/runtime/netpoll.go:351 +0x85', 'net.(*conn).Read(0xc0001a2000, {0xc0002b4000?, 0x1000?, 0x1000?})', '\t/usr/local/go/src/net/net.go:194 +0x45', 'example.com/api/internal/client.(*Conn).readLoop(0xc0001b0000)', '\t/app/internal/client/conn.go:%L +0x9c'], created: 'example.com/api/internal/client.Dial' },
      { share: 0.1, state: 'select', frames: ['example.com/api/internal/worker.run(0xc0000b8000, 0xc0000ba000)', '\t/app/internal/worker/run.go:%L +0x125'], created: 'example.com/api/internal/worker.Start' },
    ];
    for (let id = 2; id < goroutines + 2; id++) {
      const r = rand();
      const k = r < kinds[0].share ? kinds[0] : r < kinds[0].share + kinds[1].share ? kinds[1] : kinds[2];
      const l = 40 + Math.floor(rand() * 100); // a few hundred distinct stacks
      const minutes = Math.floor(rand() * 30) + 1;
      line(`goroutine ${id} [${k.state}, ${minutes} minutes]:`);
      for (const f of k.frames) line(f.replace('%L', String(l)));
      line(`created by ${k.created} in goroutine 1`);
      line(`\t/app/internal/x/start.go:${l} +0x1b1`);
      line('');
      if (id % 20_000 === 0) appLines(64 << 10); // the app keeps logging while the dump is written
    }
  };
  const total = mb * 1024 * 1024;
  appLines(total / 2);
  dump();
  appLines(Math.max(0, total - (written + size)));
  flush();
  closeSync(fd);
}

function measure(cli, file) {
  const args = [cli, 'logs', file, '--format', 'json', '-o', '/dev/null', '--fail-on', 'never'];
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const m = /(\d+(?:\.\d+)?) (\d+)\s*$/.exec(r.stderr);
  if (r.status !== 0 || !m) return { ok: false, error: r.stderr.slice(-2000) };
  return { ok: true, seconds: Number(m[1]), rssMB: Number(m[2]) / 1024 };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const o = parseArgs(process.argv.slice(2));
if (!existsSync(o.cli)) usage(`${o.cli} is missing: run npm run build first`);
if (!existsSync('/usr/bin/time')) usage('/usr/bin/time (GNU time) is needed for peak RSS');
const stamp = createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url))).update(`${o.mb}/${o.goroutines}`).digest('hex');
const stampFile = `${o.file}.stamp`;
if (!existsSync(o.file) || !existsSync(stampFile) || readFileSync(stampFile, 'utf8') !== stamp) {
  const t0 = Date.now();
  generate(o.file, o.mb, o.goroutines);
  writeFileSync(stampFile, stamp);
  process.stdout.write(`generated ${o.file} (${(statSync(o.file).size / 2 ** 20).toFixed(0)} MiB) in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}
const runs = [];
for (let i = 0; i < o.runs; i++) {
  const r = measure(o.cli, o.file);
  if (!r.ok) {
    process.stderr.write(`run ${i + 1} failed:\n${r.error}\n`);
    process.exit(1);
  }
  runs.push(r);
  process.stdout.write(`run ${i + 1}: ${r.seconds.toFixed(2)} s, peak RSS ${r.rssMB.toFixed(0)} MB\n`);
}
const sec = median(runs.map((r) => r.seconds));
const rss = median(runs.map((r) => r.rssMB));
const maxRss = Math.max(...runs.map((r) => r.rssMB));
process.stdout.write(`median ${sec.toFixed(2)} s (target < ${TARGETS.medianSeconds} s), median peak RSS ${rss.toFixed(0)} MB, max ${maxRss.toFixed(0)} MB (target < ${TARGETS.peakRssMB} MB)\n`);
if (o.check && (sec >= TARGETS.medianSeconds || maxRss >= TARGETS.peakRssMB)) process.exit(3);
