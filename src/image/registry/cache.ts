import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { isDigest, matchesDigest } from './digest.js';

/** `${KUBEWHY_CACHE:-~/.cache/kubewhy}/images` (XDG_CACHE_HOME honoured like the scripts do). */
export function defaultImageCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const root = env.KUBEWHY_CACHE || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kubewhy');
  return join(root, 'images');
}

/**
 * Manifests and configs by digest: `<dir>/blobs/<alg>/<hex>`. Content-addressed, so an entry never
 * goes stale; written to a temporary name and renamed (readers never see half a file); verified on
 * every read, and a corrupt entry is deleted and counts as a miss. Cache failures never fail a pull.
 */
export class DigestCache {
  constructor(private readonly dir: string) {}

  private path(digest: string): string {
    const [alg, hex] = digest.split(':');
    return join(this.dir, 'blobs', alg!, hex!);
  }

  async get(digest: string): Promise<Buffer | undefined> {
    if (!isDigest(digest)) return undefined;
    let bytes: Buffer;
    try {
      bytes = await readFile(this.path(digest));
    } catch {
      return undefined;
    }
    if (matchesDigest(bytes, digest)) return bytes;
    await unlink(this.path(digest)).catch(() => undefined);
    return undefined;
  }

  async put(digest: string, bytes: Buffer): Promise<void> {
    if (!matchesDigest(bytes, digest)) return;
    const file = this.path(digest);
    const tmp = join(this.dir, 'tmp', `${randomBytes(8).toString('hex')}`);
    try {
      await mkdir(join(this.dir, 'tmp'), { recursive: true });
      await mkdir(join(file, '..'), { recursive: true });
      await writeFile(tmp, bytes);
      await rename(tmp, file);
    } catch {
      await unlink(tmp).catch(() => undefined);
    }
  }
}
