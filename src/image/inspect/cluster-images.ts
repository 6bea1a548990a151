import type { PullSecret } from '../registry/index.js';
import type { ClusterObject } from '../../model/cluster.js';
import type { ImageIndex } from '../../model/image-index.js';
import { inspectMany, isConcreteImage, type InspectFailure } from './inspect-many.js';
import { registrySetup, type RegistryFlags } from './registry-setup.js';

export interface ClusterImagesInput {
  /** `image` of every pod container (duplicates are fine: each reference is read once). */
  images: readonly string[];
  /** The pods' imagePullSecrets (then their service accounts'), as Secret objects read from the cluster. */
  pullSecrets: readonly PullSecret[];
  /** `status.nodeInfo.architecture` (or the `kubernetes.io/arch` label) of every Node. */
  nodeArchitectures: readonly string[];
  registry?: RegistryFlags;
  concurrency?: number;
}

/**
 * The image index for diagnose: every pod image read from its registry with the cluster's pull
 * credentials, each index read for every architecture the Nodes have. Set it as `ws.images` and
 * the image rules judge the pods against it. Registry failures are per image (`error`), never thrown;
 * an image that failed otherwise is in `failures` (report it as an input error).
 */
export async function inspectClusterImages(input: ClusterImagesInput): Promise<{ index: ImageIndex; failures: InspectFailure[] } | { error: string }> {
  const setup = registrySetup(input.registry ?? {}, input.pullSecrets);
  if ('error' in setup) return setup;
  const arches = [...new Set(input.nodeArchitectures)].sort();
  const images = new Map<string, string[] | undefined>();
  for (const image of input.images) if (isConcreteImage(image)) images.set(image, arches.length > 0 ? arches : undefined);
  try {
    const { byReference, failures } = await inspectMany(images, { client: setup.client, factsCache: setup.factsCache, concurrency: input.concurrency ?? 4 });
    return { index: { byReference, ...(arches.length > 0 ? { nodeArchitectures: arches } : {}) }, failures };
  } finally {
    setup.client.close();
  }
}

/**
 * What `inspectClusterImages` needs, read from the cluster objects diagnose has: every Pod's
 * container and init container images, the pull Secrets its imagePullSecrets name (those that
 * were readable), and the Nodes' architectures (`status.nodeInfo.architecture`, else the label).
 */
export function clusterImageInputs(objects: readonly ClusterObject[]): Pick<ClusterImagesInput, 'images' | 'pullSecrets' | 'nodeArchitectures'> {
  const secrets = new Map<string, PullSecret>();
  for (const o of objects) if (o.kind === 'Secret') secrets.set(`${o.namespace ?? ''}/${o.name}`, o.raw as PullSecret);
  const images: string[] = [];
  const pullSecrets: PullSecret[] = [];
  const nodeArchitectures: string[] = [];
  for (const o of objects) {
    if (o.kind === 'Node') {
      const arch = field(o.raw, ['status', 'nodeInfo', 'architecture']) ?? field(o.raw, ['metadata', 'labels', 'kubernetes.io/arch']);
      if (typeof arch === 'string') nodeArchitectures.push(arch);
    }
    if (o.kind !== 'Pod') continue;
    for (const key of ['initContainers', 'containers']) {
      const list = field(o.raw, ['spec', key]);
      if (Array.isArray(list)) for (const c of list) if (typeof field(c, ['image']) === 'string') images.push(field(c, ['image']) as string);
    }
    const refs = field(o.raw, ['spec', 'imagePullSecrets']);
    if (Array.isArray(refs)) {
      for (const r of refs) {
        const secret = secrets.get(`${o.namespace ?? ''}/${String(field(r, ['name']))}`);
        if (secret && !pullSecrets.includes(secret)) pullSecrets.push(secret);
      }
    }
  }
  return { images, pullSecrets, nodeArchitectures };
}

function field(value: unknown, path: readonly string[]): unknown {
  let cur = value;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}
