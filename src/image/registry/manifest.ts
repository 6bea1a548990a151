import { RegistryError } from './errors.js';
import { INDEX_TYPES, MANIFEST_TYPES, type FetchedManifest, type ImageIndex, type ImageManifest } from './types.js';

/**
 * Reads a manifest or index document. The JSON `mediaType` wins over Content-Type (registries
 * send generic types for OCI documents); with neither, the shape decides. Schema 1 is refused.
 */
export function parseManifest(bytes: Buffer, digest: string, contentType: string | string[] | undefined, target: { endpoint: string }): FetchedManifest {
  let doc: { mediaType?: unknown; schemaVersion?: unknown; manifests?: unknown; layers?: unknown; config?: unknown };
  try {
    doc = JSON.parse(bytes.toString('utf8')) as typeof doc;
  } catch {
    throw new RegistryError({ kind: 'bad-response', endpoint: target.endpoint, detail: `manifest ${digest} is not JSON` });
  }
  const header = typeof contentType === 'string' ? contentType.split(';')[0]!.trim() : undefined;
  const mediaType = typeof doc.mediaType === 'string' ? doc.mediaType : (header ?? '');
  if (doc.schemaVersion === 1) throw new RegistryError({ kind: 'bad-response', endpoint: target.endpoint, detail: `manifest ${digest} is Docker schema 1, which is not supported (re-push the image)` });
  if (INDEX_TYPES.has(mediaType) || (!MANIFEST_TYPES.has(mediaType) && Array.isArray(doc.manifests))) {
    if (!Array.isArray(doc.manifests)) throw new RegistryError({ kind: 'bad-response', endpoint: target.endpoint, detail: `index ${digest} has no manifests` });
    return { kind: 'index', digest, mediaType, index: doc as ImageIndex, bytes };
  }
  if (!Array.isArray(doc.layers) || typeof doc.config !== 'object' || doc.config === null) {
    throw new RegistryError({ kind: 'bad-response', endpoint: target.endpoint, detail: `manifest ${digest} (${mediaType || 'no media type'}) has no config and layers` });
  }
  return { kind: 'manifest', digest, mediaType, manifest: doc as ImageManifest, bytes };
}
