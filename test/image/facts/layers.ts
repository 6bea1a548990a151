import { execFileSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import type { ImageSource, LayerDescriptor } from '../../../src/image/facts/source.js';

/** One tar entry of a test layer. */
export interface TarItem {
  path: string;
  type?: 'file' | 'directory' | 'symlink' | 'link';
  mode?: number;
  uid?: number;
  gid?: number;
  content?: string | Buffer;
  linkname?: string;
}

export type Compression = 'gzip' | 'zstd' | 'none';

export const MEDIA_TYPES: Record<Compression, string> = {
  gzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  zstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  none: 'application/vnd.oci.image.layer.v1.tar',
};

/** A tar archive built by tar-stream, the way image builders write layers (ustar, paths without a leading slash). */
export async function tarOf(items: TarItem[]): Promise<Buffer> {
  const p = pack();
  const out: Buffer[] = [];
  p.on('data', (c) => out.push(c as Buffer));
  const ended = new Promise<void>((resolve, reject) => {
    p.on('end', resolve);
    p.on('error', reject);
  });
  for (const it of items) {
    const type = it.type ?? 'file';
    const body = typeof it.content === 'string' ? Buffer.from(it.content) : it.content;
    await new Promise<void>((resolve, reject) => {
      const header = {
        name: it.path.replace(/^\//, ''),
        type,
        mode: it.mode ?? (type === 'directory' ? 0o755 : 0o644),
        uid: it.uid ?? 0,
        gid: it.gid ?? 0,
        ...(it.linkname !== undefined ? { linkname: it.linkname } : {}),
      };
      if (type === 'file') p.entry(header, body ?? Buffer.alloc(0), (err) => (err ? reject(err) : resolve()));
      else p.entry(header, (err) => (err ? reject(err) : resolve()));
    });
  }
  p.finalize();
  await ended;
  return Buffer.concat(out);
}

/** gzip by node:zlib, zstd by the real `zstd` CLI (the encoder buildkit's zstd output matches). */
export function compress(tar: Buffer, how: Compression): Buffer {
  if (how === 'gzip') return gzipSync(tar);
  if (how === 'zstd') return execFileSync('zstd', ['-q', '-c', '-3'], { input: tar, maxBuffer: 1 << 30 });
  return tar;
}

export interface TestLayer {
  bytes?: Buffer;
  /** A file on disk streamed as the compressed layer (for big layers). */
  file?: string;
  mediaType: string;
}

/** An image held by the test: counts every layer opened and destroys nothing it was not asked to. */
export class TestImage implements ImageSource {
  readonly layers: LayerDescriptor[];
  /** Layer indexes in the order they were opened. */
  readonly opened: number[] = [];
  /** Streams handed out, to check they were all closed. */
  readonly streams: Readable[] = [];

  constructor(
    readonly config: unknown,
    private readonly data: TestLayer[],
  ) {
    this.layers = data.map((d, i) => ({ mediaType: d.mediaType, digest: `sha256:${String(i).padStart(64, '0')}`, size: d.bytes?.length ?? 0 }));
  }

  async openLayer(desc: LayerDescriptor): Promise<Readable> {
    const i = this.layers.indexOf(desc);
    this.opened.push(i);
    const d = this.data[i]!;
    const s = d.file ? createReadStream(d.file, { highWaterMark: 64 * 1024 }) : Readable.from(chunked(d.bytes!), { objectMode: false });
    this.streams.push(s);
    return s;
  }
}

function* chunked(b: Buffer): Generator<Buffer> {
  for (let i = 0; i < b.length; i += 64 * 1024) yield b.subarray(i, i + 64 * 1024);
}

/** Layers (base first) packed and compressed. */
export async function layers(how: Compression, ...trees: TarItem[][]): Promise<TestLayer[]> {
  return Promise.all(trees.map(async (t) => ({ bytes: compress(await tarOf(t), how), mediaType: MEDIA_TYPES[how] })));
}

/** An OCI image config with the given `config` fields. */
export function imageConfig(config: Record<string, unknown>, platform: { architecture?: string; os?: string; variant?: string } = {}): unknown {
  return { architecture: 'amd64', os: 'linux', ...platform, config, rootfs: { type: 'layers', diff_ids: [] } };
}
