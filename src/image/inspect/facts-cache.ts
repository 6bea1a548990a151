import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDigest } from '../registry/index.js';
import type { ImageFacts } from '../../model/image.js';

/**
 * Bump when src/model/image.ts or the way src/image/facts computes a fact changes: entries of
 * another format are never read, so a new kubewhy never trusts facts an older one computed.
 */
export const FACTS_FORMAT = 1;

/**
 * Computed image facts by platform manifest digest: `<dir>/facts/v<FACTS_FORMAT>/<alg>/<hex>.json`.
 * A manifest digest fixes the config and every layer, so an entry never goes stale. Written to a
 * temporary name and renamed; an unreadable entry is a miss; cache failures never fail an inspect.
 */
export class FactsCache {
  private readonly root: string;

  constructor(dir: string) {
    this.root = join(dir, 'facts', `v${FACTS_FORMAT}`);
  }

  private path(digest: string): string {
    const [alg, hex] = digest.split(':');
    return join(this.root, alg!, `${hex!}.json`);
  }

  async get(digest: string): Promise<ImageFacts | undefined> {
    if (!isDigest(digest)) return undefined;
    try {
      const parsed: unknown = JSON.parse(await readFile(this.path(digest), 'utf8'));
      return isFacts(parsed) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }

  async put(digest: string, facts: ImageFacts): Promise<void> {
    // Facts cut short by an unreadable layer would hide the problem on the next run.
    if (!isDigest(digest) || facts.errors.some((e) => e.kind === 'layer-open' || e.kind === 'layer-truncated')) return;
    const file = this.path(digest);
    const tmp = join(this.root, `.tmp-${randomBytes(8).toString('hex')}`);
    try {
      await mkdir(join(file, '..'), { recursive: true });
      await writeFile(tmp, JSON.stringify(facts));
      await rename(tmp, file);
    } catch {
      await unlink(tmp).catch(() => undefined);
    }
  }
}

function isFacts(v: unknown): v is ImageFacts {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.config === 'object' && typeof o.user === 'object' && Array.isArray(o.layers) && Array.isArray(o.errors);
}
