import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { helperCredential } from './cred-helper.js';
import { credentialFromEntry, isAuthEntry, type AuthEntry, type Credential, type Credentials } from './credentials.js';

/** Docker keys Hub credentials by this URL, in `auths` and for credential helpers. */
export const DOCKER_HUB_SERVER = 'https://index.docker.io/v1/';

interface DockerConfigFile {
  auths?: Record<string, AuthEntry>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

export interface DockerConfigOptions {
  /** Directory holding config.json; default `$DOCKER_CONFIG`, else `~/.docker`. */
  configDir?: string;
  /** Environment for credential helpers (PATH); default process.env. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Credentials as the Docker CLI finds them in config.json: `credHelpers[host]`, else the
 * `credsStore` helper, else `auths` (keys compared by host: scheme and path are ignored, Hub is
 * `https://index.docker.io/v1/`). A missing or unreadable file means no credentials.
 */
export function dockerConfigCredentials(opts: DockerConfigOptions = {}): Credentials {
  const env = opts.env ?? process.env;
  const dir = opts.configDir ?? env.DOCKER_CONFIG ?? join(homedir(), '.docker');
  const file = join(dir, 'config.json');
  let loaded: Promise<DockerConfigFile> | undefined;
  return {
    async lookup(target) {
      loaded ??= readConfig(file);
      const config = await loaded;
      const server = target.domain === 'docker.io' ? DOCKER_HUB_SERVER : target.domain;
      const out: Credential[] = [];
      const helper = config.credHelpers?.[target.domain] ?? (target.domain === 'docker.io' ? config.credHelpers?.[DOCKER_HUB_SERVER] : undefined) ?? config.credsStore;
      if (helper) {
        const found = await helperCredential(helper, server, env);
        if (found) out.push(found);
      }
      for (const [key, entry] of Object.entries(config.auths ?? {})) {
        if (!isAuthEntry(entry) || hostOf(key) !== hostOf(server)) continue;
        const cred = credentialFromEntry(entry, `${file} auths["${key}"]`);
        if (cred) out.push(cred);
      }
      return out;
    },
  };
}

async function readConfig(file: string): Promise<DockerConfigFile> {
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as DockerConfigFile) : {};
  } catch {
    return {};
  }
}

/** Docker's ConvertToHostname: drop the scheme and everything after the host; Hub aliases are one host. */
function hostOf(key: string): string {
  const host = key.replace(/^https?:\/\//, '').split('/')[0]!.toLowerCase();
  return host === 'docker.io' || host === 'registry-1.docker.io' ? 'index.docker.io' : host;
}
