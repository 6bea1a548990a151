#!/usr/bin/env node
// kubewhy lint benchmark.
//
//   node bench/run.mjs [--runs 5] [--corpus DIR] [--manifests 5000] [--dockerfiles 500]
//                      [--seed 1] [--cli dist/cli/main.js] [--check] [--json FILE]
//
// 1. Makes sure a synthetic corpus exists (bench/generate.mjs). The default
//    corpus lives in bench/.corpus/repo with its stamp in
//    bench/.corpus/repo.stamp.json; it is regenerated when missing, when the
//    requested parameters differ from the stamp, or when generate.mjs changed.
// 2. Runs `node <cli> lint <corpus> --format json --fail-on never --output /dev/null`
//    --runs times, one child process each, with the corpus as working directory
//    (the lint root: .gitignore files above it, such as the repo's
//    `bench/.corpus/` rule, must not hide it), recording wall time and peak RSS
//    (through `/usr/bin/time -f '%e %M'` when available, else by polling
//    /proc/<pid>/status VmHWM).
// 3. Prints per-run figures, the median wall time, files/s and objects/s (the
//    counts come from the generator's stamp, not from the run's output), and
//    the median / max peak RSS. An untimed warm-up run first (skip with
//    --no-warmup) checks from its JSON report that the linter saw the files.
//
// Exit status: 0 when every run exited 0 or 1; 1 when a run failed otherwise
// (crash, signal, exit >= 2); 2 on a usage / setup error; 3 with --check when
// every run passed but a target was missed.
//
// KUBEWHY_BENCH_NO_GNU_TIME=1 forces the /proc polling fallback.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEFAULTS, GENERATOR_VERSION, defaultStampPath, generate, generatorHash,
} from './generate.mjs';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH_DIR, '..');
const DEFAULT_CORPUS = join(BENCH_DIR, '.corpus', 'repo');
const TARGETS = { medianSeconds: 5, peakRssMB: 500, forManifests: 5000 };

function usage(msg) {
  if (msg) process.stderr.write(`run: ${msg}\n`);
  process.stderr.write('usage: node bench/run.mjs [--runs 5] [--corpus DIR] [--manifests 5000] [--dockerfiles 500] ' +
    '[--seed 1] [--cli dist/cli/main.js] [--check] [--json FILE] [--no-warmup]\n');
  process.exit(2);
}

function parseArgs(argv) {
  const o = { runs: 5, corpus: undefined, cli: join(ROOT, 'dist', 'cli', 'main.js'), check: false, json: undefined, warmup: true, ...DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => (i + 1 < argv.length ? argv[++i] : usage(`${a} needs a value`));
    const num = (min) => {
      const v = Number(val());
      if (!Number.isInteger(v) || v < min) usage(`${a} needs an integer >= ${min}`);
      return v;
    };
    switch (a) {
      case '--runs': o.runs = num(1); break;
      case '--corpus': o.corpus = resolve(val()); break;
      case '--manifests': o.manifests = num(0); break;
      case '--dockerfiles': o.dockerfiles = num(0); break;
      case '--seed': o.seed = num(0); break;
      case '--cli': o.cli = resolve(val()); break;
      case '--check': o.check = true; break;
      case '--no-warmup': o.warmup = false; break;
      case '--json': o.json = resolve(val()); break;
      case '-h': case '--help': usage(); break;
      default: usage(`unknown argument: ${a}`);
    }
  }
  return o;
}

