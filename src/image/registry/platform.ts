import type { Descriptor, ImageIndex, Platform } from './types.js';

/** `linux/arm64/v8` → { os, architecture, variant }; undefined for anything else. */
export function parsePlatform(text: string): Platform | undefined {
  const [os, architecture, variant, extra] = text.trim().split('/');
  if (!os || !architecture || extra !== undefined) return undefined;
  return variant ? { os, architecture, variant } : { os, architecture };
}

export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

/** containerd's normalisation: arm64 means v8 and arm means v7 unless written otherwise. */
function variantOf(p: Platform): string {
  if (p.variant) return p.variant;
  if (p.architecture === 'arm64') return 'v8';
  if (p.architecture === 'arm') return 'v7';
  return '';
}

/**
 * The index entry for `want`: same os and architecture, and the same variant when one was asked
 * for. Without a wanted variant the first entry of the os/architecture wins (index order is the
 * publisher's preference). Attestation entries carry `unknown/unknown` and never match.
 */
export function selectPlatform(index: ImageIndex, want: Platform): Descriptor | undefined {
  const candidates = index.manifests.filter((d) => d.platform && d.platform.os === want.os && d.platform.architecture === want.architecture);
  if (!want.variant) return candidates[0];
  return candidates.find((d) => variantOf(d.platform!) === variantOf(want));
}

/** Real platforms of an index, attestation entries left out. */
export function platformsOf(index: ImageIndex): Platform[] {
  return index.manifests.flatMap((d) => (d.platform && d.platform.os !== 'unknown' ? [d.platform] : []));
}
