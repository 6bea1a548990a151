import type { ImageRef } from '../model/dockerfile.js';

const DOCKER_HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/**
 * Splits an image reference the way Docker's reference grammar (distribution/reference) does.
 * Lenient: it never throws, so unresolved `${VAR}` text still yields a best-effort split.
 */
export function parseImageRef(raw: string): ImageRef {
  let rest = raw.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }

  let registry: string | undefined;
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    // Docker's rule: only a component that looks like a host (a dot, a port, `localhost`, or
    // upper case, which repositories may not contain) is a registry; `library/x` is a path.
    if (/[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase()) {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }

  let tag: string | undefined;
  // A tag colon comes after the last path separator; a port colon never does once the registry is cut.
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }

  const ref: ImageRef = { raw, repository: rest.toLowerCase() };
  if (registry !== undefined) ref.registry = registry;
  if (tag !== undefined) ref.tag = tag;
  if (digest !== undefined) ref.digest = digest;
  return ref;
}

export function isDockerHub(ref: ImageRef): boolean {
  return ref.registry === undefined || DOCKER_HUB_HOSTS.has(ref.registry.toLowerCase());
}

/**
 * The Docker Official Image name (`golang`) however it was spelled (`library/golang`,
 * `docker.io/library/golang`, `index.docker.io/golang`); undefined for any other image.
 */
export function officialName(ref: ImageRef): string | undefined {
  if (!isDockerHub(ref) || ref.repository === '') return undefined;
  const parts = ref.repository.split('/');
  if (parts.length === 1) return parts[0];
  if (parts.length === 2 && parts[0] === 'library') return parts[1];
  return undefined;
}

/** An image reference completed the way `docker pull` completes it. */
export interface NormalizedImageRef {
  /** Registry domain as credentials are keyed: `docker.io` for Docker Hub, else host[:port] as written. */
  domain: string;
  /** Host the distribution API is served on: `registry-1.docker.io` for Docker Hub, else `domain`. */
  host: string;
  /** Full repository path: `library/nginx`, `team/app`. */
  repository: string;
  /** Tag; `latest` when neither tag nor digest was written. */
  tag?: string;
  digest?: string;
  /** Canonical spelling: `docker.io/library/nginx:latest`, `ghcr.io/org/app@sha256:…`. */
  canonical: string;
}

/**
 * `nginx` → docker.io/library/nginx:latest on registry-1.docker.io; `index.docker.io/x` and
 * `docker.io/x` are the same Hub repository (`library/` added to single-component names).
 */
export function normalizeImageRef(ref: ImageRef | string): NormalizedImageRef {
  const r = typeof ref === 'string' ? parseImageRef(ref) : ref;
  const hub = isDockerHub(r);
  const domain = hub ? 'docker.io' : r.registry!.toLowerCase();
  const repository = hub && !r.repository.includes('/') ? `library/${r.repository}` : r.repository;
  const tag = r.tag ?? (r.digest === undefined ? 'latest' : undefined);
  const out: NormalizedImageRef = { domain, host: hub ? 'registry-1.docker.io' : domain, repository, canonical: '' };
  if (tag !== undefined) out.tag = tag;
  if (r.digest !== undefined) out.digest = r.digest;
  out.canonical = `${domain}/${repository}${tag !== undefined ? `:${tag}` : ''}${r.digest !== undefined ? `@${r.digest}` : ''}`;
  return out;
}