function readStamp(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

/** Why the corpus must be (re)generated, or null when the stamp matches. */
function staleReason(corpus, stamp, want) {
  if (!existsSync(corpus)) return 'corpus missing';
  if (!stamp) return 'stamp missing';
  if (stamp.generator !== 'kubewhy-bench' || stamp.version !== GENERATOR_VERSION) return 'generator version changed';
  if (stamp.generatorHash !== generatorHash()) return 'generate.mjs changed';
  for (const k of ['manifests', 'dockerfiles', 'seed']) {
    if (stamp.params?.[k] !== want[k]) return `--${k} changed (${stamp.params?.[k]} → ${want[k]})`;
  }
  return null;
}

/** Counts for a corpus we did not generate: walk it; objects = top-level `kind:` lines in YAML. */
function countForeignCorpus(dir) {
  let files = 0;
  let objects = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === '.git' || e.name === 'node_modules') continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        files++;
        if (/\.ya?ml$/i.test(e.name)) objects += (readFileSync(p, 'utf8').match(/^kind:\s*\S/gm) ?? []).length;
      }
    }
  };
  walk(dir);
  return { files: { total: files }, objects: { total: objects }, params: null };
}

function prepareCorpus(o) {
  const isDefault = o.corpus === undefined;
  const corpus = o.corpus ?? DEFAULT_CORPUS;
  const stampPath = defaultStampPath(corpus);
  let stamp = readStamp(stampPath);
  const want = { manifests: o.manifests, dockerfiles: o.dockerfiles, seed: o.seed };

  if (!isDefault && existsSync(corpus) && !stamp) {
    // A user-supplied tree we did not generate: benchmark it as it is, never delete it.
    process.stdout.write(`corpus ${corpus} (not generated by bench/generate.mjs; counting files and kind: lines)\n`);
    return { corpus, stamp: countForeignCorpus(corpus) };
  }
  const reason = staleReason(corpus, stamp, want);
  if (reason) {
    process.stdout.write(`generating corpus in ${corpus} (${reason}) ...\n`);
    if (isDefault) {
      mkdirSync(dirname(corpus), { recursive: true });
      writeFileSync(join(dirname(corpus), '.gitignore'), '*\n');
    }
    // Only replace a directory that is ours: the default location, or one with our stamp.
    const force = isDefault || stamp?.generator === 'kubewhy-bench';
    if (!force && existsSync(corpus) && readdirSync(corpus).length > 0) {
      usage(`${corpus} is not empty and was not generated by bench/generate.mjs`);
    }
    if (force && existsSync(corpus)) rmSync(corpus, { recursive: true, force: true });
    stamp = generate({ out: corpus, ...want, stamp: stampPath, force });
    process.stdout.write(`  generated in ${stamp.elapsedMs.toFixed(0)} ms\n`);
  }
  return { corpus, stamp };
}

function hasGnuTime() {
  if (process.env.KUBEWHY_BENCH_NO_GNU_TIME) return false; // force the /proc polling fallback
  if (!existsSync('/usr/bin/time')) return false;
  const out = join(tmpdir(), `kubewhy-bench-probe-${process.pid}`);
  try {
    const r = spawnSync('/usr/bin/time', ['-f', '%e %M', '-o', out, process.execPath, '-e', '0'], { stdio: 'ignore' });
    return r.status === 0 && /^\d+(\.\d+)? \d+\s*$/m.test(readFileSync(out, 'utf8'));
  } catch {
    return false;
  } finally {
    rmSync(out, { force: true });
  }
}

