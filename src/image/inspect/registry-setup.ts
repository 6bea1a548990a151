import { accessSync, constants } from 'node:fs';
import {
  chainCredentials,
  createRegistryClient,
  defaultImageCacheDir,
  dockerConfigCredentials,
  pullSecretCredentials,
  type PullSecret,
  type RegistryClient,
} from '../registry/index.js';
import { FactsCache } from './facts-cache.js';

/** The registry flags `kubewhy image` and `lint --images` share. */
export interface RegistryFlags {
  /** `host[:port]` (HTTPS without verification, HTTP fallback) or `http://host[:port]`. */
  insecureRegistry?: string[];
  /** PEM files of extra trusted CAs. */
  caFile?: string[];
  /** Directory holding config.json (default $DOCKER_CONFIG, else ~/.docker). */
  dockerConfig?: string;
  /** Manifest/config/facts cache; default `${KUBEWHY_CACHE:-~/.cache/kubewhy}/images`. */
  cacheDir?: string;
}

export interface RegistrySetup {
  client: RegistryClient;
  factsCache: FactsCache;
}

/**
 * A registry client with credentials from the pull Secrets first (as the kubelet would use them),
 * then the Docker config; plus the facts cache beside the client's manifest cache. An unreadable
 * CA file is a one-line error naming the file.
 */
export function registrySetup(flags: RegistryFlags, pullSecrets: readonly PullSecret[] = []): RegistrySetup | { error: string } {
  for (const f of flags.caFile ?? []) {
    try {
      accessSync(f, constants.R_OK);
    } catch {
      return { error: `${f}: cannot read the CA file` };
    }
  }
  const dockerConfig = dockerConfigCredentials(flags.dockerConfig ? { configDir: flags.dockerConfig } : {});
  const credentials = pullSecrets.length > 0 ? chainCredentials(pullSecretCredentials(pullSecrets), dockerConfig) : dockerConfig;
  const cacheDir = flags.cacheDir ?? defaultImageCacheDir();
  const client = createRegistryClient({ credentials, caFiles: flags.caFile ?? [], insecureRegistries: flags.insecureRegistry ?? [], cacheDir });
  return { client, factsCache: new FactsCache(cacheDir) };
}
