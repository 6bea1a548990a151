#!/usr/bin/env node
// kubewhy image inspect benchmark: cold inspect (layers read) vs cached inspect (facts by digest).
//
//   node bench/image.mjs [--runs 10] [--check]
//
// Starts a plain-HTTP docker-registry on loopback (Debian's distribution, from
// scripts/registry/install.sh, configured like test/image/registry/harness.ts does), pushes an
// image: a ~40 MiB incompressible base layer under a ~20 MiB top layer holding a real Go binary
// (test/fixtures/image/build.sh) padded to 20 MiB plus the files the facts look for (CA bundle,
// zoneinfo, /bin/sh, /etc/passwd). Then, each run with a fresh cache directory, a cold inspect
// (inspectImage from dist/) and --runs cached inspects against the warm cache. Prints medians,
// the bytes fetched by each, and the ratio. Target: cached < 100 ms; cold reads only the top layer.
// Exit status: 0 ok, 2 setup error, 3 with --check when a target is missed.
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MiB = 1024 * 1024;
const TARGET_CACHED_MS = 100;
const { values } = parseArgs({ options: { runs: { type: 'string', default: '10' }, check: { type: 'boolean', default: false } } });
const runs = Number(values.runs);

const dist = (p) => import(join(ROOT, 'dist', p));
const { inspectImage, FactsCache } = await dist('image/inspect/index.js');
const { createRegistryClient } = await dist('image/registry/index.js');
const { pack } = await import('tar-stream');

