import type { Evidence, Subject } from '../core/finding.js';
import type { Workspace } from './workspace.js';
import type { ContainerView } from './manifest.js';
import type { ImageFile, PathFact } from './image.js';
import { containerImages, formatPlatformName, type ArchConstraint, type ImageInspection, type InspectedPlatform } from './image-index.js';
import { containerSubject, objectSubject } from './subjects.js';
import { lastShipped } from './shipped-stages.js';
import { finalStage } from './stages.js';
import { packagesInBinary } from './go-packages.js';
import type { GoPackage } from './gosrc.js';

/**
 * What an image rule judges: a container whose image was read (lint --images, diagnose), or an
 * image on its own (`kubewhy image`, or an image no container of the manifests names).
 */
export interface ImageTarget {
  inspection: ImageInspection;
  container?: ContainerView;
  /** The architectures its pods may run on, and where that comes from. */
  arches?: { architectures: string[]; source: ArchConstraint | 'nodes' };
  /** The container's `image` field, or the image itself. */
  subject: Subject;
  /** `container "api"`, or `image` when the image is its own subject, for messages. */
  label: string;
}

export function imageTargets(ws: Workspace): ImageTarget[] {
  const index = ws.images;
  if (!index) return [];
  const out: ImageTarget[] = [];
  const used = new Set<string>();
  for (const ci of containerImages(ws.manifests.podTemplates, index)) {
    used.add(ci.inspection.reference);
    out.push({
      inspection: ci.inspection,
      container: ci.container,
      ...(ci.arches ? { arches: ci.arches } : {}),
      subject: containerSubject(ci.container, ['image']),
      label: `container "${ci.container.name}"`,
    });
  }
  for (const inspection of index.byReference.values()) {
    if (used.has(inspection.reference)) continue;
    out.push({
      inspection,
      ...(index.nodeArchitectures ? { arches: { architectures: index.nodeArchitectures, source: 'nodes' as const } } : {}),
      subject: imageSubject(inspection),
      label: 'image',
    });
  }
  return out;
}

/** An image with no manifest line to point at is its own subject. */
function imageSubject(inspection: ImageInspection): Subject {
  return { object: { apiVersion: 'oci/v1', kind: 'Image', name: inspection.reference } };
}

/** The facts the target runs with: its arches' platforms, else the default platform read. */
export function targetPlatforms(t: ImageTarget): InspectedPlatform[] {
  const { inspected } = t.inspection;
  if (!t.arches) return inspected.slice(0, 1);
  return inspected.filter((p) => t.arches!.architectures.includes(p.platform.architecture));
}

/** `registry/app:1 (linux/amd64, sha256:abcd…)` — which image and platform a fact comes from. */
export function imageName(inspection: ImageInspection, p: InspectedPlatform): string {
  const multi = inspection.multiPlatform ? ` ${formatPlatformName(p.platform)}` : '';
  return `${inspection.reference}${multi} (${p.manifestDigest.slice(0, 19)}…)`;
}

/** Where a file of the image comes from: `/app (layer 3 of 3, mode 0755, uid 0)`. */
export function fileWhere(file: ImageFile, layers: number): string {
  return `layer ${file.layer + 1} of ${layers}, mode ${file.mode.toString(8).padStart(4, '0')}, uid ${file.uid}`;
}

/** `present at /etc/ssl/certs/ca-certificates.crt` / `absent (whiteout in layer 3)`. */
export function pathState(f: PathFact): string {
  if (f.state === 'present') return `${f.path} present${f.symlinks.length > 0 ? ` (via ${f.symlinks.join(', ')})` : ''}`;
  return `${f.path} ${f.state}${f.reason ? ` (${f.reason})` : ''}`;
}

