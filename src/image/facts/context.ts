import type { ImageConfigFacts, ImageFactKey, PathFact } from '../../model/image.js';
import type { BinaryFacts } from './binary-scan.js';
import type { ExecPlan } from './entrypoint.js';
import type { FactError } from './errors.js';
import { MergedView, type Resolution } from './merged-view.js';

export type Content = { kind: 'binary'; facts: BinaryFacts } | { kind: 'text'; text: string } | { kind: 'error'; error: FactError };

/** What the layer walk knows so far; every function below is a pure reading of it. */
export interface FactContext {
  config: ImageConfigFacts;
  plan: ExecPlan;
  want: Set<ImageFactKey>;
  view: MergedView;
  /** By `layer:path` of the file whose bytes were read. */
  contents: Map<string, Content>;
}

export type Found = Resolution & { kind: 'found' };

/** The file whose bytes hold a found path's content (a hard link's target). */
export function contentOf(r: Found): { layer: number; path: string } {
  return { layer: r.layer, path: r.entry.type === 'hardlink' && r.entry.linkname ? r.entry.linkname : r.path };
}

export function contentKey(layer: number, path: string): string {
  return `${layer}:${path}`;
}

export function content(ctx: FactContext, r: Found): Content | undefined {
  const c = contentOf(r);
  return ctx.contents.get(contentKey(c.layer, c.path));
}

export const isFile = (r: Resolution): r is Found => r.kind === 'found' && (r.entry.type === 'file' || r.entry.type === 'hardlink');
export const isExecutable = (r: Found): boolean => (r.entry.mode & 0o111) !== 0;

/** What the merged filesystem says about a path, in the model's terms (pending = unknown). */
export function pathFact(ctx: FactContext, path: string, r: Resolution = ctx.view.resolve(path)): PathFact {
  switch (r.kind) {
    case 'found':
      return { path, state: 'present', file: MergedView.file(r), symlinks: r.symlinks };
    case 'missing':
      return { path, state: 'absent', symlinks: r.symlinks, reason: r.reason };
    case 'loop':
      return { path, state: 'absent', symlinks: r.symlinks.slice(0, 4), reason: `symlink loop: ${r.reason}` };
    case 'pending':
      return { path, state: 'unknown', symlinks: r.symlinks, reason: 'in layers (or the part of a layer) not read' };
  }
}

