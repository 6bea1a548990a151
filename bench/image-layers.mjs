#!/usr/bin/env node
// kubewhy image layer benchmark: how fast and how lean the image facts read a big layer.
//
//   node bench/image-layers.mjs [--runs 5] [--mb 200] [--check]
//
// 1. Writes one layer tar of --mb MiB (bench/.corpus/image-layer-<mb>mb.tar, reused while the
//    parameters and this script are unchanged): 2,000 small files, one big file of alternating
//    incompressible and text blocks, and last the entrypoint /app — a real Go binary from
//    test/fixtures/image/build.sh — so the whole layer has to stream by. Then its .tar.gz
//    (zlib level 6) and .tar.zst (`zstd -3`, skipped when the CLI is missing).
// 2. For each compression, --runs fresh processes each run collectImageFacts (dist/) on the
//    layer streamed from disk, with no CA bundle or zoneinfo in it (so nothing stops early),
//    and report wall time and peak RSS (process.resourceUsage().maxRSS). Medians are printed.
// Exit status: 0 ok, 1 a run failed, 2 usage/setup error, 3 with --check when a target is missed.

import { execFileSync, spawnSync } from 'node:child_process';
import { createCipheriv, createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createGzip } from 'node:zlib';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH_DIR, '..');
const MiB = 1024 * 1024;
const TARGETS = { peakRssMB: 200, medianSeconds: { gzip: 10, zstd: 20 } };

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4]);
else await main(parseArgs(process.argv.slice(2)));

function parseArgs(argv) {
  const o = { runs: 5, mb: 200, check: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => argv[++i] ?? usage(`${a} needs a value`);
    if (a === '--runs') o.runs = Number(val());
    else if (a === '--mb') o.mb = Number(val());
    else if (a === '--check') o.check = true;
    else usage(`unknown option ${a}`);
  }
  if (!(o.runs >= 1 && o.mb >= 8)) usage('--runs needs a positive number, --mb at least 8');
  return o;
}

function usage(msg) {
  process.stderr.write(`image-layers bench: ${msg}\nusage: node bench/image-layers.mjs [--runs 5] [--mb 200] [--check]\n`);
  process.exit(2);
}

async function main(o) {
  const collect = join(ROOT, 'dist', 'image', 'facts', 'collect.js');
  if (!existsSync(collect)) usage(`${collect} is missing: run npm run build first`);
  let fixtures;
  try {
    fixtures = execFileSync('bash', [join(ROOT, 'test/fixtures/image/build.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  } catch {
    usage('the Go fixture binaries could not be built (test/fixtures/image/build.sh needs Go and gcc)');
  }
  const app = join(fixtures, 'server-static');
  const layers = await ensureLayers(o.mb, app);
  const summary = {};
  let failed = false;
  for (const [how, file] of Object.entries(layers)) {
    const runs = [];
    for (let r = 0; r < o.runs; r++) {
      const res = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', file, how], { encoding: 'utf8' });
      if (res.status !== 0) {
        process.stderr.write(`run ${r + 1} (${how}) failed:\n${res.stderr}\n`);
        failed = true;
        continue;
      }
      const m = JSON.parse(res.stdout);
      runs.push(m);
      console.log(
        `${how} run ${r + 1}: ${m.seconds.toFixed(2)} s, peak RSS ${(m.maxRssKB / 1024).toFixed(0)} MB, ${(m.uncompressedBytes / MiB).toFixed(0)} MiB tar from ${(m.compressedBytes / MiB).toFixed(0)} MiB, go ${m.goVersion}`,
      );
    }
    if (runs.length === 0) continue;
    summary[how] = {
      medianSeconds: median(runs.map((m) => m.seconds)),
      medianPeakRssMB: median(runs.map((m) => m.maxRssKB / 1024)),
      maxPeakRssMB: Math.max(...runs.map((m) => m.maxRssKB / 1024)),
      mibPerSecond: runs[0].uncompressedBytes / MiB / median(runs.map((m) => m.seconds)),
    };
  }
  console.log('\nmedian over runs:');
  let missed = false;
  for (const [how, s] of Object.entries(summary)) {
    console.log(
      `  ${how.padEnd(4)}  ${s.medianSeconds.toFixed(2)} s (${s.mibPerSecond.toFixed(0)} MiB/s of tar), peak RSS median ${s.medianPeakRssMB.toFixed(0)} MB, max ${s.maxPeakRssMB.toFixed(0)} MB`,
    );
    if (s.maxPeakRssMB > TARGETS.peakRssMB || s.medianSeconds > TARGETS.medianSeconds[how]) missed = true;
  }
  console.log(`targets: peak RSS < ${TARGETS.peakRssMB} MB; median < ${TARGETS.medianSeconds.gzip} s (gzip), < ${TARGETS.medianSeconds.zstd} s (zstd, pure-JS decoder)`);
  if (failed) process.exit(1);
  if (o.check && missed) process.exit(3);
}

/** The layer files, written once per (size, script, binary). */
async function ensureLayers(mb, app) {
  const dir = join(BENCH_DIR, '.corpus');
  mkdirSync(dir, { recursive: true });
  const stamp = createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url))).update(readFileSync(app)).update(String(mb)).digest('hex').slice(0, 16);
  const base = join(dir, `image-layer-${mb}mb`);
  const tar = `${base}.tar`;
  const stampFile = `${base}.stamp`;
  const fresh = existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp;
  const zstd = hasZstd();
  if (!zstd) process.stderr.write('image-layers bench: no zstd CLI on PATH, skipping the zstd layer\n');
  if (!fresh || !existsSync(tar)) {
    process.stderr.write(`writing a ${mb} MiB layer to ${tar}…\n`);
    await writeTar(tar, mb, app);
  }
  if (!fresh || !existsSync(`${tar}.gz`)) await pipeline(createReadStream(tar), createGzip({ level: 6 }), createWriteStream(`${tar}.gz`));
  if (zstd && (!fresh || !existsSync(`${tar}.zst`))) execFileSync('zstd', ['-q', '-f', '-3', tar, '-o', `${tar}.zst`]);
  writeFileSync(stampFile, stamp);
  return { gzip: `${tar}.gz`, ...(zstd ? { zstd: `${tar}.zst` } : {}) };
}

