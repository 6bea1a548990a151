/**
 * Registry client for `kubewhy image`, `lint --images` and `diagnose`: reads images straight from
 * an OCI distribution registry (no Docker daemon).
 *
 *   const client = createRegistryClient({
 *     credentials: chainCredentials(pullSecretCredentials(secrets), dockerConfigCredentials()),
 *     caFiles: ['/etc/kubewhy/registry-ca.pem'], insecureRegistries: ['registry.local:5000'],
 *   });
 *   const img = await client.resolve('nginx:1.27', { os: 'linux', architecture: 'arm64' });
 *   // img.digest, img.index?.platforms, img.config.config?.User, img.layers (bottom → top)
 *   const top = await client.openBlob(img.reference, img.layers.at(-1)!); // Readable, verified
 *   client.stats();                       // requests and bytes fetched, per blob
 *   client.close();
 *
 * - References are normalised like `docker pull` (`nginx` → docker.io/library/nginx:latest on
 *   registry-1.docker.io); `resolve` accepts a string, a parsed ImageRef or a NormalizedImageRef.
 * - A tag costs one HEAD (Docker-Content-Digest); manifests, indexes and configs are then read from
 *   the on-disk cache by digest when present (`cacheDir`), so a digest reference makes no request.
 * - Every failure is a RegistryError: `kind`, FAULTS.md `fault` (B1–B5), the registry's `code`
 *   (MANIFEST_UNKNOWN, NAME_UNKNOWN, UNAUTHORIZED, DENIED, TOOMANYREQUESTS…) and the `endpoint`
 *   (`host/repository`); its message is one line and never carries a credential.
 * - Credentials: any `Credentials` provider; `dockerConfigCredentials` (config.json auths,
 *   credHelpers, credsStore) and `pullSecretCredentials` (dockerconfigjson / dockercfg Secrets,
 *   kubelet keyring matching) are provided; `chainCredentials` tries several in order.
 * - Layer streams must be read to the end (verification happens there) or destroyed.
 */
export { createRegistryClient } from './client.js';
export type { ImageReference, RawRequest, RawResponse, RegistryClient, RegistryClientOptions, RegistryStats, RequestRecord, ResolvedImage } from './client.js';
export { chainCredentials } from './credentials.js';
export type { Credential, CredentialTarget, Credentials } from './credentials.js';
export { dockerConfigCredentials, DOCKER_HUB_SERVER } from './docker-config.js';
export type { DockerConfigOptions } from './docker-config.js';
export { pullSecretCredentials } from './pull-secrets.js';
export type { PullSecret } from './pull-secrets.js';
export { isRegistryError, RegistryError } from './errors.js';
export type { RegistryErrorKind, RegistryErrorReason } from './errors.js';
export { defaultImageCacheDir } from './cache.js';
export { digestOf, isDigest } from './digest.js';
export { formatPlatform, parsePlatform, platformsOf, selectPlatform } from './platform.js';
export { INDEX_TYPES, MANIFEST_TYPES, MEDIA_TYPES } from './types.js';
export type { ContainerConfig, Descriptor, FetchedManifest, HistoryEntry, ImageConfig, ImageIndex, ImageManifest, Platform } from './types.js';
export { normalizeImageRef } from '../../load/image-ref.js';
export type { NormalizedImageRef } from '../../load/image-ref.js';
