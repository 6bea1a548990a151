import { posix } from 'node:path';
import { ZONE_LIST_LIMIT, type CaBundleFacts, type FactState, type ZoneInfoFacts } from '../../model/image.js';
import { isFile, pathFact, type FactContext } from './context.js';

/** crypto/x509 root_linux.go: the bundle files (first one found is read) and the directories (all read). */
export const CERT_FILES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/pki/tls/cacert.pem',
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem',
  '/etc/ssl/cert.pem',
];
export const CERT_DIRS = ['/etc/ssl/certs', '/etc/pki/tls/certs'];
/** time/zoneinfo_unix.go platformZoneSources. */
export const ZONE_DIRS = ['/usr/share/zoneinfo', '/usr/share/lib/zoneinfo', '/usr/lib/locale/TZ', '/etc/zoneinfo'];

/** What Go's root loading would find: any bundle file, or any certificate file in the directories. */
export function caBundle(ctx: FactContext): CaBundleFacts {
  const env = ctx.config.env;
  const files = (env.SSL_CERT_FILE ? [env.SSL_CERT_FILE] : CERT_FILES).map((f) => pathFact(ctx, f));
  const dirs = (env.SSL_CERT_DIR ? env.SSL_CERT_DIR.split(':').filter((d) => d !== '') : CERT_DIRS).map((d) => {
    const r = ctx.view.resolve(d);
    const dir = pathFact(ctx, d, r);
    if (r.kind !== 'found' || r.entry.type !== 'directory') return { dir, files: 0, complete: r.kind !== 'pending' };
    const listing = ctx.view.list(r.path);
    // Go skips symlinks whose target has no slash (duplicates of a file in the same directory).
    const count = listing.names.filter((n) => {
      const e = ctx.view.lookup(posix.join(r.path, n));
      return e.kind === 'found' && e.entry.type !== 'directory' && !(e.entry.type === 'symlink' && !(e.entry.linkname ?? '').includes('/'));
    }).length;
    return { dir, files: count, complete: listing.complete };
  });
  const present = files.some((f) => f.state === 'present' && f.file?.type !== 'directory') || dirs.some((d) => d.files > 0);
  const undecided = files.some((f) => f.state === 'unknown') || dirs.some((d) => !d.complete);
  const state: FactState = present ? 'present' : undecided ? 'unknown' : 'absent';
  return {
    state,
    files,
    dirs: dirs.map(({ dir, files: n }) => ({ dir, files: n })),
    env: { ...(env.SSL_CERT_FILE ? { SSL_CERT_FILE: env.SSL_CERT_FILE } : {}), ...(env.SSL_CERT_DIR ? { SSL_CERT_DIR: env.SSL_CERT_DIR } : {}) },
  };
}

/** Zone names are listed only when `listZones` (the final facts): deciding presence needs just one. */
export function zoneinfo(ctx: FactContext, listZones = false): ZoneInfoFacts {
  const env = ctx.config.env;
  const base = env.ZONEINFO ? { zoneinfoEnv: env.ZONEINFO } : {};
  let dir: string | undefined;
  let undecided = false;
  for (const d of ZONE_DIRS) {
    const r = ctx.view.resolve(d);
    if (r.kind === 'pending') {
      undecided = true;
      break;
    }
    if (r.kind === 'found' && r.entry.type === 'directory') {
      const listing = ctx.view.list(r.path);
      if (listing.names.length > 0) {
        dir = d;
        break;
      }
      if (!listing.complete) {
        undecided = true;
        break;
      }
    }
  }
  // TZ=":Europe/Berlin" and TZ="Europe/Berlin" name the same zone; an absolute TZ is a file path.
  const tzName = env.TZ?.replace(/^:/, '');
  let tz: ZoneInfoFacts['tz'];
  if (tzName) {
    const paths = tzName.startsWith('/') ? [tzName] : ZONE_DIRS.map((d) => posix.join(d, tzName));
    const rs = paths.map((p) => ctx.view.resolve(p));
    tz = { name: tzName, state: rs.some(isFile) ? 'present' : rs.some((r) => r.kind === 'pending') ? 'unknown' : 'absent' };
  }
  const state: FactState = dir !== undefined ? 'present' : undecided ? 'unknown' : 'absent';
  const zones = dir && listZones ? zoneNames(ctx, dir) : { names: [], truncated: false };
  return { state, ...(dir ? { dir } : {}), zones: zones.names, truncated: zones.truncated, ...base, ...(tz ? { tz } : {}) };
}

function zoneNames(ctx: FactContext, dir: string): { names: string[]; truncated: boolean } {
  const root = ctx.view.resolve(dir);
  if (root.kind !== 'found') return { names: [], truncated: false };
  const names: string[] = [];
  const walk = (real: string, rel: string): boolean => {
    for (const n of ctx.view.list(real).names.sort()) {
      const e = ctx.view.lookup(posix.join(real, n));
      if (e.kind !== 'found') continue;
      if (e.entry.type === 'directory') {
        if (!walk(posix.join(real, n), posix.join(rel, n))) return false;
      } else {
        if (names.length >= ZONE_LIST_LIMIT) return false;
        names.push(posix.join(rel, n));
      }
    }
    return true;
  };
  const complete = walk(root.path, '');
  return { names: names.sort(), truncated: !complete };
}

