import { credentialFromEntry, isAuthEntry, type Credential, type Credentials } from './credentials.js';
import { Keyring } from './keyring.js';

/** The parts of a Kubernetes Secret object this reads (as the API or a manifest file gives it). */
export interface PullSecret {
  metadata?: { name?: string; namespace?: string };
  type?: string;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

const DOCKERCONFIGJSON = 'kubernetes.io/dockerconfigjson';
const DOCKERCFG = 'kubernetes.io/dockercfg';

/**
 * Credentials from `kubernetes.io/dockerconfigjson` / `kubernetes.io/dockercfg` Secrets, matched
 * to images with the kubelet's keyring rules. Pass the pod's imagePullSecrets (then the namespace's
 * default service account's) in order; other Secret types and unreadable data are ignored.
 */
export function pullSecretCredentials(secrets: readonly PullSecret[]): Credentials {
  const keyring = new Keyring<Credential>();
  for (const secret of secrets) {
    const name = `Secret ${secret.metadata?.namespace ? `${secret.metadata.namespace}/` : ''}${secret.metadata?.name ?? '(unnamed)'}`;
    for (const [location, entry] of Object.entries(entriesOf(secret))) {
      if (!isAuthEntry(entry)) continue;
      const cred = credentialFromEntry(entry, `${name} ["${location}"]`);
      if (cred) keyring.add(location, cred);
    }
  }
  return {
    lookup: async (target) => keyring.lookup(`${target.domain}/${target.repository}`),
  };
}

function entriesOf(secret: PullSecret): Record<string, unknown> {
  const key = secret.type === DOCKERCONFIGJSON ? '.dockerconfigjson' : secret.type === DOCKERCFG ? '.dockercfg' : undefined;
  if (!key) return {};
  const text = secret.stringData?.[key] ?? (secret.data?.[key] !== undefined ? Buffer.from(secret.data[key], 'base64').toString('utf8') : undefined);
  if (text === undefined) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null) return {};
    const record = parsed as Record<string, unknown>;
    // dockerconfigjson wraps the entries in `auths`; the legacy dockercfg is the bare map.
    const auths = key === '.dockerconfigjson' ? record.auths : record;
    return typeof auths === 'object' && auths !== null ? (auths as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
