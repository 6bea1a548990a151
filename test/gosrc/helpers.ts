import { discover } from '../../src/load/discover.js';
import { loadGoMod } from '../../src/load/gomod.js';
import { loadGoPackages, type GoSource } from '../../src/load/gosrc/load.js';
import { readInput } from '../../src/load/read-input.js';
import type { InputError } from '../../src/core/finding.js';
import type { GoModule } from '../../src/model/gomod.js';
import type { GoPackage } from '../../src/model/gosrc.js';

export const GO_FIXTURES = new URL('../fixtures/gosrc/', import.meta.url).pathname;

/** Discovery + go.mod + Go sources of a tree, as lint reads them (paths relative to `root`). */
export async function loadGoTree(root: string, maxBytes = 10 * 1024 * 1024): Promise<{ packages: GoPackage[]; errors: InputError[] }> {
  const { files } = await discover([root], root, []);
  const sources: GoSource[] = [];
  const modules: GoModule[] = [];
  const errors: InputError[] = [];
  for (const f of files) {
    if (f.kind !== 'gosrc' && f.kind !== 'gomod') continue;
    const read = await readInput(f.abs, f.rel, maxBytes);
    if ('error' in read) {
      errors.push(read.error);
      continue;
    }
    if (f.kind === 'gosrc') sources.push({ rel: f.rel, text: read.text });
    else {
      const m = loadGoMod(f.rel, read.text, {}).module;
      if (m) modules.push(m);
    }
  }
  const r = await loadGoPackages(sources, modules);
  return { packages: r.packages, errors: [...errors, ...r.errors] };
}

export function pkg(packages: GoPackage[], dir: string): GoPackage {
  const p = packages.find((x) => x.dir === dir);
  if (!p) throw new Error(`no package ${dir} (have ${packages.map((x) => x.dir).join(', ')})`);
  return p;
}

/** Facts of one package given as `{ 'dir/file.go': source }` (no module). */
export async function loadInline(files: Record<string, string>): Promise<{ packages: GoPackage[]; errors: InputError[] }> {
  return loadGoPackages(Object.entries(files).map(([rel, text]) => ({ rel, text })), []);
}

/** `file:line:col` of a span-like value, for compact assertions. */
export function at(s: { file: string; line: number; column: number } | undefined): string | undefined {
  return s ? `${s.file}:${s.line}:${s.column}` : undefined;
}
