import { extract, type Extract } from 'tar-stream';
import {
  IMAGE_FACT_KEYS,
  type ImageConfigFacts,
  type ImageFactError,
  type ImageFactKey,
  type ImageFacts,
  type LayerReadStat,
} from '../../model/image.js';
import { classify, FactError } from './errors.js';
import { configFacts } from './config.js';
import { BinaryScanner } from './binary-scan.js';
import { execPlan, type ExecPlan, type ProcessOverrides } from './entrypoint.js';
import { LayerIndex, normalisePath } from './layer-index.js';
import { decodeLayer, type OpenedLayer } from './layer-stream.js';
import { MergedView } from './merged-view.js';
import { contentKey, type Content, type FactContext } from './context.js';
import { buildFacts, contentTargets, contentWanted, factKnown } from './facts.js';
import type { ImageSource } from './source.js';

export interface CollectOptions extends ProcessOverrides {
  /** The facts to gather (default: all); layers stop being read as soon as these are known. */
  want?: readonly ImageFactKey[];
}

/** A text file (/etc/passwd, /etc/group) bigger than this is not read. */
const TEXT_LIMIT = 1024 * 1024;

/**
 * Reads an image's config and layers (top layer first, streamed, never a whole layer in
 * memory) until every asked-for fact is known, and returns the facts. Never throws for a bad
 * image: unreadable layers, corrupt binaries and symlink loops end up in `errors`, and the
 * facts they would have decided are `unknown`.
 */
export async function collectImageFacts(source: ImageSource, opts: CollectOptions = {}): Promise<ImageFacts> {
  const errors: ImageFactError[] = [];
  let config: ImageConfigFacts;
  try {
    config = configFacts(source.config);
  } catch (err) {
    errors.push(classify(err, {}));
    config = configFacts({});
  }
  const want = new Set(opts.want ?? IMAGE_FACT_KEYS);
  const plan = execPlan(config, opts);
  const walk = new LayerWalk(source, { config, plan, want }, errors);
  await walk.run();
  return buildFacts(walk.context(), walk.stats, errors);
}

class LayerWalk {
  readonly view: MergedView;
  readonly contents = new Map<string, Content>();
  readonly stats: LayerReadStat[];
  private readonly known = new Set<ImageFactKey>();

  constructor(
    private readonly source: ImageSource,
    private readonly base: { config: ImageConfigFacts; plan: ExecPlan; want: Set<ImageFactKey> },
    private readonly errors: ImageFactError[],
  ) {
    this.view = new MergedView(source.layers.length);
    this.stats = source.layers.map((d, index) => ({
      index,
      digest: d.digest,
      mediaType: d.mediaType,
      read: 'unread',
      compressedBytes: 0,
      uncompressedBytes: 0,
      entries: 0,
      reopened: 0,
    }));
  }

  context(): FactContext {
    return { ...this.base, view: this.view, contents: this.contents };
  }

  async run(): Promise<void> {
    for (let l = this.source.layers.length - 1; l >= 0; l--) {
      if (this.allKnown()) break;
      const ok = await this.readLayer(l);
      if (!ok) break;
    }
    this.view.stop();
  }

  /**
   * Every asked-for fact is decided (facts only ever go from pending to decided). Each pending
   * fact is evaluated, even after one is found wanting: that is how the view learns every path
   * the facts look at (`affects`).
   */
  private allKnown(): boolean {
    const ctx = this.context();
    this.view.forget();
    let all = true;
    for (const key of this.base.want) {
      if (this.known.has(key)) continue;
      if (factKnown(key, ctx)) this.known.add(key);
      else all = false;
    }
    return all;
  }

  /** One layer, top to bottom of its tar; false when reading must stop (an error, or all known). */
  private async readLayer(l: number): Promise<boolean> {
    const stat = this.stats[l]!;
    const idx = new LayerIndex();
    this.view.addLayer(l, idx);
    let opened: OpenedLayer;
    try {
      opened = await this.openLayer(l);
    } catch (err) {
      this.errors.push(classify(err, { layer: l }));
      return false;
    }
    stat.read = 'partial';
    stat.compression = opened.compression;
    const tar = untar(opened);
    let stopped = false;
    try {
      for await (const entry of tar) {
        const path = idx.add(entry.header);
        stat.entries = idx.count;
        if (!this.view.affects(path)) {
          entry.resume();
          continue;
        }
        const kind = path === undefined ? undefined : contentWanted(this.context(), l, path);
        if (kind && path) {
          const done = await this.readContent(entry, kind, l, path);
          if (done && this.allKnown()) {
            stopped = true;
            break;
          }
        } else entry.resume();
        await this.rereadPassed(l);
        if (this.allKnown()) {
          stopped = true;
          break;
        }
      }
      if (!stopped) {
        idx.complete = true;
        stat.read = 'full';
      }
    } catch (err) {
      this.errors.push(classify(err, { layer: l }));
      stopped = true;
    } finally {
      this.close(l, opened, tar);
    }
    return !stopped;
  }

