import { Readable } from 'node:stream';
import { Decompress, ZstdErrorCode } from 'fzstd';
import { FactError } from './errors.js';

/**
 * Input is fed to the (synchronous, pure-JS) decoder in slices this big, and the next slice
 * waits until the reader has taken the output: a zstd block (≤128 KiB of output) can hide in
 * 4 bytes, so this is what bounds the output held at once to ~128 MiB even for a hostile
 * layer, while real layers (blocks of tens of KiB) pay only a few extra copies per block.
 */
const SLICE = 4096;

/**
 * The largest window accepted, as the zstd CLI's own decoder (ZSTD_WINDOWLOG_LIMIT_DEFAULT = 27):
 * fzstd allocates the window a frame header declares and shifts it on every block, so a
 * hostile header asking for 2 GiB would cost that much memory and time.
 */
const WINDOW_LIMIT = 128 * 1024 * 1024;

/**
 * Streaming zstd decompression (Node 20's zlib has none). The output stream pulls from the
 * input only as fast as it is read; destroying it destroys the input.
 */
export function zstdDecompress(input: Readable): Readable {
  async function* decode(): AsyncGenerator<Uint8Array> {
    const out: Uint8Array[] = [];
    const decoder = new Decompress((data) => {
      out.push(data);
    });
    const push = (data: Uint8Array, final: boolean): void => {
      try {
        decoder.push(data, final);
      } catch (err) {
        throw zstdError(err);
      }
    };
    let checked = false;
    for await (const chunk of input as AsyncIterable<Buffer>) {
      if (!checked) {
        checked = true;
        const window = frameWindow(chunk);
        if (window !== undefined && window > WINDOW_LIMIT) {
          throw new FactError('too-large', `zstd: frame window of ${window} bytes is over the ${WINDOW_LIMIT}-byte limit`);
        }
      }
      for (let at = 0; at < chunk.length; at += SLICE) {
        push(chunk.subarray(at, at + SLICE), false);
        while (out.length > 0) yield out.shift()!;
      }
    }
    push(new Uint8Array(0), true);
    yield* out;
  }
  return Readable.from(decode(), { objectMode: false });
}

function zstdError(err: unknown): FactError {
  const code = (err as { code?: unknown }).code;
  const msg = err instanceof Error ? err.message : String(err);
  return new FactError(code === ZstdErrorCode.UnexpectedEOF ? 'layer-truncated' : 'layer-corrupt', `zstd: ${msg}`);
}

/** The window size a zstd frame header declares (RFC 8878 §3.1.1.1), when the bytes hold it. */
function frameWindow(b: Buffer): number | undefined {
  if (b.length < 6 || b.readUInt32LE(0) !== 0xfd2fb528) return undefined;
  const fhd = b[4]!;
  if ((fhd & 0x20) === 0) {
    const wd = b[5]!;
    const base = 2 ** (10 + (wd >> 3));
    return base + (base / 8) * (wd & 7);
  }
  // Single segment: the window is the whole content, whose size follows the dictionary id.
  const fcsBytes = [1, 2, 4, 8][fhd >> 6]!;
  const at = 5 + [0, 1, 2, 4][fhd & 3]!;
  if (b.length < at + fcsBytes) return undefined;
  if (fcsBytes === 1) return b[at];
  if (fcsBytes === 2) return b.readUInt16LE(at) + 256;
  if (fcsBytes === 4) return b.readUInt32LE(at);
  return Number(b.readBigUInt64LE(at));
}
