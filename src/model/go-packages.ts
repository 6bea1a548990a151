import type { GoPackage } from './gosrc.js';

/**
 * A main package and every workspace package it imports, directly or not: runtime tuning
 * (`_ "go.uber.org/automaxprocs"` in an internal package), routes and clients defined in
 * library packages all end up in the binary.
 */
export function packagesInBinary(main: GoPackage, all: readonly GoPackage[]): GoPackage[] {
  const byPath = new Map<string, GoPackage>();
  for (const p of all) if (p.importPath !== undefined) byPath.set(p.importPath, p);
  const out: GoPackage[] = [];
  const seen = new Set<GoPackage>();
  const visit = (p: GoPackage): void => {
    if (seen.has(p)) return;
    seen.add(p);
    out.push(p);
    for (const imp of p.imports) {
      const dep = byPath.get(imp.path);
      if (dep) visit(dep);
    }
  };
  visit(main);
  return out;
}