function hasZstd() {
  try {
    execFileSync('zstd', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** ustar by hand (one header block per entry), streamed to disk: the generator itself stays small. */
async function writeTar(path, mb, app) {
  const out = createWriteStream(`${path}.tmp`);
  const write = (buf) => (out.write(buf) ? undefined : new Promise((r) => out.once('drain', r)));
  const entry = async (name, size, mode, body) => {
    await write(header(name, size, mode));
    let written = 0;
    for await (const chunk of body) {
      await write(chunk);
      written += chunk.length;
    }
    if (written !== size) throw new Error(`${name}: wrote ${written} of ${size}`);
    if (size % 512) await write(Buffer.alloc(512 - (size % 512)));
  };
  for (let i = 0; i < 2000; i++) {
    const text = Buffer.from(`Package: pkg${i}\nCopyright: 2026 kubewhy bench\n${'License text line.\n'.repeat(40)}`);
    await entry(`usr/share/doc/pkg${i}/copyright`, text.length, 0o644, [text]);
  }
  const appBytes = readFileSync(app);
  const big = mb * MiB - appBytes.length - 2000 * 1536 - 4 * 512;
  await entry('var/lib/data/blob', big, 0o644, blocks(big));
  await entry('app', appBytes.length, 0o755, [appBytes]);
  await write(Buffer.alloc(1024));
  await new Promise((r, j) => out.end((e) => (e ? j(e) : r())));
  renameSync(`${path}.tmp`, path);
}

/** Alternating 1 MiB blocks: AES-CTR keystream (incompressible, deterministic) and log-like text. */
function* blocks(size) {
  const cipher = createCipheriv('aes-256-ctr', Buffer.alloc(32, 7), Buffer.alloc(16, 1));
  const text = Buffer.from('2026-11-25T12:00:00Z INFO request served path=/api/v1/items status=200 bytes=5123\n'.repeat(13000)).subarray(0, MiB);
  for (let done = 0, i = 0; done < size; i++) {
    const n = Math.min(MiB, size - done);
    yield i % 2 === 0 ? cipher.update(Buffer.alloc(n)) : text.subarray(0, n);
    done += n;
  }
}

function header(name, size, mode) {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, 'utf8');
  h.write(`${mode.toString(8).padStart(7, '0')}\0`, 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  h.write('15000000000\0', 136);
  h.write('        ', 148);
  h.write('0', 156);
  h.write('ustar\x0000', 257);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return h;
}

/** One measured collection in a fresh process. */
async function child(file, how) {
  const { collectImageFacts } = await import(pathToFileURL(join(ROOT, 'dist', 'image', 'facts', 'collect.js')).href);
  const mediaType = how === 'zstd' ? 'application/vnd.oci.image.layer.v1.tar+zstd' : 'application/vnd.oci.image.layer.v1.tar+gzip';
  const desc = { mediaType, digest: 'sha256:bench', size: statSync(file).size };
  const source = {
    config: { architecture: 'amd64', os: 'linux', config: { Entrypoint: ['/app'], User: '65532' } },
    layers: [desc],
    openLayer: async () => createReadStream(file, { highWaterMark: 64 * 1024 }),
  };
  const t0 = process.hrtime.bigint();
  const facts = await collectImageFacts(source);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (facts.errors.length > 0) throw new Error(JSON.stringify(facts.errors));
  if (!facts.entrypoint?.goBuildInfo) throw new Error('no Go build info read from /app');
  const layer = facts.layers[0];
  process.stdout.write(
    JSON.stringify({
      seconds,
      maxRssKB: process.resourceUsage().maxRSS,
      compressedBytes: layer.compressedBytes,
      uncompressedBytes: layer.uncompressedBytes,
      goVersion: facts.entrypoint.goBuildInfo.goVersion,
    }),
  );
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
