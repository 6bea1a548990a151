import { collectImageFacts } from '../facts/index.js';
import {
  isRegistryError,
  normalizeImageRef,
  platformsOf,
  type NormalizedImageRef,
  type Platform,
  type RegistryClient,
  type ResolvedImage,
} from '../registry/index.js';
import type { ImageInspectError, ImageInspection, InspectedPlatform, PlatformName } from '../../model/image-index.js';
import type { FactsCache } from './facts-cache.js';

export interface InspectOptions {
  /**
   * Platforms to read from an index: each one the index has is inspected (an absent one is not an
   * error: the index's `platforms` say what there is). Default: linux/amd64, else the index's first.
   */
  platforms?: readonly PlatformName[];
  factsCache?: FactsCache;
}

const DEFAULT_PLATFORM: PlatformName = { os: 'linux', architecture: 'amd64' };

/**
 * Reference → registry → facts of the platforms asked for. A registry failure on the reference
 * itself becomes `error` (classified, one line, no credentials); anything unreadable inside the
 * image ends up in that platform's `facts.errors`. Never throws for registry or image problems.
 */
export async function inspectImage(client: RegistryClient, reference: string, opts: InspectOptions = {}): Promise<ImageInspection> {
  let ref: NormalizedImageRef;
  try {
    ref = normalizeImageRef(reference);
  } catch (err) {
    return failed(reference, reference, { kind: 'invalid-reference', fault: 'B1', endpoint: reference, message: `invalid image reference: ${messageOf(err)}` });
  }
  const out: ImageInspection = { reference, canonical: ref.canonical, multiPlatform: false, platforms: [], inspected: [] };
  try {
    const top = await client.manifest(ref);
    out.digest = top.digest;
    // Pin every later request to what the tag pointed at now, so a push in between cannot mix images.
    const pinned = `${ref.domain}/${ref.repository}@${top.digest}`;
    if (ref.tag && ref.digest) {
      const tagDigest = await tagTarget(client, `${ref.domain}/${ref.repository}:${ref.tag}`);
      if (tagDigest) out.tagDigest = tagDigest;
    }
    if (top.kind === 'index') {
      out.multiPlatform = true;
      out.platforms = platformsOf(top.index).map(plain);
      for (const p of chosen(out.platforms, opts.platforms)) out.inspected.push(await inspectPlatform(client, pinned, p, opts.factsCache));
    } else {
      const one = await inspectPlatform(client, pinned, undefined, opts.factsCache);
      out.platforms = [one.platform];
      out.inspected.push(one);
    }
  } catch (err) {
    if (!isRegistryError(err)) throw err;
    out.error = errorOf(err);
  }
  return out;
}

/** Where a tag points now; undefined when the tag is gone (the pinned digest still pulls: not an error). */
async function tagTarget(client: RegistryClient, tagRef: string): Promise<string | undefined> {
  try {
    return await client.digest(tagRef);
  } catch (err) {
    if (isRegistryError(err) && err.kind === 'not-found') return undefined;
    throw err;
  }
}

/** The index platforms to read: the asked-for ones the index has (by os/arch, variant when given), else the default. */
function chosen(available: PlatformName[], wanted: readonly PlatformName[] | undefined): PlatformName[] {
  const matches = (a: PlatformName, w: PlatformName): boolean =>
    a.os === w.os && a.architecture === w.architecture && (!w.variant || !a.variant || a.variant === w.variant);
  if (wanted && wanted.length > 0) {
    const picked: PlatformName[] = [];
    for (const w of wanted) {
      const hit = available.find((a) => matches(a, w));
      if (hit && !picked.includes(hit)) picked.push(hit);
    }
    return picked;
  }
  const def = available.find((a) => matches(a, DEFAULT_PLATFORM)) ?? available.find((a) => a.os === 'linux') ?? available[0];
  return def ? [def] : [];
}

async function inspectPlatform(client: RegistryClient, pinned: string, platform: PlatformName | undefined, cache: FactsCache | undefined): Promise<InspectedPlatform> {
  const img: ResolvedImage = await client.resolve(pinned, platform);
  const hit = await cache?.get(img.manifestDigest);
  if (hit) return { platform: plain(img.platform), manifestDigest: img.manifestDigest, facts: hit, cached: true };
  const facts = await collectImageFacts({ config: img.config, layers: img.layers, openLayer: (l) => client.openBlob(img.reference, l) });
  await cache?.put(img.manifestDigest, facts);
  return { platform: plain(img.platform), manifestDigest: img.manifestDigest, facts, cached: false };
}

function plain(p: Platform): PlatformName {
  return { os: p.os, architecture: p.architecture, ...(p.variant ? { variant: p.variant } : {}) };
}

function errorOf(err: { kind: string; fault: string; code?: string; reason?: string; status?: number; endpoint: string; message: string }): ImageInspectError {
  return {
    kind: err.kind,
    fault: err.fault,
    endpoint: err.endpoint,
    message: err.message,
    ...(err.code ? { code: err.code } : {}),
    ...(err.reason ? { reason: err.reason } : {}),
    ...(err.status !== undefined ? { status: err.status } : {}),
  };
}

function failed(reference: string, canonical: string, error: ImageInspectError): ImageInspection {
  return { reference, canonical, multiPlatform: false, platforms: [], inspected: [], error };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
