import type { Evidence } from '../core/finding.js';
import { packagesInBinary } from './go-packages.js';
import type { GoPackage } from './gosrc.js';
import type { Workspace } from './workspace.js';

/** A package linked into an image some Dockerfile builds, with that build as evidence. */
export interface BuiltPackage {
  pkg: GoPackage;
  build: Evidence;
}

/**
 * Every workspace package that ends up in a binary a Dockerfile builds, once each (a shared
 * library package is reported once, not per binary): code-level rules stay off tests and tools.
 */
export function builtPackages(ws: Workspace): BuiltPackage[] {
  const seen = new Map<GoPackage, BuiltPackage>();
  for (const df of ws.dockerfiles) {
    for (const b of ws.links.mainPackageBuildsOf(df)) {
      const build: Evidence = { message: `${df.file} builds ${b.pkg.dir === '.' ? 'the root main package' : b.pkg.dir} into the image`, span: b.ins.span };
      for (const pkg of packagesInBinary(b.pkg, ws.goPackages)) if (!seen.has(pkg)) seen.set(pkg, { pkg, build });
    }
  }
  return [...seen.values()];
}
