/**
 * Matches image names to credential keys the way the kubelet's credential keyring does
 * (pkg/credentialprovider/keyring.go): a key is `host[:port][/path]`, optionally with a scheme
 * and a `/v1/` or `/v2/` suffix; host labels may be globs (`*.example.com`); the port must be
 * equal; the key's path must prefix the image's path. Longer keys are tried first, and Docker Hub
 * images fall back to the `index.docker.io` key.
 */
export interface KeyringEntry<T> {
  key: string;
  value: T;
}

const DOCKER_HUB_KEY = 'index.docker.io';

export class Keyring<T> {
  private readonly entries: KeyringEntry<T>[] = [];

  add(location: string, value: T): void {
    const key = keyOf(location);
    if (key) this.entries.push({ key, value });
    // Reverse lexical order: `quay.io/coreos` before `quay.io`, as the kubelet sorts its index.
    this.entries.sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0));
  }

  /** `image` is `domain/repository` with the domain as written (`docker.io/library/nginx`). */
  lookup(image: string): T[] {
    const hits = this.entries.filter((e) => urlsMatch(e.key, image)).map((e) => e.value);
    if (hits.length > 0 || !isDefaultRegistryMatch(image)) return hits;
    return this.entries.filter((e) => e.key === DOCKER_HUB_KEY).map((e) => e.value);
  }
}

function keyOf(location: string): string | undefined {
  const parsed = parseSchemeless(location);
  if (!parsed) return undefined;
  let path = parsed.pathname;
  if (path.startsWith('/v2/') || path.startsWith('/v1/')) path = path.slice(3);
  return path.length > 0 && path !== '/' ? parsed.host + path : parsed.host;
}

function parseSchemeless(text: string): URL | undefined {
  try {
    return new URL(/^https?:\/\//.test(text) ? text : `https://${text}`);
  } catch {
    return undefined;
  }
}

function splitHost(u: URL): { labels: string[]; port: string } {
  return { labels: u.hostname.split('.'), port: u.port };
}

function urlsMatch(glob: string, target: string): boolean {
  // `*` is not a valid URL host character for every parser, so the glob's host is split by hand.
  const g = splitGlob(glob);
  const t = parseSchemeless(target);
  if (!g || !t) return false;
  const th = splitHost(t);
  if (g.port !== th.port || g.labels.length !== th.labels.length) return false;
  if (!g.labels.every((label, i) => globMatch(label, th.labels[i]!))) return false;
  return t.pathname.startsWith(g.path);
}

function splitGlob(key: string): { labels: string[]; port: string; path: string } | undefined {
  const slash = key.indexOf('/');
  const hostPort = slash < 0 ? key : key.slice(0, slash);
  const path = slash < 0 ? '' : key.slice(slash);
  const m = /^([^:]+)(?::(\d+))?$/.exec(hostPort.toLowerCase());
  if (!m) return undefined;
  return { labels: m[1]!.split('.'), port: m[2] ?? '', path };
}

/** Go's filepath.Match for one host label: `*` any run, `?` one character. */
function globMatch(pattern: string, text: string): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`).test(text);
}

/** Docker Hub when the first component is not a host (`library/x`, `user/x`) or is a Hub alias. */
function isDefaultRegistryMatch(image: string): boolean {
  const parts = image.split('/');
  if (!parts[0]) return false;
  if (parts.length === 1) return true;
  if (parts[0] === 'docker.io' || parts[0] === 'index.docker.io') return true;
  return !/[.:]/.test(parts[0]);
}
