import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import type { ImageReference, RegistryClient } from '../../src/image/registry/index.js';
import { digestOf, MEDIA_TYPES } from '../../src/image/registry/index.js';
import type { Descriptor, ImageConfig, Platform } from '../../src/image/registry/types.js';

/**
 * Test-side image building and pushing through the distribution API (no Docker engine):
 * layers packed with tar-stream and compressed with zlib or the `zstd` CLI, blobs uploaded with
 * POST + PUT (or POST + PATCH + PUT), manifests and indexes PUT with OCI or Docker media types.
 */
export type Compression = 'gzip' | 'zstd' | 'none';
export type Flavour = 'oci' | 'docker';

export interface LayerFile {
  path: string;
  content?: string | Buffer;
  mode?: number;
  type?: 'file' | 'directory' | 'symlink';
  linkname?: string;
}

export interface Layer {
  bytes: Buffer;
  /** sha256 of the uncompressed tar (the config's rootfs.diff_ids entry). */
  diffId: string;
  mediaType: string;
}

export async function tarOf(files: readonly LayerFile[]): Promise<Buffer> {
  const p = pack();
  // Read while writing: pack applies backpressure, so an entry larger than its buffer waits for a reader.
  const chunks: Buffer[] = [];
  const collected = (async () => {
    for await (const c of p) chunks.push(Buffer.from(c as Uint8Array));
  })();
  for (const f of files) {
    const type = f.type ?? 'file';
    const header = { name: f.path, mode: f.mode ?? (type === 'directory' ? 0o755 : 0o644), type, mtime: new Date(0), ...(f.linkname ? { linkname: f.linkname } : {}) };
    await new Promise<void>((resolve, reject) => p.entry(header, type === 'file' ? (f.content ?? '') : '', (err) => (err ? reject(err) : resolve())));
  }
  p.finalize();
  await collected;
  return Buffer.concat(chunks);
}

/** The zstd CLI from PATH, else the one scripts/registry/install.sh unpacked; undefined when neither. */
export function zstdPath(binDir?: string): string | undefined {
  try {
    execFileSync('zstd', ['--version'], { stdio: 'ignore' });
    return 'zstd';
  } catch {
    return binDir && existsSync(join(binDir, 'zstd')) ? join(binDir, 'zstd') : undefined;
  }
}

export async function buildLayer(files: readonly LayerFile[], compression: Compression = 'gzip', opts: { flavour?: Flavour; zstd?: string } = {}): Promise<Layer> {
  const tar = await tarOf(files);
  const diffId = digestOf(tar);
  const docker = opts.flavour === 'docker';
  if (compression === 'none') return { bytes: tar, diffId, mediaType: docker ? 'application/vnd.docker.image.rootfs.diff.tar' : 'application/vnd.oci.image.layer.v1.tar' };
  if (compression === 'gzip') return { bytes: gzipSync(tar), diffId, mediaType: docker ? 'application/vnd.docker.image.rootfs.diff.tar.gzip' : 'application/vnd.oci.image.layer.v1.tar+gzip' };
  const zstd = opts.zstd ?? zstdPath();
  if (!zstd) throw new Error('no zstd CLI: run scripts/registry/install.sh');
  return { bytes: execFileSync(zstd, ['-q', '-c', '-3'], { input: tar, maxBuffer: 1 << 30 }), diffId, mediaType: 'application/vnd.oci.image.layer.v1.tar+zstd' };
}

const PUSH = ['pull', 'push'] as ('pull' | 'push')[];

function withDigest(location: string, digest: string): string {
  return `${location}${location.includes('?') ? '&' : '?'}digest=${encodeURIComponent(digest)}`;
}

function locationOf(headers: Record<string, string | string[] | undefined>): string {
  const loc = headers.location;
  if (typeof loc !== 'string') throw new Error('upload answered without a Location header');
  return loc;
}

