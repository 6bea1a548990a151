import ignore, { type Ignore } from 'ignore';
import type { Config } from './config.js';
import type { Finding, ObjectRef, Suppression } from './finding.js';
import type { Baseline } from './baseline.js';
import type { Workspace } from '../model/workspace.js';
import type { GoIgnoreComment } from '../model/gosrc.js';
import type { JsonPath, KubeObject } from '../model/manifest.js';

export const IGNORE_ANNOTATION = 'kubewhy.dev/ignore';

export interface SuppressionContext {
  ws: Workspace;
  config: Config;
  baseline?: Baseline;
}

/**
 * Marks findings the user has silenced; they stay in the result so reports can count them.
 * The most specific declaration wins, so `source` points at the line a reviewer should read:
 * a Dockerfile comment or object annotation, then `.kubewhy.yaml`, then the baseline.
 */
export function applySuppressions(findings: Finding[], ctx: SuppressionContext): void {
  const configIgnore = ctx.config.ignore.length > 0 ? ignore().add(ctx.config.ignore) : undefined;
  const places = annotationPlaces(ctx.ws);
  const goIgnores = ctx.ws.goPackages.flatMap((p) => p.ignores);
  for (const f of findings) {
    if (f.suppressed) continue;
    const s =
      byDockerfileComment(f, ctx.ws) ??
      byGoComment(f, goIgnores) ??
      byAnnotation(f, places) ??
      byConfig(f, ctx.config, configIgnore) ??
      byBaseline(f, ctx.baseline);
    if (s) f.suppressed = s;
  }
}

/** `rule-a, rule-b`, `A3`, `*` or `all`; rule ids and fault ids compare case-insensitively. */
function listNames(list: string, f: Finding): boolean {
  const wanted = new Set([f.ruleId.toLowerCase(), f.fault.toLowerCase(), '*', 'all']);
  return list.split(/[\s,]+/).some((token) => token !== '' && wanted.has(token.toLowerCase()));
}

function byDockerfileComment(f: Finding, ws: Workspace): Suppression | undefined {
  const span = f.subject.span;
  if (!span) return undefined;
  const df = ws.dockerfiles.find((d) => d.file === span.file);
  for (const ig of df?.ignores ?? []) {
    const ruleMatches = ig.rules.length === 0 || ig.rules.some((r) => listNames(r, f));
    const inScope = ig.scope === 'file' || (span.line >= ig.scope.startLine && span.line <= ig.scope.endLine);
    if (ruleMatches && inScope) return { kind: 'comment', source: `${ig.span.file}:${ig.span.line}` };
  }
  return undefined;
}

/** `//kubewhy:ignore rule-a` in Go: covers its own line (trailing comment) and the next one. */
function byGoComment(f: Finding, ignores: readonly GoIgnoreComment[]): Suppression | undefined {
  const span = f.subject.span;
  if (!span) return undefined;
  for (const ig of ignores) {
    if (ig.span.file !== span.file || (span.line !== ig.span.line && span.line !== ig.span.line + 1)) continue;
    if (ig.rules.length === 0 || ig.rules.some((r) => listNames(r, f))) return { kind: 'comment', source: `${ig.span.file}:${ig.span.line}` };
  }
  return undefined;
}

interface AnnotationPlace {
  obj: KubeObject;
  annotations: Record<string, string>;
  path: JsonPath;
}

/** Each object's annotation maps (its own, then its pod template's), keyed by kind/namespace/name. */
function annotationPlaces(ws: Workspace): Map<string, AnnotationPlace[]> {
  const out = new Map<string, AnnotationPlace[]>();
  const add = (obj: KubeObject, annotations: Record<string, string>, path: JsonPath): void => {
    const key = refKey(obj.ref);
    out.set(key, [...(out.get(key) ?? []), { obj, annotations, path }]);
  };
  for (const obj of ws.manifests.objects) add(obj, obj.annotations, ['metadata', 'annotations']);
  for (const t of ws.manifests.podTemplates) add(t.object, t.annotations, [...t.metadataPath, 'annotations']);
  return out;
}

function refKey(ref: ObjectRef): string {
  return `${ref.kind}\0${ref.namespace ?? ''}\0${ref.name}`;
}

function byAnnotation(f: Finding, places: Map<string, AnnotationPlace[]>): Suppression | undefined {
  const ref = f.subject.object;
  if (!ref) return undefined;
  const span = f.subject.span;
  const keys = [IGNORE_ANNOTATION];
  if (f.subject.container !== undefined) keys.push(`${IGNORE_ANNOTATION}.${f.subject.container}`);
  for (const place of places.get(refKey(ref)) ?? []) {
    // Same-named objects in different files (overlays, environments) are different objects.
    if (span && place.obj.file !== span.file) continue;
    for (const key of keys) {
      const value = place.annotations[key];
      if (value !== undefined && listNames(value, f)) {
        return { kind: 'annotation', source: annotationSource(place.obj, [...place.path, key], key) };
      }
    }
  }
  return undefined;
}

function annotationSource(obj: KubeObject, path: JsonPath, key: string): string {
  const { span } = obj.locate(path, 'key');
  return `${span.file}:${span.line} ${key}`;
}

function byConfig(f: Finding, config: Config, configIgnore: Ignore | undefined): Suppression | undefined {
  const file = f.subject.span?.file;
  // `ignore` only accepts paths inside the root; anything else cannot match a root-relative glob.
  if (!configIgnore || !file || file.startsWith('../') || file.startsWith('/')) return undefined;
  return configIgnore.ignores(file) ? { kind: 'config', source: config.file ?? '.kubewhy.yaml' } : undefined;
}

function byBaseline(f: Finding, baseline: Baseline | undefined): Suppression | undefined {
  return baseline?.fingerprints.has(f.fingerprint) ? { kind: 'baseline', source: baseline.file } : undefined;
}
