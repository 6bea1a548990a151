import type { GoRoute } from './gosrc.js';

/** A path pattern with parameters or wildcards: `/{id}`, `/:id`, `/*`, `{path...}`. */
export function hasParams(path: string): boolean {
  return /[{}*]|\/:/.test(path);
}

/**
 * Whether a GET for `path` reaches `route`, by the router's own matching: net/http ServeMux
 * patterns ending in `/` match every path below them (`{$}` anchors the end); other frameworks
 * match exactly. Param patterns must be filtered out by the caller (undecidable here).
 */
export function routeServesGet(route: GoRoute, path: string): boolean {
  // The kubelet sends GET; `GET /x` also serves HEAD in ServeMux, not the other way round.
  if (route.method !== undefined && route.method !== 'GET' && route.method !== 'ANY') return false;
  let p = route.path;
  if (route.framework === 'net/http') {
    if (p.endsWith('/{$}')) return path === p.slice(0, -3);
    if (p.endsWith('/')) return path.startsWith(p) || path === p.slice(0, -1) /* ServeMux redirects /x to /x/ (301, a probe success) */;
    return path === p;
  }
  // Trailing-slash redirects are framework defaults too (gin RedirectTrailingSlash): 301 counts as success.
  return path === p || path.replace(/\/$/, '') === p.replace(/\/$/, '');
}
