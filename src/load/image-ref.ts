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
