import type { ImageFacts } from './image.js';
import type { ContainerView, JsonPath } from './manifest.js';

/**
 * Images read from their registries (`kubewhy image`, `lint --images`, `diagnose`): what each
 * reference resolved to and the facts of the platforms that matter. Built by src/image/inspect;
 * rules read it through `ws.images`.
 */

export interface PlatformName {
  os: string;
  architecture: string;
  variant?: string;
}

/** A registry failure, classified (src/image/registry/errors.ts), as plain data for rules and reports. */
export interface ImageInspectError {
  /** RegistryErrorKind: not-found, unauthorized, denied, tls, protocol-mismatch, network, rate-limit, server, … */
  kind: string;
  /** FAULTS.md id, B1–B5. */
  fault: string;
  /** The registry's own error code (MANIFEST_UNKNOWN, UNAUTHORIZED, …). */
  code?: string;
  reason?: string;
  status?: number;
  /** `host/repository`. */
  endpoint: string;
  /** One line, never a credential. */
  message: string;
}

/** One platform manifest of an image, with the facts read from its config and layers. */
export interface InspectedPlatform {
  platform: PlatformName;
  manifestDigest: string;
  facts: ImageFacts;
  /** The facts came from the on-disk facts cache (no layer was read). */
  cached: boolean;
}

export interface ImageInspection {
  /** The reference as written (manifest `image:`, command line). */
  reference: string;
  /** docker.io/library/nginx:latest — the normalised spelling. */
  canonical: string;
  /** What the reference points at now: the index digest for a multi-platform image, else the manifest's. */
  digest?: string;
  /** For a reference with both a tag and a digest: the digest the tag points at in the registry now. */
  tagDigest?: string;
  /** The reference names an index (multi-platform). */
  multiPlatform: boolean;
  /** Platforms the index offers (attestations left out), or the single image's platform. */
  platforms: PlatformName[];
  /** The platforms read, in the order asked. */
  inspected: InspectedPlatform[];
  /** Set when the registry could not answer for the reference itself (nothing else is known then). */
  error?: ImageInspectError;
}

export interface ImageIndex {
  /** By the reference as written. */
  byReference: Map<string, ImageInspection>;
  /** Architectures of the cluster's Nodes (diagnose); undefined when no cluster was read. */
  nodeArchitectures?: string[];
}

export function formatPlatformName(p: PlatformName): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

const ARCH_LABELS = ['kubernetes.io/arch', 'beta.kubernetes.io/arch'];

/** Where a pod template pins its nodes' architecture, and to which values. */
export interface ArchConstraint {
  architectures: string[];
  path: JsonPath;
}

/**
 * The architectures the scheduler may place the container's pod on, from nodeSelector
 * `kubernetes.io/arch` or required node affinity (terms are ORed: every term must constrain the
 * arch with `In`, else any arch is possible). Undefined when the template does not constrain it.
 */
export function archConstraint(c: ContainerView): ArchConstraint | undefined {
  const t = c.template;
  const selector = t.spec.nodeSelector;
  if (selector && typeof selector === 'object') {
    for (const label of ARCH_LABELS) {
      const v = (selector as Record<string, unknown>)[label];
      if (typeof v === 'string') return { architectures: [v], path: [...t.specPath, 'nodeSelector', label] };
    }
  }
  const termsPath = [...t.specPath, 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms'];
  const terms = pick(t.spec, termsPath.slice(t.specPath.length));
  if (!Array.isArray(terms) || terms.length === 0) return undefined;
  const arches = new Set<string>();
  for (const term of terms) {
    const exprs = pick(term, ['matchExpressions']);
    const archExpr = Array.isArray(exprs)
      ? exprs.find((e) => ARCH_LABELS.includes(String(pick(e, ['key']))) && pick(e, ['operator']) === 'In')
      : undefined;
    const values = pick(archExpr, ['values']);
    if (!Array.isArray(values)) return undefined;
    for (const v of values) if (typeof v === 'string') arches.add(v);
  }
  return arches.size > 0 ? { architectures: [...arches], path: termsPath } : undefined;
}

function pick(value: unknown, path: JsonPath): unknown {
  let cur = value;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

/** A container whose image was inspected, with what the rules need to judge it. */
export interface ContainerImage {
  container: ContainerView;
  inspection: ImageInspection;
  /** From the pod template, else the cluster's Nodes; undefined when unknown. */
  arches?: { architectures: string[]; source: ArchConstraint | 'nodes' };
}

/** Every container (init containers first) whose `image` the index holds. */
export function containerImages(templates: readonly { containers: ContainerView[]; initContainers: ContainerView[] }[], index: ImageIndex): ContainerImage[] {
  const out: ContainerImage[] = [];
  for (const t of templates) {
    for (const c of [...t.initContainers, ...t.containers]) {
      const image = c.spec.image;
      if (typeof image !== 'string') continue;
      const inspection = index.byReference.get(image);
      if (!inspection) continue;
      const constraint = archConstraint(c);
      const arches = constraint
        ? { architectures: constraint.architectures, source: constraint }
        : index.nodeArchitectures && index.nodeArchitectures.length > 0
          ? { architectures: index.nodeArchitectures, source: 'nodes' as const }
          : undefined;
      out.push({ container: c, inspection, ...(arches ? { arches } : {}) });
    }
  }
  return out;
}

/** The container overrides the image's ENTRYPOINT/CMD, so the image's own entrypoint facts do not apply. */
export function overridesEntrypoint(c: ContainerView): boolean {
  return Array.isArray(c.spec.command) || Array.isArray(c.spec.args);
}
