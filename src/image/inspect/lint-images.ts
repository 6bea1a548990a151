import type { InputError } from '../../core/finding.js';
import type { PullSecret } from '../registry/index.js';
import type { ImageIndex } from '../../model/image-index.js';
import type { KubeObject, ManifestSet } from '../../model/manifest.js';
import { inspectManifestImages } from './inspect-many.js';
import { registrySetup, type RegistryFlags } from './registry-setup.js';

/**
 * `lint --images`: every image the manifests reference, read with the pull Secrets the manifests
 * carry (then the Docker config). A setup problem (unreadable CA file) is an input error; a
 * registry failure stays with its image for the B1–B5 rules.
 */
export async function lintImages(manifests: ManifestSet, flags: RegistryFlags): Promise<{ index?: ImageIndex; errors: InputError[] }> {
  const setup = registrySetup(flags, manifests.objects.filter(isPullSecret).map((o) => o.raw as PullSecret));
  if ('error' in setup) return { errors: [{ file: 'registry', message: setup.error }] };
  try {
    const { index, failures } = await inspectManifestImages(manifests, setup);
    return { index, errors: failures.map((f) => ({ file: `image ${f.reference}`, message: f.message })) };
  } finally {
    setup.client.close();
  }
}

function isPullSecret(o: KubeObject): boolean {
  const type = o.raw.type;
  return o.kind === 'Secret' && (type === 'kubernetes.io/dockerconfigjson' || type === 'kubernetes.io/dockercfg');
}
