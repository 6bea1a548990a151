/** Go toolchain version strings (`1.21`, `1.21.3`, `1.21rc2`, `go1.22.1`) compared as go/version does. */

interface GoVersion {
  major: string;
  minor: string;
  patch: string;
  /** '' then 'alpha' < 'beta' < 'rc': plain string order is Go's order. */
  kind: string;
  pre: string;
}

const VERSION = /^(\d+)(?:\.(\d+)(?:\.(\d+))?)?(?:(alpha|beta|rc)(\d+))?$/;

function parse(v: string): GoVersion | undefined {
  const m = VERSION.exec(v.startsWith('go') ? v.slice(2) : v);
  if (!m) return undefined;
  const [, major = '', minor = '', patch = '', kind = '', pre = ''] = m;
  // Pre-releases exist only for x.y.0 (`1.21rc1`), never with a patch number.
  if (patch !== '' && kind !== '') return undefined;
  return { major, minor, patch, kind, pre };
}

/** Decimal strings of any length, '' (absent) sorting before every number. */
function cmpInt(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Go's ordering (go/version.Compare): a language version sorts before its pre-releases, which
 * sort before the first release: 1.21 < 1.21rc1 < 1.21rc2 < 1.21.0 < 1.21.1. That is why
 * `go 1.21` in go.mod is satisfied by any 1.21 toolchain but `go 1.21.0` is not satisfied by
 * 1.21rc2. An optional `go` prefix is accepted. Invalid versions sort before valid ones and
 * equal each other, as in go/version.
 */
export function compareGoVersions(a: string, b: string): number {
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return x ? 1 : y ? -1 : 0;
  return (
    cmpInt(x.major, y.major) ||
    cmpInt(x.minor, y.minor) ||
    cmpInt(x.patch, y.patch) ||
    (x.kind < y.kind ? -1 : x.kind > y.kind ? 1 : 0) ||
    cmpInt(x.pre, y.pre)
  );
}

/**
 * The Go version an official `golang` image tag pins: `1.22`, `1.22.3-bookworm`,
 * `1.22-alpine3.20`, `1.23rc1`. Undefined when the tag names no minor version (`latest`,
 * `alpine`, `1`, `1-alpine`): those float too far to compare.
 */
export function goVersionFromImageTag(tag: string): string | undefined {
  const version = tag.split('-')[0] ?? '';
  return /^\d+\.\d+(?:\.\d+|(?:alpha|beta|rc)\d+)?$/.test(version) ? version : undefined;
}
