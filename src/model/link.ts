import { posix } from 'node:path';
import type { Dockerfile } from './dockerfile.js';
import type { GoModule } from './gomod.js';
import type { GoPackage } from './gosrc.js';
import { mainPackageBuilds, type MainPackageBuild } from './go-main-packages.js';
import type { KubeObject, ManifestSet, PodTemplate } from './manifest.js';
import type { WorkspaceLinks } from './workspace.js';

export function linkWorkspace(dockerfiles: Dockerfile[], goModules: GoModule[], manifests: ManifestSet, goPackages: GoPackage[] = []): WorkspaceLinks {
  const modByDir = new Map(goModules.map((m) => [normDir(m.dir), m]));
  const goModOf = new Map<Dockerfile, GoModule | undefined>();
  for (const df of dockerfiles) goModOf.set(df, nearestModule(normDir(df.dir), modByDir));
  const builds = new Map<Dockerfile, MainPackageBuild[]>();
  for (const df of dockerfiles) builds.set(df, mainPackageBuilds(df, goPackages, goModOf.get(df)));

  const servicesByNs = new Map<string, KubeObject[]>();
  for (const o of manifests.objects) {
    if (o.kind !== 'Service' || o.apiVersion !== 'v1') continue;
    const ns = o.namespace ?? '';
    servicesByNs.set(ns, [...(servicesByNs.get(ns) ?? []), o]);
  }

  // Built on first use: 5,000 containers × 500 Dockerfiles must not recompute every Dockerfile's names.
  let names: Map<string, Dockerfile[]> | undefined;
  const byName = (): Map<string, Dockerfile[]> => (names ??= dockerfileNameIndex(dockerfiles, (df) => goModOf.get(df), (df) => builds.get(df) ?? []));

  return {
    goModuleOf: (df) => goModOf.get(df),
    mainPackagesOf: (df) => (builds.get(df) ?? []).map((b) => b.pkg),
    mainPackageBuildsOf: (df) => builds.get(df) ?? [],
    servicesSelecting: (t: PodTemplate) =>
      (servicesByNs.get(t.object.namespace ?? '') ?? []).filter((svc) => selects(serviceSelector(svc), t.labels)),
    dockerfilesFor: (c) => dockerfilesForContainer(c, dockerfiles, byName()),
  };
}

export const DOCKERFILE_ANNOTATION = 'kubewhy.dev/dockerfile';

/** What the Dockerfile join reads of a container: a manifest's ContainerView, or a live pod's container (diagnose --repo). */
export interface LinkableContainer {
  name: string;
  spec: { image?: string | undefined };
  template: { annotations: Record<string, string>; containers: readonly unknown[]; initContainers: readonly unknown[]; object: { file: string } };
}

/**
 * The Dockerfiles that build a container's image. Heuristics, first that answers wins:
 *  (a) an annotation on the pod template: `kubewhy.dev/dockerfile.<container>: path/Dockerfile`,
 *      or `kubewhy.dev/dockerfile` when the pod has a single container; the path is relative to
 *      the lint root (or, failing that, to the manifest's directory). An annotation naming no
 *      Dockerfile of the workspace links nothing (no fallback: the user said which one).
 *  (b) the image repository's last path segment, without tag/digest
 *      (`registry.example.com/shop/orders:1.2` → `orders`), equals a name of exactly one
 *      Dockerfile: its directory's name, its build context's directory name (the module root
 *      when it builds from there), the `Dockerfile.<name>` / `<name>.Dockerfile` suffix, or the
 *      directory name of a main package it builds (`cmd/orders`). Several matches = ambiguous.
 *  (c) nothing: rules that need the join stay silent.
 */
