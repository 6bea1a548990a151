/**
 * Where registry credentials come from. A provider answers for one image; several answers are
 * tried in order until one is accepted (the kubelet does the same with matching pull secrets).
 */
export interface Credential {
  username?: string;
  password?: string;
  /** OAuth2 refresh token (`identitytoken`), exchanged at the token service. */
  identityToken?: string;
  /** A bearer token to send to the registry as is (`registrytoken`). */
  registryToken?: string;
  /** Where it came from, for messages: `~/.docker/config.json auths["ghcr.io"]`, `Secret shop/regcred`. Never the secret. */
  source: string;
}

export interface CredentialTarget {
  /** Registry domain as written, `docker.io` for Docker Hub. */
  domain: string;
  /** `library/nginx`. */
  repository: string;
}

export interface Credentials {
  lookup(target: CredentialTarget): Promise<Credential[]>;
}

/** Asks each provider in turn and keeps every answer, first provider's first. */
export function chainCredentials(...providers: Credentials[]): Credentials {
  return {
    async lookup(target) {
      const all: Credential[] = [];
      for (const p of providers) all.push(...(await p.lookup(target)));
      return all;
    },
  };
}

/** A docker config `auths` entry (also the value of a dockercfg / dockerconfigjson key). */
export interface AuthEntry {
  auth?: string;
  username?: string;
  password?: string;
  identitytoken?: string;
  registrytoken?: string;
  email?: string;
}

/** `auth` (base64 user:password) wins over username/password, as in Docker and the kubelet. */
export function credentialFromEntry(entry: AuthEntry, source: string): Credential | undefined {
  const out: Credential = { source };
  if (entry.username) out.username = entry.username;
  if (entry.password) out.password = entry.password;
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      out.username = decoded.slice(0, colon);
      out.password = decoded.slice(colon + 1);
    }
  }
  if (entry.identitytoken) out.identityToken = entry.identitytoken;
  if (entry.registrytoken) out.registryToken = entry.registrytoken;
  return out.password || out.identityToken || out.registryToken ? out : undefined;
}

export function isAuthEntry(value: unknown): value is AuthEntry {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
