import { posix } from 'node:path';
import type { Header } from 'tar-stream';
import type { ImageFileType } from '../../model/image.js';

/** One path of a layer, as its tar header describes it (content is never kept here). */
export interface LayerEntry {
  type: ImageFileType;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  /** Symlink target as written, or a hard link's target path (normalised). */
  linkname?: string;
  /** A directory no header names, implied by a path below it. */
  implicit?: boolean;
}

const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';

/** `./usr/bin/`, `usr/bin`, `/usr/bin` → `/usr/bin`. */
export function normalisePath(name: string): string {
  const p = posix.normalize(`/${name}`);
  return p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
}

/**
 * The paths of one layer: entries (plus the directories they imply), whiteouts (`.wh.<name>`
 * hides `<name>` in the layers below) and opaque directories (`.wh..wh..opq` hides everything
 * the layers below have inside that directory). Memory grows with the number of entries
 * (headers only, ~100 bytes each), never with file sizes. Within one layer the first entry
 * for a path wins: image builders never write a path twice, and reading can stop early.
 */
export class LayerIndex {
  readonly entries = new Map<string, LayerEntry>();
  readonly whiteouts = new Set<string>();
  readonly opaque = new Set<string>();
  readonly children = new Map<string, Set<string>>();
  count = 0;
  /** Every entry of the tar has been seen. */
  complete = false;

  /** Records one tar header; returns the normalised path, or undefined for whiteouts and metadata. */
  add(h: Header): string | undefined {
    this.count++;
    const path = normalisePath(h.name);
    const dir = posix.dirname(path);
    const base = posix.basename(path);
    if (base === OPAQUE) {
      this.opaque.add(dir);
      this.implyDirs(dir);
      return undefined;
    }
    if (base.startsWith(WHITEOUT)) {
      this.whiteouts.add(posix.join(dir, base.slice(WHITEOUT.length)));
      this.implyDirs(dir);
      return undefined;
    }
    const seen = this.entries.get(path);
    if (path === '/' || (seen !== undefined && !seen.implicit)) return undefined;
    const type = entryType(h.type);
    if (type === undefined) return undefined;
    this.entries.set(path, {
      type,
      mode: (h.mode ?? 0) & 0o7777,
      uid: h.uid ?? 0,
      gid: h.gid ?? 0,
      size: h.size ?? 0,
      ...(h.linkname ? { linkname: type === 'hardlink' ? normalisePath(h.linkname) : h.linkname } : {}),
    });
    this.link(dir, base);
    this.implyDirs(dir);
    return path;
  }

  private link(dir: string, base: string): void {
    let names = this.children.get(dir);
    if (!names) this.children.set(dir, (names = new Set()));
    names.add(base);
  }

  private implyDirs(dir: string): void {
    for (let d = dir; d !== '/' && !this.entries.has(d); d = posix.dirname(d)) {
      this.entries.set(d, { type: 'directory', mode: 0o755, uid: 0, gid: 0, size: 0, implicit: true });
      this.link(posix.dirname(d), posix.basename(d));
    }
  }
}

function entryType(t: string | undefined): ImageFileType | undefined {
  switch (t) {
    case 'file':
    case 'contiguous-file':
    case undefined:
      return 'file';
    case 'directory':
      return 'directory';
    case 'symlink':
      return 'symlink';
    case 'link':
      return 'hardlink';
    case 'character-device':
    case 'block-device':
    case 'fifo':
      return 'other';
    default:
      return undefined; // unknown typeflags (tar-stream folds pax/gnu headers into the next entry)
  }
}