/** Evidence from the Dockerfile that builds the container's image: its last shipped `keyword` line. */
export function dockerfileEvidence(ws: Workspace, t: ImageTarget, keyword: string, say: (args: string) => string): Evidence[] {
  if (!t.container) return [];
  const out: Evidence[] = [];
  for (const df of ws.links.dockerfilesFor(t.container)) {
    const ins = lastShipped(df, keyword);
    if (ins) out.push({ span: ins.span, message: say(ins.args) });
  }
  return out;
}

/** The runtime stage's FROM line of the Dockerfile that builds the container's image. */
export function runtimeFromEvidence(ws: Workspace, t: ImageTarget): Evidence[] {
  if (!t.container) return [];
  return ws.links.dockerfilesFor(t.container).flatMap((df) => {
    const stage = finalStage(df);
    return stage ? [{ span: stage.from.imageSpan, message: `runtime stage: FROM ${stage.from.image.raw}` }] : [];
  });
}

/** The Go packages compiled into the container's binary, via its Dockerfile's go build lines; [] when unknown. */
export function linkedGoPackages(ws: Workspace, t: ImageTarget): GoPackage[] {
  if (!t.container) return [];
  return ws.links
    .dockerfilesFor(t.container)
    .flatMap((df) => ws.links.mainPackageBuildsOf(df))
    .flatMap((b) => packagesInBinary(b.pkg, ws.goPackages));
}

/** Targets whose reference the registry could not answer for, with one of `kinds` (RegistryErrorKind). */
export function registryFailures(ws: Workspace, kinds: readonly string[]): (ImageTarget & { error: NonNullable<ImageInspection['error']> })[] {
  return imageTargets(ws).flatMap((t) => (t.inspection.error && kinds.includes(t.inspection.error.kind) ? [{ ...t, error: t.inspection.error }] : []));
}

/** `registry answered 404 MANIFEST_UNKNOWN` — what the registry itself said. */
export function registryEvidence(e: NonNullable<ImageInspection['error']>): Evidence {
  const answer = e.status !== undefined ? `answered HTTP ${e.status}${e.code ? ` ${e.code}` : ''}` : e.code ? `answered ${e.code}` : `failed (${e.reason ?? e.kind})`;
  return { message: `registry ${e.endpoint} ${answer}: ${e.message}` };
}

/** A target whose pods may run on architectures its image does not offer, with the evidence of both sides. */
export interface PlatformGap {
  target: ImageTarget;
  /** `linux/arm64`, … the nodes (or the pods' pin) need and the image lacks. */
  missing: string[];
  /** `an index of linux/amd64` / `a single-platform linux/amd64 image`. */
  what: string;
  /** `the cluster has` / `its pods are pinned to`. */
  where: string;
  evidence: Evidence[];
}

export function platformGaps(ws: Workspace): PlatformGap[] {
  const out: PlatformGap[] = [];
  for (const t of imageTargets(ws)) {
    const { inspection, arches } = t;
    if (inspection.error || !arches || inspection.platforms.length === 0) continue;
    const offered = inspection.platforms.filter((p) => p.os === 'linux').map((p) => p.architecture);
    const missing = arches.architectures.filter((a) => !offered.includes(a));
    if (missing.length === 0) continue;
    const have = inspection.platforms.map(formatPlatformName).join(', ');
    const what = inspection.multiPlatform ? `an index of ${have}` : `a single-platform ${have} image`;
    const evidence: Evidence[] = [{ message: `${inspection.reference} (${inspection.digest ?? 'no digest'}) is ${what}` }];
    if (arches.source === 'nodes') evidence.push({ message: `Node architectures: ${arches.architectures.join(', ')}` });
    else if (t.container) evidence.push({ ...objectSubject(t.container.template.object, arches.source.path), message: `nodes restricted to ${arches.source.architectures.join(', ')}` });
    out.push({ target: t, missing: missing.map((a) => `linux/${a}`), what, where: arches.source === 'nodes' ? 'the cluster has' : 'its pods are pinned to', evidence });
  }
  return out;
}
