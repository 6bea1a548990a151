import type { ImageFactError, ImageFactErrorKind } from '../../model/image.js';

/** An error that already knows its class; anything else met while reading a layer is classified by `classify`. */
export class FactError extends Error {
  constructor(
    readonly kind: ImageFactErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** One line naming what failed, for ImageFacts.errors. */
export function classify(err: unknown, where: { layer?: number; path?: string }): ImageFactError {
  if (err instanceof FactError) return { kind: err.kind, message: err.message, ...where };
  const msg = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: unknown } | null)?.code;
  // zlib: Z_BUF_ERROR = input ended early, other Z_* = bad data; tar-stream's own messages.
  const zlib = typeof code === 'string' && code.startsWith('Z_');
  const tar = /^(Invalid tar header|Unexpected end of data|Invalid header|Header exceeds max size)/.test(msg);
  const kind = code === 'Z_BUF_ERROR' || /^Unexpected end of data/.test(msg) ? 'layer-truncated' : zlib || tar ? 'layer-corrupt' : 'layer-read';
  return { kind, message: firstLine(msg), ...where };
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}
