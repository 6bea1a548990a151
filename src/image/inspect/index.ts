/**
 * Image inspection: reference → registry → image facts, cached by manifest digest.
 *
 *   const setup = registrySetup({ caFile: ['ca.pem'], dockerConfig: '~/.docker' });
 *   const one = await inspectImage(setup.client, 'ghcr.io/org/api:1.4', { factsCache: setup.factsCache });
 *   const index = await inspectManifestImages(ws.manifests, setup);        // lint --images
 *   const live = await inspectClusterImages({ images, pullSecrets, nodeArchitectures }); // diagnose
 *
 * Registry failures are data (`inspection.error`, B1–B5), never exceptions.
 */
export { inspectImage, type InspectOptions } from './inspect.js';
export { inspectManifestImages, inspectMany, manifestImages, isConcreteImage, type InspectFailure } from './inspect-many.js';
export { clusterImageInputs, inspectClusterImages, type ClusterImagesInput } from './cluster-images.js';
export { registrySetup, type RegistryFlags, type RegistrySetup } from './registry-setup.js';
export { FactsCache, FACTS_FORMAT } from './facts-cache.js';
export { lintImages } from './lint-images.js';
