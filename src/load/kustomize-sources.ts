import { existsSync, readFileSync } from 'node:fs';
import { join, posix, relative, resolve, sep } from 'node:path';
import { parse } from 'yaml';
import type { Config } from '../core/config.js';
import type { InputError, Span } from '../core/finding.js';
import type { KubeObject } from '../model/manifest.js';
import { loadManifests } from './manifests.js';
import { readInput } from './read-input.js';

const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** The kustomization file of a directory, relative to the root, for findings that have no better place. */
export function kustomizationFile(dirAbs: string, dirRel: string): string {
  const name = KUSTOMIZATION_NAMES.find((n) => existsSync(join(dirAbs, n))) ?? KUSTOMIZATION_NAMES[0]!;
  return posix.join(dirRel, name);
}

/**
 * Kustomization directories that another one in `dirs` builds on (`resources`, `bases`,
 * `components`). A base is checked through its overlays; rendering it alone as well would
 * report every finding twice. Unreadable kustomizations reference nothing: their render
 * reports the problem.
 */
export function referencedKustomizations(dirs: string[]): Set<string> {
  const all = new Set(dirs);
  const referenced = new Set<string>();
  for (const dir of dirs) {
    const name = KUSTOMIZATION_NAMES.find((n) => existsSync(join(dir, n)));
    if (!name) continue;
    let doc: unknown;
    try {
      doc = parse(readFileSync(join(dir, name), 'utf8'));
    } catch {
      continue;
    }
    if (!doc || typeof doc !== 'object') continue;
    const fields = doc as Record<string, unknown>;
    for (const key of ['resources', 'bases', 'components']) {
      const list = fields[key];
      if (!Array.isArray(list)) continue;
      for (const entry of list) {
        if (typeof entry !== 'string') continue;
        const target = resolve(dir, entry);
        if (target !== dir && all.has(target)) referenced.add(target);
      }
    }
  }
  return referenced;
}

/**
 * Rendered objects carry the rendered (patched, prefixed) values rules must judge, but their
 * positions must be the user's: each object is re-pointed at the document it came from
 * (`config.kubernetes.io/origin`), and its origin becomes the kustomization that rendered it.
 * Generated objects (configMapGenerator) and unmatched ones point at the kustomization file.
 */
export async function relocateToSources(
  rendered: KubeObject[],
  originOf: (path: string) => string,
  root: string,
  kustomization: string,
  limits: Config['limits'],
): Promise<{ objects: KubeObject[]; errors: InputError[] }> {
  const sources = new Map<string, KubeObject[]>();
  const errors: InputError[] = [];
  const load = async (abs: string, rel: string): Promise<KubeObject[]> => {
    let objs = sources.get(abs);
    if (!objs) {
      const read = await readInput(abs, rel, limits.maxFileBytes);
      if ('error' in read) {
        errors.push(read.error);
        objs = [];
      } else objs = loadManifests(rel, read.text, limits).objects;
      sources.set(abs, objs);
    }
    return objs;
  };

  const objects: KubeObject[] = [];
  for (const obj of rendered) {
    const originAbs = obj.origin ? originOf(obj.origin) : undefined;
    const originRel = originAbs ? relative(root, originAbs).split(sep).join('/') : undefined;
    const source = originAbs && originRel ? matchSource(obj, await load(originAbs, originRel)) : undefined;
    const file = source?.file ?? originRel ?? kustomization;
    objects.push({
      ...obj,
      file,
      docIndex: source?.docIndex ?? obj.docIndex,
      origin: kustomization,
      locate: source ? (path, target) => source.locate(path, target) : () => ({ span: fileStart(file), exact: false }),
    });
  }
  return { objects, errors };
}

/** The source document of a rendered object: same kind, and a name that prefixes/suffixes can only extend. */
function matchSource(obj: KubeObject, candidates: KubeObject[]): KubeObject | undefined {
  const sameKind = candidates.filter((c) => c.kind === obj.kind);
  if (sameKind.length <= 1) return sameKind[0];
  return sameKind.filter((c) => obj.name.includes(c.name)).sort((a, b) => b.name.length - a.name.length)[0];
}

function fileStart(file: string): Span {
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
}
