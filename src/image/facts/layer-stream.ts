import { Readable, Transform, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { LayerCompression } from '../../model/image.js';
import { FactError } from './errors.js';
import { isLayerMediaType, type LayerDescriptor } from './source.js';
import { zstdDecompress } from './zstd.js';

/** Counts the bytes passing through. */
class ByteCounter extends Transform {
  bytes = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    done(null, chunk);
  }
}

export interface OpenedLayer {
  compression: LayerCompression;
  /** The uncompressed tar. */
  tar: Readable;
  compressed: ByteCounter;
  uncompressed: ByteCounter;
  /** Tears down every stream of the chain (the source included). */
  destroy(): void;
}

/**
 * A layer's compressed stream → its tar bytes. The compression is read from the magic bytes
 * (gzip `1f 8b`, zstd `28 b5 2f fd`, else plain tar), not from the media type: registries and
 * pushers mislabel layers. A media type that is no tar layer at all is refused before any
 * byte is read.
 */
export async function decodeLayer(desc: LayerDescriptor, source: Readable): Promise<OpenedLayer> {
  if (!isLayerMediaType(desc.mediaType)) {
    source.destroy();
    throw new FactError('layer-unsupported', `layer ${desc.digest}: unsupported media type ${desc.mediaType}`);
  }
  const { head, stream } = await peek(source, 4);
  const compression: LayerCompression =
    head[0] === 0x1f && head[1] === 0x8b ? 'gzip' : head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528 ? 'zstd' : 'none';
  const compressed = new ByteCounter();
  const uncompressed = new ByteCounter();
  const stages: Readable[] = [stream];
  const link = (to: Transform): void => {
    // By hand rather than stream.pipeline, so an error anywhere reaches the tar reader as the error it is.
    const from = stages[stages.length - 1]!;
    from.on('error', (err) => to.destroy(err));
    from.pipe(to);
    stages.push(to);
  };
  link(compressed);
  if (compression === 'gzip') link(createGunzip());
  else if (compression === 'zstd') stages.push(zstdDecompress(compressed));
  link(uncompressed);
  return {
    compression,
    tar: uncompressed,
    compressed,
    uncompressed,
    destroy: () => {
      for (const s of stages) s.destroy();
      source.destroy();
    },
  };
}

/**
 * The first `n` bytes of the stream (fewer if it is shorter) and a stream of all of it again.
 * Destroying the returned stream destroys the source (the iterator's return does).
 */
async function peek(source: Readable, n: number): Promise<{ head: Buffer; stream: Readable }> {
  const it = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first: Buffer[] = [];
  let have = 0;
  let ended = false;
  while (have < n) {
    const r = await it.next();
    if (r.done) {
      ended = true;
      break;
    }
    first.push(r.value);
    have += r.value.length;
  }
  async function* all(): AsyncGenerator<Buffer> {
    try {
      yield* first;
      while (!ended) {
        const r = await it.next();
        if (r.done) return;
        yield r.value;
      }
    } finally {
      await it.return?.();
    }
  }
  return { head: Buffer.concat(first), stream: Readable.from(all(), { objectMode: false }) };
}