function dockerfilesForContainer(c: LinkableContainer, dockerfiles: readonly Dockerfile[], byName: ReadonlyMap<string, readonly Dockerfile[]>): Dockerfile[] {
  const ann = c.template.annotations;
  const single = c.template.containers.length + c.template.initContainers.length === 1;
  const explicit = ann[`${DOCKERFILE_ANNOTATION}.${c.name}`] ?? (single ? ann[DOCKERFILE_ANNOTATION] : undefined);
  if (explicit !== undefined) {
    const want = [explicit, posix.join(posix.dirname(c.template.object.file), explicit)].map((p) => posix.normalize(p.trim().replace(/^\.\//, '')));
    for (const w of want) {
      const hit = dockerfiles.filter((df) => posix.normalize(df.file) === w || normDir(df.dir) === w.replace(/\/+$/, ''));
      if (hit.length === 1) return hit;
    }
    return [];
  }
  const name = imageName(c.spec.image);
  const hits = name === undefined ? [] : (byName.get(name) ?? []);
  return hits.length === 1 ? [...hits] : [];
}

/** Every name a Dockerfile answers to (see dockerfilesForContainer (b)) → the Dockerfiles that have it. */
function dockerfileNameIndex(
  dockerfiles: readonly Dockerfile[],
  goModuleOf: (df: Dockerfile) => GoModule | undefined,
  buildsOf: (df: Dockerfile) => readonly MainPackageBuild[],
): Map<string, Dockerfile[]> {
  const index = new Map<string, Dockerfile[]>();
  for (const df of dockerfiles) {
    for (const name of dockerfileNames(df, goModuleOf(df), buildsOf(df))) index.set(name, [...(index.get(name) ?? []), df]);
  }
  return index;
}

/** `registry.example.com/shop/orders:1.2@sha256:…` → `orders` (lower-case); undefined when empty. */
export function imageName(image: unknown): string | undefined {
  if (typeof image !== 'string' || image.trim() === '') return undefined;
  const repo = image.trim().split('@')[0]!.replace(/:[^/:]*$/, '');
  const last = repo.slice(repo.lastIndexOf('/') + 1).toLowerCase();
  return last === '' ? undefined : last;
}

function dockerfileNames(df: Dockerfile, mod: GoModule | undefined, builds: readonly MainPackageBuild[]): Set<string> {
  const names = new Set<string>();
  const add = (dir: string | undefined): void => {
    const d = dir === undefined ? '.' : normDir(dir);
    if (d !== '.' && d !== '/') names.add(posix.basename(d).toLowerCase());
  };
  add(df.dir);
  if (mod) add(mod.dir);
  const base = posix.basename(df.file);
  const suffix = /^Dockerfile\.(.+)$/i.exec(base)?.[1] ?? /^(.+)\.Dockerfile$/i.exec(base)?.[1];
  if (suffix) names.add(suffix.toLowerCase());
  for (const b of builds) add(b.pkg.dir);
  return names;
}

/** The go.mod nearest above a directory (the module a package belongs to). */
export function moduleForDir(dir: string, goModules: readonly GoModule[]): GoModule | undefined {
  return nearestModule(normDir(dir), new Map(goModules.map((m) => [normDir(m.dir), m])));
}

function normDir(dir: string): string {
  return dir === '' ? '.' : posix.normalize(dir);
}

/** A Dockerfile in a service dir builds the module of that dir or of a parent (mono-repo root go.mod). */
function nearestModule(dir: string, modByDir: Map<string, GoModule>): GoModule | undefined {
  for (let d = dir; ; d = posix.dirname(d)) {
    const m = modByDir.get(d);
    if (m) return m;
    if (d === '.' || d === '/' || d === posix.dirname(d)) return undefined;
  }
}

export function serviceSelector(svc: KubeObject): Record<string, string> | undefined {
  const spec = svc.raw.spec;
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) return undefined;
  const sel = spec.selector;
  if (!sel || typeof sel !== 'object' || Array.isArray(sel)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(sel)) out[k] = String(v);
  return out;
}

/** An empty or missing selector selects nothing (a Service without selector is manually wired). */
export function selects(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}
