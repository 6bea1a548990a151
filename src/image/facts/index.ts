/**
 * Image facts: what an image's config and layers say about how its Go service will start.
 *
 *   const facts = await collectImageFacts({ config, layers, openLayer }, { want: ['entrypoint', 'user'] });
 *
 * - `config` is the parsed image config blob; `layers` the manifest's layer descriptors (base
 *   first); `openLayer(desc)` resolves to the layer's compressed bytes as a stream (the registry
 *   client's blob stream, a file, …). gzip, zstd and plain tar are recognised by their magic.
 * - Layers are read top first, streamed, and reading stops once every asked-for fact
 *   (`IMAGE_FACT_KEYS`, default all) is known; `facts.layers` says which layers were read and
 *   how many bytes each cost. Abandoned streams are destroyed.
 * - `command` / `args` (Kubernetes container overrides) change the entrypoint looked up.
 * - Bad input never throws: see `facts.errors` (kinds in ImageFactErrorKind) and the
 *   `unknown` states in src/model/image.ts.
 */
export { collectImageFacts, type CollectOptions } from './collect.js';
export type { ImageSource, LayerDescriptor } from './source.js';
export { CERT_DIRS, CERT_FILES, ZONE_DIRS } from './system-files.js';
export { DEFAULT_PATH } from './entrypoint.js';
