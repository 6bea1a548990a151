import type { GoSource } from './package.js';

/** The import block(s) of a file: everything before the first top-level declaration. */
const HEAD_END = /^(?:func|type|var|const)\b/m;
const IMPORT_DECL = /\bimport\s*(?:\(([^)]*)\)|[\w.]*\s*"([^"\n]+)")/g;

/** Import paths a file names, read from its text (cheap: the trees come later). */
export function importedPaths(text: string): string[] {
  const end = HEAD_END.exec(text);
  // Comments may hold parentheses and quotes (`_ "x" // TODO(perf)`); import paths hold neither `//` nor `/*`.
  const head = (end ? text.slice(0, end.index) : text.slice(0, 64 * 1024)).replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '');
  const out: string[] = [];
  for (const m of head.matchAll(IMPORT_DECL)) {
    if (m[2] !== undefined) out.push(m[2]);
    else for (const q of (m[1] ?? '').matchAll(/"([^"\n]+)"/g)) if (q[1]) out.push(q[1]);
  }
  return out;
}

/**
 * Directories in an order where a package comes after the workspace packages it imports
 * (depth-first, directory order among equals). Go forbids import cycles; if the text says
 * otherwise (a broken file) the cycle is cut where it is found.
 */
export function dependencyOrder(byDir: ReadonlyMap<string, readonly GoSource[]>, pathOf: ReadonlyMap<string, string>): string[] {
  const dirOfPath = new Map([...pathOf].map(([dir, path]) => [path, dir]));
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (dir: string): void => {
    if (state.has(dir)) return;
    state.set(dir, 'visiting');
    const deps = new Set<string>();
    for (const s of byDir.get(dir) ?? []) {
      for (const p of importedPaths(s.text)) {
        const d = dirOfPath.get(p);
        if (d !== undefined && d !== dir) deps.add(d);
      }
    }
    for (const d of [...deps].sort()) visit(d);
    state.set(dir, 'done');
    order.push(dir);
  };
  for (const dir of [...byDir.keys()].sort()) visit(dir);
  return order;
}