function readVmHWM(pid) {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** One benchmark run: { wallSeconds, peakRssKB|null, code, signal, stderrTail }. */
function runOnce(cmd, useTime, index, cwd) {
  return new Promise((resolvePromise) => {
    const timeOut = join(tmpdir(), `kubewhy-bench-${process.pid}-${index}.time`);
    const [file, args] = useTime
      ? ['/usr/bin/time', ['-f', '%e %M', '-o', timeOut, ...cmd]]
      : [cmd[0], cmd.slice(1)];
    let stderr = '';
    let peakPolled = null;
    const t0 = process.hrtime.bigint();
    const child = spawn(file, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
    let timer = null;
    if (!useTime) {
      const poll = () => {
        const kb = readVmHWM(child.pid);
        if (kb !== null && (peakPolled === null || kb > peakPolled)) peakPolled = kb;
      };
      poll();
      timer = setInterval(poll, 10);
    }
    child.on('error', (err) => {
      if (timer) clearInterval(timer);
      resolvePromise({ wallSeconds: 0, peakRssKB: null, code: null, signal: null, stderrTail: String(err) });
    });
    child.on('close', (code, signal) => {
      const wallSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
      if (timer) clearInterval(timer);
      let peakRssKB = peakPolled;
      let sig = signal;
      if (useTime) {
        try {
          const text = readFileSync(timeOut, 'utf8');
          const last = text.trim().split('\n').pop() ?? '';
          const m = /^(\d+(?:\.\d+)?) (\d+)$/.exec(last.trim());
          if (m) peakRssKB = Number(m[2]);
          const s = /terminated by signal (\d+)/.exec(text);
          if (s) sig = `signal ${s[1]}`;
        } catch { /* time output missing: leave RSS unknown */ }
        rmSync(timeOut, { force: true });
      }
      resolvePromise({ wallSeconds, peakRssKB, code: sig ? null : code, signal: sig, stderrTail: stderr });
    });
  });
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return NaN;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

const mb = (kb) => (kb === null ? null : kb / 1024);
const fmtMB = (v) => (v === null || Number.isNaN(v) ? 'n/a' : `${v.toFixed(1)} MB`);

async function main() {
  process.stdout.on('error', (err) => { if (err.code === 'EPIPE') process.exit(0); throw err; });
  const o = parseArgs(process.argv.slice(2));
  if (!existsSync(o.cli) || !statSync(o.cli).isFile()) {
    usage(`CLI not found at ${o.cli}; build it first (npm run build) or pass --cli`);
  }
  const { corpus, stamp } = prepareCorpus(o);
  const files = stamp.files.total;
  const objects = stamp.objects.total;
  const lintArgs = (output) => [process.execPath, o.cli, 'lint', corpus, '--format', 'json', '--fail-on', 'never', '--output', output];
  const cmd = lintArgs('/dev/null');
  const useTime = hasGnuTime();

  process.stdout.write(
    `corpus:  ${corpus}\n` +
    `         ${files} files` +
    (stamp.files.manifest !== undefined ? ` (${stamp.files.manifest} manifests, ${stamp.files.dockerfile} Dockerfiles, ${stamp.files.gomod} go.mod)` : '') +
    `, ${objects} objects\n` +
    `command: ${cmd.map((a) => (a.includes(' ') ? JSON.stringify(a) : a)).join(' ')}\n` +
    `memory:  ${useTime ? "/usr/bin/time -f '%e %M' (max RSS)" : '/proc/<pid>/status VmHWM polled every 10 ms'}\n` +
    `cwd:     ${corpus}  (the lint root, so no .gitignore above the corpus, e.g. the repo's bench/.corpus/ rule, applies)\n` +
    `node:    ${process.version}, runs: ${o.runs}\n\n`,
  );

  if (o.warmup) {
    // Untimed: warms the page cache and checks that the linter really saw the corpus.
    const out = join(tmpdir(), `kubewhy-bench-warmup-${process.pid}.json`);
    const r = await runOnce(lintArgs(out), false, 'warmup', corpus);
    let seen = '';
    try {
      const j = JSON.parse(readFileSync(out, 'utf8'));
      const sf = j?.summary?.files;
      const so = j?.summary?.objects;
      seen = `linted ${sf ?? '?'} files, ${so ?? '?'} objects, ${Array.isArray(j?.findings) ? j.findings.length : '?'} findings`;
      if (sf === 0 || (typeof sf === 'number' && sf < files / 2)) {
        seen += `  <-- WARNING: the stamp says ${files} files; is the corpus ignored?`;
      }
    } catch {
      seen = 'no JSON report';
    } finally {
      rmSync(out, { force: true });
    }
    process.stdout.write(`warm-up: ${r.wallSeconds.toFixed(3)} s, exit ${r.signal ?? r.code}, ${seen}\n`);
  }

  const results = [];
  for (let i = 0; i < o.runs; i++) {
    const r = await runOnce(cmd, useTime, i, corpus);
    const ok = r.code === 0 || r.code === 1;
    results.push({ ...r, ok });
    const status = r.signal ? `killed (${r.signal})` : r.code === null ? 'failed to start' : `exit ${r.code}`;
    process.stdout.write(
      `run ${String(i + 1).padStart(2)}: ${r.wallSeconds.toFixed(3)} s   peak RSS ${fmtMB(mb(r.peakRssKB)).padStart(9)}   ` +
      `${(files / r.wallSeconds).toFixed(0)} files/s   ${status}${ok ? '' : '  <-- FAILED'}\n`,
    );
    if (!ok && r.stderrTail.trim()) {
      process.stdout.write(r.stderrTail.trim().split('\n').slice(-15).map((l) => `        | ${l}`).join('\n') + '\n');
    }
  }

  const passed = results.filter((r) => r.ok);
  const failed = results.length - passed.length;
  const walls = passed.map((r) => r.wallSeconds);
  const rss = passed.map((r) => mb(r.peakRssKB)).filter((v) => v !== null);
  const med = median(walls);
  const summary = {
    corpus,
    params: stamp.params,
    files,
    objects,
    runs: results.length,
    failedRuns: failed,
    medianWallSeconds: walls.length ? med : null,
    filesPerSecond: walls.length ? files / med : null,
    objectsPerSecond: walls.length ? objects / med : null,
    medianPeakRssMB: rss.length ? median(rss) : null,
    maxPeakRssMB: rss.length ? Math.max(...rss) : null,
    memorySource: useTime ? 'gnu-time' : 'proc-vmhwm',
    perRun: results.map((r) => ({ wallSeconds: r.wallSeconds, peakRssMB: mb(r.peakRssKB), exitCode: r.code, signal: r.signal })),
  };

  process.stdout.write('\n');
  if (walls.length) {
    process.stdout.write(
      `median wall:   ${med.toFixed(3)} s   (min ${Math.min(...walls).toFixed(3)}, max ${Math.max(...walls).toFixed(3)})\n` +
      `throughput:    ${summary.filesPerSecond.toFixed(0)} files/s, ${summary.objectsPerSecond.toFixed(0)} objects/s\n` +
      `peak RSS:      median ${fmtMB(summary.medianPeakRssMB)}, max ${fmtMB(summary.maxPeakRssMB)}\n`,
    );
  }

  // Targets are defined for the default 5,000-manifest corpus.
  let missed = false;
  if (walls.length && stamp.params?.manifests === TARGETS.forManifests) {
    const wallOk = med < TARGETS.medianSeconds;
    const rssOk = summary.maxPeakRssMB === null ? null : summary.maxPeakRssMB < TARGETS.peakRssMB;
    missed = !wallOk || rssOk === false;
    process.stdout.write(
      `targets:       median < ${TARGETS.medianSeconds} s: ${wallOk ? 'ok' : 'MISSED'}; ` +
      `peak RSS < ${TARGETS.peakRssMB} MB: ${rssOk === null ? 'unknown' : rssOk ? 'ok' : 'MISSED'}\n`,
    );
    summary.targets = { ...TARGETS, wallOk, rssOk };
  }
  if (failed) process.stdout.write(`${failed} of ${results.length} runs failed (exit code other than 0/1)\n`);
  if (o.json) writeFileSync(o.json, JSON.stringify(summary, null, 2) + '\n');

  if (failed) process.exit(1);
  if (o.check && missed) process.exit(3);
}

main().catch((err) => {
  process.stderr.write(`run: ${err?.stack ?? err}\n`);
  process.exit(2);
});
