import type { RegistryClient } from '../registry/index.js';
import { archConstraint, type ImageIndex, type ImageInspection, type PlatformName } from '../../model/image-index.js';
import type { ManifestSet } from '../../model/manifest.js';
import type { FactsCache } from './facts-cache.js';
import { inspectImage } from './inspect.js';

/** References the registry can be asked about: unrendered templates and env substitutions are not images yet. */
export function isConcreteImage(image: unknown): image is string {
  return typeof image === 'string' && image.trim() !== '' && !/\{\{|\$\(|\$\{/.test(image);
}

/**
 * Each image referenced by the manifests, with the architectures its pods may run on: the union of
 * the pod templates' constraints; `undefined` when some pod is unconstrained (then the default
 * platform is read too).
 */
export function manifestImages(manifests: ManifestSet): Map<string, string[] | undefined> {
  const out = new Map<string, string[] | undefined>();
  const unconstrained = new Set<string>();
  for (const t of manifests.podTemplates) {
    for (const c of [...t.initContainers, ...t.containers]) {
      const image = c.spec.image;
      if (!isConcreteImage(image)) continue;
      const arches = archConstraint(c)?.architectures;
      if (!arches) unconstrained.add(image);
      out.set(image, [...new Set([...(out.get(image) ?? []), ...(arches ?? [])])]);
    }
  }
  for (const image of unconstrained) {
    const arches = out.get(image) ?? [];
    out.set(image, arches.length > 0 ? [...arches, 'amd64'] : undefined);
  }
  return out;
}

export interface InspectManyOptions {
  client: RegistryClient;
  factsCache?: FactsCache;
  /** Images inspected at once (each holds at most one layer stream at a time); default 4. */
  concurrency?: number;
}

/** An image that could not be inspected for a reason other than the registry's answer (a bug, a disk error). */
export interface InspectFailure {
  reference: string;
  message: string;
}

/**
 * Inspects every reference once (deduplicated by the caller's map keys), at most `concurrency` at
 * a time; the architectures listed are read from indexes (linux/<arch>), else the default platform.
 * One image failing never costs the others: it comes back in `failures`.
 */
export async function inspectMany(images: Map<string, readonly string[] | undefined>, opts: InspectManyOptions): Promise<{ byReference: Map<string, ImageInspection>; failures: InspectFailure[] }> {
  const entries = [...images];
  const done = new Map<string, ImageInspection>();
  const failures: InspectFailure[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < entries.length) {
      const [reference, arches] = entries[next++]!;
      const platforms: PlatformName[] | undefined = arches?.map((architecture) => ({ os: 'linux', architecture }));
      try {
        done.set(reference, await inspectImage(opts.client, reference, { ...(platforms ? { platforms } : {}), ...(opts.factsCache ? { factsCache: opts.factsCache } : {}) }));
      } catch (err) {
        failures.push({ reference, message: err instanceof Error ? err.message.split('\n')[0]! : String(err) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 4, entries.length) }, worker));
  // Completion order varies; keep the caller's order so output never depends on timing.
  const byReference = new Map<string, ImageInspection>();
  for (const [reference] of entries) {
    const i = done.get(reference);
    if (i) byReference.set(reference, i);
  }
  failures.sort((a, b) => (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0));
  return { byReference, failures };
}

/** The image index of a set of manifests (lint --images), and the images that could not be read. */
export async function inspectManifestImages(manifests: ManifestSet, opts: InspectManyOptions): Promise<{ index: ImageIndex; failures: InspectFailure[] }> {
  const { byReference, failures } = await inspectMany(manifestImages(manifests), opts);
  return { index: { byReference }, failures };
}
