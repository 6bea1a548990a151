import { posix } from 'node:path';
import type { InputError } from '../../core/finding.js';
import type { GoModule } from '../../model/gomod.js';
import type { GoPackage } from '../../model/gosrc.js';
import { moduleForDir } from '../../model/link.js';
import type { PackageExports } from './exports.js';
import { dependencyOrder } from './import-order.js';
import { extractPackage, importPathOf, type GoSource } from './package.js';
import { goParser } from './parser.js';

export type { GoSource } from './package.js';

/**
 * Go packages from source files: one package per directory, linked to the nearest go.mod.
 * Packages are processed one at a time so only one package's trees are alive at once, and
 * imported packages before their importers, so their exported values are known.
 */
export async function loadGoPackages(sources: GoSource[], modules: readonly GoModule[]): Promise<{ packages: GoPackage[]; errors: InputError[] }> {
  const byDir = new Map<string, GoSource[]>();
  for (const s of sources) {
    const dir = posix.dirname(s.rel);
    const list = byDir.get(dir);
    if (list) list.push(s);
    else byDir.set(dir, [s]);
  }
  const packages: GoPackage[] = [];
  const errors: InputError[] = [];
  if (byDir.size === 0) return { packages, errors };
  const parser = await goParser();
  const moduleOf = new Map([...byDir.keys()].map((dir) => [dir, moduleForDir(dir, modules)]));
  const pathOf = new Map<string, string>();
  for (const [dir, m] of moduleOf) if (m) pathOf.set(dir, importPathOf(m, dir));
  const exports = new Map<string, PackageExports>();
  const done: GoPackage[] = [];
  for (const dir of dependencyOrder(byDir, pathOf)) {
    const files = (byDir.get(dir) ?? []).sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
    try {
      const r = extractPackage(parser, dir, files, moduleOf.get(dir), exports);
      if (r.pkg) done.push(r.pkg);
      const path = pathOf.get(dir);
      if (r.exports && path !== undefined) exports.set(path, r.exports);
      errors.push(...r.errors);
    } catch (err) {
      // A bug in one extractor costs that package's facts, never the run.
      errors.push({ file: dir, message: `Go facts not extracted: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
  // Callers (and reports) see packages in directory order, whatever order they were read in.
  packages.push(...done.sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0)));
  errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { packages, errors };
}
