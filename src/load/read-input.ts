import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { InputError } from '../core/finding.js';

/** How much of the file is sniffed for NUL bytes, as git and grep do. */
const SNIFF_BYTES = 8 * 1024;

/**
 * Latin-1 YAML with a few accented letters is still worth linting (the parsers see U+FFFD
 * and carry on); random bytes decode to replacement characters roughly half the time.
 */
const MAX_REPLACEMENT_RATIO = 0.05;

const UTF8 = new TextDecoder('utf-8');

export type ReadResult = { text: string } | { error: InputError };

/** `10 MB`, `1.5 MB`, `512 KB`, `12 bytes`: binary units, at most one decimal, no trailing `.0`. */
export function formatBytes(n: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'] as const;
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit === 0 ? String(value) : String(Math.round(value * 10) / 10);
  return `${shown} ${units[unit] ?? 'bytes'}`;
}

const UNIT_BYTES: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** Parses `20971520`, `20MB`, `20 MiB`, `1.5g` (binary units, like formatBytes); undefined when malformed. */
export function parseByteSize(s: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:([kmg])(?:i?b)?|b|bytes?)?\s*$/i.exec(s);
  if (!m) return undefined;
  return Math.round(Number(m[1]) * (UNIT_BYTES[(m[2] ?? 'b').toLowerCase()] ?? 1));
}

const ERRNO_TEXT: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOENT: 'no such file or directory',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  ELOOP: 'symlink loop',
  ENAMETOOLONG: 'file name too long',
  EIO: 'I/O error',
};

/** One-line text for a failed fs call: Node's messages repeat the path and the syscall. */
export function describeFsError(err: unknown): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  return ERRNO_TEXT[code] ?? (err instanceof Error ? err.message.split('\n')[0] ?? code : String(err));
}

/**
 * Reads one input file as UTF-8 text, refusing what would waste memory or produce noise:
 * files over the size limit, non-regular files (a FIFO would block forever), and binaries.
 */
export async function readInput(abs: string, rel: string, maxBytes: number): Promise<ReadResult> {
  const fail = (message: string): ReadResult => ({ error: { file: rel, message } });
  let size: number;
  try {
    const st = statSync(abs);
    if (st.isDirectory()) return fail('cannot read: is a directory');
    if (!st.isFile()) return fail('cannot read: not a regular file');
    size = st.size;
  } catch (err) {
    return fail(`cannot read: ${describeFsError(err)}`);
  }
  if (size > maxBytes) return fail(overLimit(size, maxBytes));

  let buf: Buffer;
  try {
    buf = readAtMost(abs, Math.min(size, maxBytes) + 1);
  } catch (err) {
    return fail(`cannot read: ${describeFsError(err)}`);
  }
  // The file may have grown between stat and read.
  if (buf.length > maxBytes) {
    return fail(`file grew past the ${formatBytes(maxBytes)} limit while being read (raise with --max-file-size)`);
  }

  if (hasUtf16Bom(buf)) return fail('not a text file: UTF-16 encoded (re-save as UTF-8)');
  if (buf.subarray(0, SNIFF_BYTES).includes(0)) return fail('not a text file');
  // The default decoder drops a leading UTF-8 BOM, which YAML and Docker both ignore too.
  const text = UTF8.decode(buf);
  if (text.length > 0 && countReplacements(text) / text.length > MAX_REPLACEMENT_RATIO) {
    return fail('not a text file');
  }
  return { text };
}

function overLimit(size: number, maxBytes: number): string {
  const limit = formatBytes(maxBytes);
  // Just over the limit rounds to the limit itself; exact bytes avoid "10 MB, over the 10 MB limit".
  const shown = formatBytes(size) === limit ? `${size} bytes` : formatBytes(size);
  return `file is ${shown}, over the ${limit} limit (raise with --max-file-size)`;
}

/**
 * Synchronous on purpose: a lint reads thousands of small files, and a thread-pool hop per
 * open/read/close costs more than the read itself.
 */
function readAtMost(abs: string, limit: number): Buffer {
  const fd = openSync(abs, 'r');
  try {
    const buf = Buffer.allocUnsafe(limit);
    let total = 0;
    while (total < limit) {
      const n = readSync(fd, buf, total, limit - total, null);
      if (n === 0) break;
      total += n;
    }
    return buf.subarray(0, total);
  } finally {
    closeSync(fd);
  }
}

function hasUtf16Bom(buf: Buffer): boolean {
  return buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff));
}

function countReplacements(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\uFFFD'); i !== -1; i = text.indexOf('\uFFFD', i + 1)) n++;
  return n;
}
