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

  return {
    goModuleOf: (df) => goModOf.get(df),
    mainPackagesOf: (df) => (builds.get(df) ?? []).map((b) => b.pkg),
    mainPackageBuildsOf: (df) => builds.get(df) ?? [],
    servicesSelecting: (t: PodTemplate) =>
      (servicesByNs.get(t.object.namespace ?? '') ?? []).filter((svc) => selects(serviceSelector(svc), t.labels)),
  };
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
