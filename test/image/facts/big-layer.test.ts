import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { pack } from 'tar-stream';
import { afterAll, describe, expect, it } from 'vitest';
import { collectImageFacts } from '../../../src/image/facts/collect.js';
import { binary, FIXTURES } from './fixtures.js';
import { imageConfig, MEDIA_TYPES, TestImage } from './layers.js';

// A layer far bigger than what the reader may keep: 128 MiB of data, then the Go binary. The
// 200 MiB figure (time and peak RSS in fresh processes) is bench/image-layers.mjs.
const MiB = 1024 * 1024;
const DATA = 128 * MiB;
const dir = mkdtempSync(join(tmpdir(), 'kubewhy-big-layer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function writeLayer(file: string, app: Buffer): Promise<void> {
  const p = pack();
  const done = pipeline(p, createGzip({ level: 1 }), createWriteStream(file));
  const big = p.entry({ name: 'var/lib/blob', size: DATA, mode: 0o644 });
  const chunk = Buffer.alloc(MiB, 0x5a);
  for (let n = 0; n < DATA; n += MiB) if (!big.write(chunk)) await new Promise<void>((r) => big.once('drain', () => r()));
  big.end(undefined);
  await new Promise<void>((resolve, reject) => p.entry({ name: 'app', mode: 0o755 }, app, (err) => (err ? reject(err) : resolve())));
  p.finalize();
  await done;
}

describe.skipIf(!FIXTURES)('a big layer', () => {
  it('streams through with memory far below its size, and the binary after it is still read', async () => {
    const file = join(dir, 'layer.tar.gz');
    await writeLayer(file, binary('server-static'));
    const img = new TestImage(imageConfig({ Entrypoint: ['/app'], User: '65532' }), [{ file, mediaType: MEDIA_TYPES.gzip }]);
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const timer = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 5);
    const facts = await collectImageFacts(img);
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    expect(facts.errors).toEqual([]);
    expect(facts.entrypoint?.goBuildInfo?.path).toBe('example.com/imagefix/server');
    expect(facts.layers[0]?.uncompressedBytes).toBeGreaterThan(DATA);
    expect(facts.layers[0]?.read).toBe('full');
    // Holding the layer (or the big file) would take ≥128 MiB more; streaming keeps it to buffers.
    expect(peak - before).toBeLessThan(48 * MiB);
  }, 120_000);
});
