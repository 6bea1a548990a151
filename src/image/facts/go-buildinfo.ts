import type { GoBuildInfo, GoBuildSetting, GoModule } from '../../model/image.js';
import { FactError } from './errors.js';

/**
 * Go build information (debug/buildinfo + runtime/debug.ParseBuildInfo): the 32-byte header
 * at a 16-byte aligned `\xff Go buildinf:` magic in the writable data, then (Go 1.18+) two
 * uvarint-prefixed strings — the Go version and the module info.
 */

export const BUILDINFO_MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
const HEADER = 32;
const FLAG_INLINE = 2;
/** Module info between these 16-byte sentinels (cmd/go/internal/modload infoStart/infoEnd). */
const INFO_SENTINEL = 16;

/** How many bytes of the blob (from the magic) are needed: a number, or undefined while the header/lengths are still incomplete. */
export function blobLength(buf: Buffer): number | undefined {
  if (buf.length < HEADER) return undefined;
  if ((buf[15]! & FLAG_INLINE) === 0) return HEADER;
  let at = HEADER;
  for (let i = 0; i < 2; i++) {
    const v = uvarint(buf, at);
    if (!v) return undefined;
    at = v.next + v.value;
  }
  return at;
}

export function parseBuildInfoBlob(buf: Buffer): GoBuildInfo {
  if (buf.length < HEADER || !buf.subarray(0, BUILDINFO_MAGIC.length).equals(BUILDINFO_MAGIC)) {
    throw new FactError('buildinfo-corrupt', 'Go build info header truncated');
  }
  const flags = buf[15]!;
  if ((flags & FLAG_INLINE) === 0) {
    // Go 1.13–1.17: two pointers to string headers elsewhere in the file, which a one-pass reader has already passed.
    return { ...derive([]), format: 'pointer', deps: [], settings: [] };
  }
  const version = readBytes(buf, HEADER);
  const mod = readBytes(buf, version.next);
  const info = parseModInfo(stripSentinels(mod.bytes));
  return { ...info, format: 'inline', goVersion: version.bytes.toString('utf8') };
}

function readBytes(buf: Buffer, at: number): { bytes: Buffer; next: number } {
  const v = uvarint(buf, at);
  if (!v || v.next + v.value > buf.length) throw new FactError('buildinfo-corrupt', 'Go build info string runs past its bytes');
  return { bytes: buf.subarray(v.next, v.next + v.value), next: v.next + v.value };
}

function uvarint(buf: Buffer, at: number): { value: number; next: number } | undefined {
  let value = 0;
  let mul = 1;
  for (let i = 0; i < 10; i++) {
    const b = buf[at + i];
    if (b === undefined) return undefined;
    value += (b & 0x7f) * mul;
    if (b < 0x80) return { value, next: at + i + 1 };
    mul *= 128;
  }
  throw new FactError('buildinfo-corrupt', 'Go build info length is not a varint');
}

/** The sentinels are not UTF-8: strip them from the bytes, then decode. */
function stripSentinels(b: Buffer): string {
  if (b.length >= 2 * INFO_SENTINEL + 1 && b[b.length - INFO_SENTINEL - 1] === 0x0a) {
    return b.toString('utf8', INFO_SENTINEL, b.length - INFO_SENTINEL);
  }
  return '';
}

/** The module-info text: `path`, `mod`, `dep`, `=>`, `build` lines, tab-separated. */
export function parseModInfo(text: string): Omit<GoBuildInfo, 'format' | 'goVersion'> {
  let path: string | undefined;
  let main: GoModule | undefined;
  const deps: GoModule[] = [];
  const settings: GoBuildSetting[] = [];
  let last: GoModule | undefined;
  for (const line of text.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab < 0) continue;
    const word = line.slice(0, tab);
    const rest = line.slice(tab + 1);
    if (word === 'path') path = rest;
    else if (word === 'mod') last = main = moduleLine(rest);
    else if (word === 'dep') deps.push((last = moduleLine(rest)));
    else if (word === '=>' && last) last.replace = moduleLine(rest);
    else if (word === 'build') settings.push(buildLine(rest));
  }
  return { ...derive(settings), ...(path !== undefined ? { path } : {}), ...(main ? { main } : {}), deps, settings };
}

function moduleLine(rest: string): GoModule {
  const [path = '', version = '', sum = ''] = rest.split('\t');
  return { path, version, ...(sum ? { sum } : {}) };
}

/** `key=value`, either side possibly Go-quoted (strconv.Quote) when it holds spaces, tabs, quotes or `=`. */
function buildLine(kv: string): GoBuildSetting {
  let key: string;
  let raw: string;
  if (kv.startsWith('"') || kv.startsWith('`')) {
    const q = quotedPrefix(kv);
    key = unquote(q);
    raw = kv.slice(q.length + 1);
  } else {
    const eq = kv.indexOf('=');
    key = eq < 0 ? kv : kv.slice(0, eq);
    raw = eq < 0 ? '' : kv.slice(eq + 1);
  }
  const value = raw.startsWith('"') || raw.startsWith('`') ? unquote(raw) : raw;
  return { key, value };
}

function quotedPrefix(s: string): string {
  const q = s[0]!;
  for (let i = 1; i < s.length; i++) {
    if (q === '"' && s[i] === '\\') i++;
    else if (s[i] === q) return s.slice(0, i + 1);
  }
  throw new FactError('buildinfo-corrupt', `unterminated quote in build setting ${s}`);
}

/** Go's strconv.Unquote for the escapes strconv.Quote writes. */
function unquote(q: string): string {
  if (q.startsWith('`')) return q.slice(1, -1);
  return q.slice(1, -1).replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (_m, e: string) => {
    switch (e[0]) {
      case 'x':
      case 'u':
      case 'U':
        return String.fromCodePoint(parseInt(e.slice(1), 16));
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'a':
        return '\x07';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'v':
        return '\v';
      default:
        return /^[0-7]{3}$/.test(e) ? String.fromCharCode(parseInt(e, 8)) : e;
    }
  });
}

function derive(settings: GoBuildSetting[]): Pick<GoBuildInfo, 'cgoEnabled' | 'goos' | 'goarch' | 'trimpath' | 'ldflags' | 'tags' | 'vcs'> {
  const get = (k: string): string | undefined => settings.find((s) => s.key === k)?.value;
  const cgo = get('CGO_ENABLED');
  const goos = get('GOOS');
  const goarch = get('GOARCH');
  const ldflags = get('-ldflags');
  const vcs = get('vcs');
  const revision = get('vcs.revision');
  const time = get('vcs.time');
  const modified = get('vcs.modified');
  return {
    ...(cgo !== undefined ? { cgoEnabled: cgo === '1' } : {}),
    ...(goos !== undefined ? { goos } : {}),
    ...(goarch !== undefined ? { goarch } : {}),
    trimpath: get('-trimpath') === 'true',
    ...(ldflags !== undefined ? { ldflags } : {}),
    tags: (get('-tags') ?? '').split(',').filter((t) => t !== ''),
    ...(vcs !== undefined
      ? {
          vcs: {
            system: vcs,
            ...(revision !== undefined ? { revision } : {}),
            ...(time !== undefined ? { time } : {}),
            ...(modified !== undefined ? { modified: modified === 'true' } : {}),
          },
        }
      : {}),
  };
}
