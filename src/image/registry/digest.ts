import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { RegistryError } from './errors.js';

const DIGEST = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;

export function isDigest(text: string): boolean {
  return DIGEST.test(text);
}

function algorithm(digest: string): 'sha256' | 'sha512' {
  return digest.startsWith('sha512:') ? 'sha512' : 'sha256';
}

export function digestOf(bytes: Buffer, alg: 'sha256' | 'sha512' = 'sha256'): string {
  return `${alg}:${createHash(alg).update(bytes).digest('hex')}`;
}

/** True when `bytes` hash to `digest` (with the digest's own algorithm). */
export function matchesDigest(bytes: Buffer, digest: string): boolean {
  return isDigest(digest) && digestOf(bytes, algorithm(digest)) === digest;
}

export interface VerifyingStreamOptions {
  digest: string;
  /** Expected size from the descriptor; a body of another size fails too. */
  size?: number;
  endpoint: string;
  onBytes?: (n: number) => void;
}

/**
 * Passes a blob through while hashing it; the stream errors at its end when the bytes do not
 * hash to the descriptor's digest, so a consumer that reads to the end never trusts bad content.
 */
export class VerifyingStream extends Transform {
  private readonly hash: Hash;
  private seen = 0;

  constructor(private readonly opts: VerifyingStreamOptions) {
    super();
    this.hash = createHash(algorithm(opts.digest));
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    this.opts.onBytes?.(chunk.length);
    this.hash.update(chunk);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    const got = `${algorithm(this.opts.digest)}:${this.hash.digest('hex')}`;
    if (got !== this.opts.digest || (this.opts.size !== undefined && this.seen !== this.opts.size)) {
      done(new RegistryError({ kind: 'digest-mismatch', endpoint: this.opts.endpoint, detail: `blob ${this.opts.digest} failed verification: ${this.seen} bytes hashing to ${got}` }));
      return;
    }
    done();
  }
}
