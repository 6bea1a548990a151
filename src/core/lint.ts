import { dirname, join, posix } from 'node:path';
import type { Config } from './config.js';
import type { Finding, InputError, ObjectRef } from './finding.js';
import type { Rule } from './rule.js';
import type { RunResult } from './result.js';
import type { Baseline } from './baseline.js';
import type { Dockerfile } from '../model/dockerfile.js';
import type { GoModule } from '../model/gomod.js';
import type { KubeObject } from '../model/manifest.js';
import type { Workspace } from '../model/workspace.js';
import { discover, type DiscoveredFile } from '../load/discover.js';
import { readInput } from '../load/read-input.js';
import { loadDockerfile } from '../load/dockerfile.js';
import { loadGoMod } from '../load/gomod.js';
import { loadGoPackages, type GoSource } from '../load/gosrc/load.js';
import { loadManifests } from '../load/manifests.js';
import { renderKustomization } from '../load/kustomize.js';
import { kustomizationFile, referencedKustomizations, relocateToSources } from '../load/kustomize-sources.js';
import { podTemplatesOf } from '../model/pod-templates.js';
import { linkWorkspace } from '../model/link.js';
import type { RegistryFlags } from '../image/inspect/registry-setup.js';
import { enabledRules, runRules } from './engine.js';
import { applySuppressions } from './suppress.js';
import { summarize } from './summary.js';
import { VERSION } from './version.js';

export interface LintOptions {
  paths: string[];
  root: string;
  config: Config;
  rules: readonly Rule[];
  baseline?: Baseline;
  /** `--images`: read every referenced image from its registry and run the image rules. */
  images?: RegistryFlags;
}

/** lint = load → workspace → rules → findings; the reporters take it from here. */
export async function lint(opts: LintOptions): Promise<RunResult> {
  const { files, errors: discoverErrors } = await discover(opts.paths, opts.root, opts.config.ignore);
  const ws = await buildWorkspace(opts.root, files, opts.config);
  ws.inputErrors.unshift(...discoverErrors);
  if (opts.images) {
    // Loaded only when asked for: plain lint never pays for the registry client.
    const { lintImages } = await import('../image/inspect/lint-images.js');
    const read = await lintImages(ws.manifests, opts.images);
    if (read.index) ws.images = read.index;
    ws.inputErrors.push(...read.errors);
  }
  const rules = enabledRules(opts.rules, opts.config);
  const { findings, errors } = runRules(ws, rules, opts.config);
  ws.inputErrors.push(...errors);
  addOrigins(findings, ws.manifests.objects);
  applySuppressions(findings, { ws, config: opts.config, baseline: opts.baseline });
  return {
    command: 'lint',
    tool: { name: 'kubewhy', version: VERSION },
    root: opts.root,
    findings,
    inputErrors: ws.inputErrors,
    rules: rules.map((r) => r.meta),
    summary: summarize(findings, ws.inputErrors, files.length, ws.manifests.objects.length),
  };
}

export async function buildWorkspace(root: string, discovered: DiscoveredFile[], config: Config): Promise<Workspace> {
  const bases = referencedKustomizations(discovered.filter((f) => f.kind === 'kustomization').map((f) => f.abs));
  const files = discovered.filter((f) => f.kind !== 'kustomization' || !bases.has(f.abs));
  const inputErrors: InputError[] = [];
  const dockerfiles: Dockerfile[] = [];
  const goModules: GoModule[] = [];
  const objects: KubeObject[] = [];
  const goSources: GoSource[] = [];
  const limit = config.limits.maxFileBytes;

  const load = async (f: DiscoveredFile): Promise<void> => {
    if (f.kind === 'kustomization') {
      const kustomization = kustomizationFile(f.abs, f.rel);
      const rendered = await renderKustomization(f.abs);
      if ('error' in rendered) {
        inputErrors.push({ file: kustomization, message: rendered.error });
        return;
      }
      const r = loadManifests(kustomization, rendered.text, config.limits);
      const relocated = await relocateToSources(r.objects, rendered.originOf, root, kustomization, config.limits);
      objects.push(...relocated.objects);
      inputErrors.push(...r.errors, ...relocated.errors);
      return;
    }
    const read = await readInput(f.abs, f.rel, limit);
    if ('error' in read) {
      inputErrors.push(read.error);
      return;
    }
    if (f.kind === 'manifest') collectManifests(f.rel, read.text);
    // Go files are read now but parsed per package once go.mod files are known.
    else if (f.kind === 'gosrc') goSources.push({ rel: f.rel, text: read.text });
    else if (f.kind === 'dockerfile') {
      // BuildKit prefers `<Dockerfile>.dockerignore` over the context's `.dockerignore`.
      const dockerignore = await optionalSibling(f, [`${posix.basename(f.rel)}.dockerignore`, '.dockerignore'], limit);
      const r = loadDockerfile(f.rel, read.text, { buildArgs: config.buildArgs, dockerignore });
      dockerfiles.push(r.dockerfile);
      inputErrors.push(...r.errors);
    } else {
      const goSum = await optionalSibling(f, ['go.sum'], limit);
      const modulesTxt = await optionalSibling(f, ['vendor/modules.txt'], limit);
      const r = loadGoMod(f.rel, read.text, { goSum: goSum?.text, modulesTxt });
      if (r.module) goModules.push(r.module);
      inputErrors.push(...r.errors);
    }
  };

  const collectManifests = (rel: string, text: string): void => {
    const r = loadManifests(rel, text, config.limits);
    objects.push(...r.objects);
    inputErrors.push(...r.errors);
  };

  await forEachLimited(files, 16, load);
  goModules.sort((a, b) => cmp(a.file, b.file));
  const go = await loadGoPackages(goSources, goModules);
  inputErrors.push(...go.errors);
  // Loads finish out of order; the model must not depend on timing.
  dockerfiles.sort((a, b) => cmp(a.file, b.file));
  objects.sort((a, b) => cmp(a.file, b.file) || a.docIndex - b.docIndex);
  inputErrors.sort((a, b) => cmp(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0));

  const manifests = { objects, podTemplates: podTemplatesOf(objects) };
  const goPackages = go.packages;
  return { root, dockerfiles, goModules, goPackages, manifests, links: linkWorkspace(dockerfiles, goModules, manifests, goPackages), inputErrors };
}

/** Rendered Helm/Kustomize output: say which source template the object came from. */
function addOrigins(findings: Finding[], objects: KubeObject[]): void {
  const byKey = new Map<string, KubeObject>();
  for (const o of objects) if (o.origin) byKey.set(objectKey(o.file, o.ref), o);
  if (byKey.size === 0) return;
  for (const f of findings) {
    const { span, object } = f.subject;
    const origin = span && object ? byKey.get(objectKey(span.file, object))?.origin : undefined;
    if (origin) f.evidence.push({ message: `rendered from ${origin}` });
  }
}

function objectKey(file: string, ref: ObjectRef): string {
  return `${file}\0${ref.kind}\0${ref.namespace ?? ''}\0${ref.name}`;
}

/** The first of `names` that exists beside `f` (relative to its directory); absence is normal. */
async function optionalSibling(f: DiscoveredFile, names: string[], maxBytes: number): Promise<{ file: string; text: string } | undefined> {
  for (const name of names) {
    const rel = posix.join(posix.dirname(f.rel), name);
    try {
      const abs = join(dirname(f.abs), name);
      const read = await readInput(abs, rel, maxBytes);
      if ('text' in read) return { file: rel, text: read.text };
    } catch {
      // unreadable optional files are treated as absent
    }
  }
  return undefined;
}

async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
