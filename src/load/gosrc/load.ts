import { posix } from 'node:path';
import type { InputError } from '../../core/finding.js';
import type { GoModule } from '../../model/gomod.js';
import type { GoPackage } from '../../model/gosrc.js';
import { moduleForDir } from '../../model/link.js';
import { extractPackage, type GoSource } from './package.js';
import { goParser } from './parser.js';

export type { GoSource } from './package.js';

/**
 * Go packages from source files: one package per directory, linked to the nearest go.mod.
 * Packages are processed one at a time so only one package's trees are alive at once.
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
  for (const dir of [...byDir.keys()].sort()) {
    const files = (byDir.get(dir) ?? []).sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
    try {
      const r = extractPackage(parser, dir, files, moduleForDir(dir, modules));
      if (r.pkg) packages.push(r.pkg);
      errors.push(...r.errors);
    } catch (err) {
      // A bug in one extractor costs that package's facts, never the run.
      errors.push({ file: dir, message: `Go facts not extracted: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
  return { packages, errors };
}