  /** The layer's tar bytes; an open that fails is a `layer-open` error naming the layer. */
  private async openLayer(l: number): Promise<OpenedLayer> {
    const desc = this.source.layers[l]!;
    let stream;
    try {
      stream = await this.source.openLayer(desc);
    } catch (err) {
      throw new FactError('layer-open', `layer ${desc.digest}: ${message(err)}`);
    }
    return decodeLayer(desc, stream);
  }

  private close(l: number, opened: OpenedLayer, tar: Extract): void {
    const stat = this.stats[l]!;
    stat.compressedBytes += opened.compressed.bytes;
    stat.uncompressedBytes += opened.uncompressed.bytes;
    tar.destroy();
    opened.destroy();
  }

  /**
   * Feeds one entry's bytes to the binary scanner or the text collector. Returns true when
   * the content is settled before the entry ended (the rest is not needed: the caller may stop).
   */
  private async readContent(entry: TarEntry, kind: 'binary' | 'text', l: number, path: string): Promise<boolean> {
    const key = contentKey(l, path);
    if (kind === 'binary') {
      const scanner = new BinaryScanner();
      for await (const chunk of bytesOf(entry)) {
        scanner.push(chunk);
        if (scanner.done && !this.contents.has(key)) {
          this.contents.set(key, { kind: 'binary', facts: scanner.finish() });
          if (this.allKnown()) return true;
        }
      }
      if (!this.contents.has(key)) this.contents.set(key, { kind: 'binary', facts: scanner.finish() });
      return false;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of bytesOf(entry)) {
      size += chunk.length;
      if (size <= TEXT_LIMIT) chunks.push(chunk);
    }
    this.contents.set(
      key,
      size > TEXT_LIMIT
        ? { kind: 'error', error: new FactError('too-large', `${path} is ${size} bytes, over the ${TEXT_LIMIT}-byte limit`) }
        : { kind: 'text', text: Buffer.concat(chunks).toString('utf8') },
    );
    return false;
  }

  /**
   * A file whose content is needed but streamed by before anything pointed at it (a symlink or
   * hard link met later, in this or an upper layer): read that layer again up to it.
   */
  private async rereadPassed(current: number): Promise<void> {
    for (const want of passedContent(this.context(), current)) {
      this.stats[want.layer]!.reopened++;
      const key = contentKey(want.layer, want.path);
      let opened: OpenedLayer;
      try {
        opened = await this.openLayer(want.layer);
      } catch (err) {
        this.contents.set(key, { kind: 'error', error: new FactError(classify(err, {}).kind, message(err)) });
        continue;
      }
      const tar = untar(opened);
      try {
        for await (const entry of tar) {
          if (normalisePath(entry.header.name) === want.path) {
            await this.readContent(entry, want.kind, want.layer, want.path);
            break;
          }
          entry.resume();
        }
      } catch (err) {
        this.contents.set(key, { kind: 'error', error: new FactError(classify(err, {}).kind, message(err)) });
      } finally {
        this.close(want.layer, opened, tar);
      }
      if (!this.contents.has(key)) this.contents.set(key, { kind: 'error', error: new FactError('layer-corrupt', `${want.path} not found again in layer ${want.layer}`) });
    }
  }
}

type TarEntry = Extract extends AsyncIterable<infer E> ? E : never;

/** A tar reader over the layer; a decompression error ends it with that error. */
function untar(opened: OpenedLayer): Extract {
  const tar = extract();
  opened.tar.on('error', (err) => tar.destroy(err));
  opened.tar.pipe(tar);
  return tar;
}

/** streamx entries are async-iterable Buffers at run time; its typings just do not say so. */
function bytesOf(entry: TarEntry): AsyncIterable<Buffer> {
  return entry as unknown as AsyncIterable<Buffer>;
}

/** Content the facts need whose entry is already behind the reader. */
function passedContent(ctx: FactContext, current: number): Array<{ layer: number; path: string; kind: 'binary' | 'text' }> {
  const out: Array<{ layer: number; path: string; kind: 'binary' | 'text' }> = [];
  for (const t of contentTargets(ctx)) {
    const key = contentKey(t.layer, t.path);
    if (!ctx.contents.has(key) && t.layer >= current && !out.some((o) => o.layer === t.layer && o.path === t.path)) out.push(t);
  }
  return out;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
