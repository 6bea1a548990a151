import type { Readable } from 'node:stream';

/**
 * The input of the image facts, independent of where the image comes from (a registry, an
 * OCI layout, a test): the config JSON, the layer descriptors in manifest order (base first),
 * and a way to open one layer's *compressed* bytes as a stream. Each layer is opened at most
 * once per collection, except when a symlink points back at a file that already streamed by.
 */
export interface ImageSource {
  /** The image config blob, parsed (OCI `application/vnd.oci.image.config.v1+json` or Docker's). */
  config: unknown;
  layers: LayerDescriptor[];
  openLayer(layer: LayerDescriptor): Promise<Readable>;
}

export interface LayerDescriptor {
  mediaType: string;
  digest: string;
  size: number;
}

/** A layer media type this reader takes (OCI and Docker tar layers, any compression). */
export function isLayerMediaType(mediaType: string): boolean {
  return /^application\/vnd\.(oci\.image\.layer(\.nondistributable)?\.v1\.tar|docker\.image\.rootfs(\.foreign)?\.diff\.tar)(\+gzip|\+zstd|\.gzip)?$/.test(mediaType);
}