const binDir = execFileSync('bash', [join(ROOT, 'scripts/registry/install.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
const fixtures = execFileSync('bash', [join(ROOT, 'test/fixtures/image/build.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
const work = mkdtempSync(join(tmpdir(), 'kubewhy-bench-image-'));
const registry = await startRegistry(binDir, work);
try {
  const name = `${registry.host}/bench/app`;
  const pusher = createRegistryClient({ insecureRegistries: [`http://${registry.host}`], cacheDir: false });
  const base = await layer([{ name: 'usr/lib/base.bin', content: randomBytes(40 * MiB) }]);
  const bin = readFileSync(join(fixtures, 'server-static'));
  const top = await layer([
    { name: 'app', content: Buffer.concat([bin, randomBytes(Math.max(0, 20 * MiB - bin.length))]), mode: 0o755 },
    { name: 'bin/sh', content: Buffer.from('#!'), mode: 0o755 },
    { name: 'etc/passwd', content: Buffer.from('root:x:0:0::/root:/bin/sh\napp:x:65532:65532::/:/bin/false\n') },
    { name: 'etc/group', content: Buffer.from('root:x:0:\n') },
    { name: 'etc/ssl/certs/ca-certificates.crt', content: Buffer.from('-----BEGIN CERTIFICATE-----\n') },
    { name: 'usr/share/zoneinfo/UTC', content: Buffer.from('TZif2') },
  ]);
  const layers = [await pushBlob(pusher, name, base), await pushBlob(pusher, name, top)];
  const config = { os: 'linux', architecture: 'amd64', config: { Entrypoint: ['/app'], User: '65532' }, rootfs: { type: 'layers', diff_ids: [base.diffId, top.diffId] } };
  const configDesc = await pushBlob(pusher, name, { bytes: Buffer.from(JSON.stringify(config)), mediaType: 'application/vnd.oci.image.config.v1+json' });
  const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: configDesc, layers }));
  await pusher.request(name, { method: 'PUT', path: 'manifests/v1', actions: ['pull', 'push'], body: manifest, headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' } });
  pusher.close();
  const totalLayerBytes = base.bytes.length + top.bytes.length;

  const colds = [];
  const warms = [];
  let coldBytes = 0;
  let warmBytes = 0;
  for (let i = 0; i < runs; i++) {
    const cacheDir = join(work, `cache-${i}`);
    const once = async () => {
      const client = createRegistryClient({ insecureRegistries: [`http://${registry.host}`], cacheDir });
      const t0 = performance.now();
      const r = await inspectImage(client, `${name}:v1`, { factsCache: new FactsCache(cacheDir) });
      const ms = performance.now() - t0;
      const bytes = Object.values(client.stats().blobBytes).reduce((a, b) => a + b, 0);
      client.close();
      if (r.error) throw new Error(r.error.message);
      return { ms, bytes, cached: r.inspected[0].cached };
    };
    const cold = await once();
    const warm = await once();
    if (cold.cached || !warm.cached) throw new Error('cache did not behave: cold hit or warm miss');
    colds.push(cold.ms);
    warms.push(warm.ms);
    coldBytes = cold.bytes;
    warmBytes = warm.bytes;
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const cold = median(colds);
  const warm = median(warms);
  console.log(`image: base layer ${(base.bytes.length / MiB).toFixed(1)} MiB, top layer ${(top.bytes.length / MiB).toFixed(1)} MiB (Go binary padded to 20 MiB)`);
  console.log(`cold inspect   median ${cold.toFixed(1)} ms over ${runs} runs, blob bytes fetched ${(coldBytes / MiB).toFixed(2)} MiB of ${(totalLayerBytes / MiB).toFixed(2)} MiB layers (top layer: ${(top.bytes.length / MiB).toFixed(2)} MiB)`);
  console.log(`cached inspect median ${warm.toFixed(1)} ms over ${runs} runs, blob bytes fetched ${warmBytes} (target < ${TARGET_CACHED_MS} ms)`);
  console.log(`ratio cold/cached ${(cold / warm).toFixed(1)}x`);
  const missed = warm >= TARGET_CACHED_MS || coldBytes > top.bytes.length + 4096 || warmBytes > 0;
  if (missed) console.log('TARGET MISSED');
  if (values.check && missed) process.exitCode = 3;
} finally {
  await registry.stop();
  rmSync(work, { recursive: true, force: true });
}

async function layer(files) {
  const p = pack();
  const chunks = [];
  const done = (async () => {
    for await (const c of p) chunks.push(Buffer.from(c));
  })();
  for (const f of files) await new Promise((ok, fail) => p.entry({ name: f.name, mode: f.mode ?? 0o644, mtime: new Date(0) }, f.content, (e) => (e ? fail(e) : ok())));
  p.finalize();
  await done;
  const tar = Buffer.concat(chunks);
  return { bytes: gzipSync(tar, { level: 1 }), diffId: `sha256:${createHash('sha256').update(tar).digest('hex')}`, mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip' };
}

async function pushBlob(client, name, blob) {
  const digest = `sha256:${createHash('sha256').update(blob.bytes).digest('hex')}`;
  const started = await client.request(name, { method: 'POST', path: 'blobs/uploads/', actions: ['pull', 'push'], body: Buffer.alloc(0), headers: { 'content-length': '0' } });
  const loc = started.headers.location;
  await client.request(name, { method: 'PUT', path: `${loc}${loc.includes('?') ? '&' : '?'}digest=${encodeURIComponent(digest)}`, actions: ['pull', 'push'], body: blob.bytes, headers: { 'content-type': 'application/octet-stream', 'content-length': String(blob.bytes.length) } });
  return { mediaType: blob.mediaType, digest, size: blob.bytes.length };
}

async function startRegistry(bin, dir) {
  const port = await new Promise((ok) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => ok(p));
    });
  });
  const cfg = join(dir, 'config.yml');
  writeFileSync(cfg, ['version: 0.1', 'log:', '  level: warn', '  accesslog:', '    disabled: true', 'storage:', '  filesystem:', `    rootdirectory: ${join(dir, 'storage')}`, 'http:', `  addr: 127.0.0.1:${port}`, ''].join('\n'));
  const child = spawn(join(bin, 'docker-registry'), ['serve', cfg], { stdio: 'ignore' });
  for (let i = 0; i < 300; i++) {
    const open = await new Promise((ok) => {
      const s = net.connect(port, '127.0.0.1', () => (s.destroy(), ok(true)));
      s.on('error', () => ok(false));
    });
    if (open) return { host: `127.0.0.1:${port}`, stop: () => new Promise((ok) => (child.once('exit', ok), child.kill('SIGTERM'))) };
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error('docker-registry did not start');
}
