import { posix } from 'node:path';
import type { ImageFile } from '../../model/image.js';
import type { LayerEntry, LayerIndex } from './layer-index.js';

/** Linux gives up after 40 symlinks in one lookup (MAXSYMLINKS). */
const MAX_SYMLINKS = 40;

export type Lookup =
  | { kind: 'found'; entry: LayerEntry; layer: number }
  | { kind: 'missing'; reason: string }
  /** Not decided by the layers read so far. */
  | { kind: 'pending' };

export type Resolution =
  | { kind: 'found'; path: string; entry: LayerEntry; layer: number; symlinks: string[] }
  | { kind: 'missing'; reason: string; symlinks: string[] }
  | { kind: 'loop'; reason: string; symlinks: string[] }
  | { kind: 'pending'; symlinks: string[] };

/**
 * The merged root filesystem of the layers read so far, top layer first, the way overlayfs
 * assembles it: the first layer holding a path wins; a whiteout or an opaque directory in a
 * layer hides the layers below it. Answers are `pending` while an unread (or half-read) layer
 * could still change them.
 */
export class MergedView {
  /** Layer indexes by layer number (0 = base); holes are layers not read (yet). */
  private readonly layers: Array<LayerIndex | undefined>;
  /** No more layers will be read (an error, or every asked-for fact is known). */
  private stopped = false;
  /**
   * Paths whose lookup was pending and directories whose listing was incomplete, since the
   * last `forget()`: only new entries at, below or directly in them can change an answer.
   */
  private readonly pendingPaths = new Set<string>();
  private readonly pendingDirs = new Set<string>();

  constructor(layerCount: number) {
    this.layers = new Array<LayerIndex | undefined>(layerCount).fill(undefined);
  }

  /** Layers must be added top first. */
  addLayer(index: number, layer: LayerIndex): void {
    this.layers[index] = layer;
  }

  stop(): void {
    this.stopped = true;
  }

  /** No more layers can change any answer (every layer read, or reading stopped): pending means unknown. */
  get final(): boolean {
    return this.stopped || this.layers[0]?.complete === true;
  }

  /**
   * Whether a new entry at `path` (undefined: a whiteout or other marker) could change an
   * answer given so far — so the reader re-evaluates its facts only for those entries.
   */
  affects(path: string | undefined): boolean {
    if (path === undefined || this.pendingDirs.has(posix.dirname(path))) return true;
    for (let p = path; p !== '/'; p = posix.dirname(p)) if (this.pendingPaths.has(p)) return true;
    return false;
  }

  /** Starts a new round of questions (the answers given so far are settled or asked again). */
  forget(): void {
    this.pendingPaths.clear();
    this.pendingDirs.clear();
  }

  /** One path, no symlink following. */
  lookup(path: string): Lookup {
    const r = this.lookupOnce(path);
    if (r.kind === 'pending') this.pendingPaths.add(path);
    return r;
  }

  private lookupOnce(path: string): Lookup {
    if (path === '/') return { kind: 'found', entry: ROOT, layer: this.layers.length - 1 };
    for (let l = this.layers.length - 1; l >= 0; l--) {
      const idx = this.layers[l];
      if (!idx) return { kind: 'pending' };
      const entry = idx.entries.get(path);
      if (entry) return { kind: 'found', entry, layer: l };
      const hidden = hiddenBy(idx, path);
      if (hidden) return { kind: 'missing', reason: `${hidden} in layer ${l}` };
      if (!idx.complete) return { kind: 'pending' };
    }
    return { kind: 'missing', reason: 'in no layer' };
  }

  /** A path with every symlink on the way (and the last one unless `noFollow`) followed. */
  resolve(path: string, noFollow = false): Resolution {
    const symlinks: string[] = [];
    let todo = parts(path);
    let cur = '/';
    let last: Lookup & { kind: 'found' } = { kind: 'found', entry: ROOT, layer: this.layers.length - 1 };
    while (todo.length > 0) {
      const name = todo.shift()!;
      if (name === '.') continue;
      if (name === '..') {
        cur = posix.dirname(cur);
        continue;
      }
      const next = posix.join(cur, name);
      const r = this.lookup(next);
      if (r.kind === 'pending') return { kind: 'pending', symlinks };
      if (r.kind === 'missing') return { kind: 'missing', reason: `${next}: ${r.reason}`, symlinks };
      if (r.entry.type === 'symlink' && (todo.length > 0 || !noFollow)) {
        const target = r.entry.linkname ?? '';
        symlinks.push(`${next} -> ${target}`);
        if (symlinks.length > MAX_SYMLINKS) return { kind: 'loop', reason: `more than ${MAX_SYMLINKS} symlinks from ${path}`, symlinks };
        todo = [...parts(target), ...todo];
        if (target.startsWith('/')) cur = '/';
        continue;
      }
      if (todo.length > 0 && r.entry.type !== 'directory') return { kind: 'missing', reason: `not a directory: ${next}`, symlinks };
      cur = next;
      last = r;
    }
    return { kind: 'found', path: cur, entry: last.entry, layer: last.layer, symlinks };
  }

  /**
   * The visible names directly inside a directory (an already resolved path): the union over
   * the layers read, stopping below an opaque or hidden directory. `complete` is false while
   * lower layers could still add names.
   */
  list(dir: string): { names: string[]; complete: boolean } {
    const r = this.listOnce(dir);
    if (!r.complete) this.pendingDirs.add(dir);
    return r;
  }

  private listOnce(dir: string): { names: string[]; complete: boolean } {
    const names = new Set<string>();
    const hidden = new Set<string>();
    for (let l = this.layers.length - 1; l >= 0; l--) {
      const idx = this.layers[l];
      if (!idx) return { names: [...names], complete: false };
      for (const name of idx.children.get(dir) ?? []) if (!hidden.has(name)) names.add(name);
      for (const w of idx.whiteouts) if (posix.dirname(w) === dir) hidden.add(posix.basename(w));
      const entry = idx.entries.get(dir);
      if (idx.opaque.has(dir) || hiddenBy(idx, dir) || (entry && entry.type !== 'directory')) return { names: [...names], complete: true };
      if (!idx.complete) return { names: [...names], complete: false };
    }
    return { names: [...names], complete: true };
  }

  /** A found resolution as the model's ImageFile. */
  static file(r: Resolution & { kind: 'found' }): ImageFile {
    const e = r.entry;
    return {
      path: r.path,
      type: e.type,
      mode: e.mode,
      uid: e.uid,
      gid: e.gid,
      size: e.size,
      layer: r.layer,
      ...(e.type === 'hardlink' && e.linkname ? { linkTarget: e.linkname } : {}),
    };
  }
}

const ROOT: LayerEntry = { type: 'directory', mode: 0o755, uid: 0, gid: 0, size: 0, implicit: true };

function parts(path: string): string[] {
  return path.split('/').filter((p) => p !== '');
}

/** Whether this layer hides `path` in the layers below it, and by what. */
function hiddenBy(idx: LayerIndex, path: string): string | undefined {
  if (idx.whiteouts.has(path)) return `whiteout of ${path}`;
  for (let d = posix.dirname(path); d !== '/'; d = posix.dirname(d)) {
    if (idx.whiteouts.has(d)) return `whiteout of ${d}`;
    if (idx.opaque.has(d)) return `opaque directory ${d}`;
    const e = idx.entries.get(d);
    if (e && e.type !== 'directory') return `non-directory ${d}`;
  }
  if (idx.opaque.has('/')) return 'opaque directory /';
  return undefined;
}