/** Uploads one blob; `chunked` sends it in two PATCH requests before the closing PUT. */
export async function pushBlob(client: RegistryClient, ref: ImageReference, bytes: Buffer, mediaType: string, opts: { chunked?: boolean } = {}): Promise<Descriptor> {
  const digest = digestOf(bytes);
  const started = await client.request(ref, { method: 'POST', path: 'blobs/uploads/', actions: PUSH, body: Buffer.alloc(0), headers: { 'content-length': '0' } });
  let location = locationOf(started.headers);
  if (opts.chunked) {
    const half = Math.ceil(bytes.length / 2);
    for (const [from, to] of [[0, half], [half, bytes.length]] as const) {
      if (from >= to) continue;
      const part = bytes.subarray(from, to);
      const patched = await client.request(ref, { method: 'PATCH', path: location, actions: PUSH, body: part, headers: { 'content-type': 'application/octet-stream', 'content-range': `${from}-${to - 1}`, 'content-length': String(part.length) } });
      location = locationOf(patched.headers);
    }
    await client.request(ref, { method: 'PUT', path: withDigest(location, digest), actions: PUSH, body: Buffer.alloc(0), headers: { 'content-length': '0' } });
  } else {
    await client.request(ref, { method: 'PUT', path: withDigest(location, digest), actions: PUSH, body: bytes, headers: { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) } });
  }
  return { mediaType, digest, size: bytes.length };
}

/** PUTs a manifest or index under `reference` (a tag or its digest); returns its descriptor. */
export async function pushManifest(client: RegistryClient, ref: ImageReference, reference: string, doc: object, mediaType: string): Promise<Descriptor> {
  const bytes = Buffer.from(JSON.stringify(doc));
  await client.request(ref, { method: 'PUT', path: `manifests/${reference}`, actions: PUSH, body: bytes, headers: { 'content-type': mediaType, 'content-length': String(bytes.length) } });
  return { mediaType, digest: digestOf(bytes), size: bytes.length };
}

export interface ImageSpec {
  layers: readonly Layer[];
  platform?: Platform;
  config?: ImageConfig['config'];
  flavour?: Flavour;
  /** Tag to push the manifest under; default: by digest only. */
  tag?: string;
  chunked?: boolean;
}

export interface PushedImage {
  manifest: Descriptor;
  config: Descriptor;
  layers: Descriptor[];
}

/** Pushes layers, config and manifest of one single-platform image. */
export async function pushImage(client: RegistryClient, ref: ImageReference, spec: ImageSpec): Promise<PushedImage> {
  const docker = spec.flavour === 'docker';
  const platform = spec.platform ?? { os: 'linux', architecture: 'amd64' };
  const layers: Descriptor[] = [];
  for (const layer of spec.layers) layers.push(await pushBlob(client, ref, layer.bytes, layer.mediaType, { chunked: spec.chunked ?? false }));
  const config: ImageConfig = { ...platform, config: spec.config ?? {}, rootfs: { type: 'layers', diff_ids: spec.layers.map((l) => l.diffId) }, history: spec.layers.map(() => ({ created_by: 'kubewhy test' })) };
  const configDesc = await pushBlob(client, ref, Buffer.from(JSON.stringify(config)), docker ? MEDIA_TYPES.dockerConfig : MEDIA_TYPES.ociConfig);
  const mediaType = docker ? MEDIA_TYPES.dockerManifest : MEDIA_TYPES.ociManifest;
  const doc = { schemaVersion: 2, mediaType, config: configDesc, layers };
  const bytes = Buffer.from(JSON.stringify(doc));
  const manifest = await pushManifest(client, ref, spec.tag ?? digestOf(bytes), doc, mediaType);
  return { manifest, config: configDesc, layers };
}

/** Pushes an index (OCI) or manifest list (Docker) over already pushed platform manifests. */
export async function pushIndex(client: RegistryClient, ref: ImageReference, tag: string, entries: readonly { manifest: Descriptor; platform: Platform }[], flavour: Flavour = 'oci'): Promise<Descriptor> {
  const mediaType = flavour === 'docker' ? MEDIA_TYPES.dockerList : MEDIA_TYPES.ociIndex;
  const manifests = entries.map((e) => ({ ...e.manifest, platform: e.platform }));
  return pushManifest(client, ref, tag, { schemaVersion: 2, mediaType, manifests }, mediaType);
}
