import ignore, { type Ignore } from 'ignore';
import type { Config } from './config.js';
import type { Finding, Suppression } from './finding.js';
import type { Baseline } from './baseline.js';
import type { Workspace } from '../model/workspace.js';
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
  for (const f of findings) {
    if (f.suppressed) continue;
    const s =
      byDockerfileComment(f, ctx.ws) ??
      byAnnotation(f, ctx.ws) ??
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

function byAnnotation(f: Finding, ws: Workspace): Suppression | undefined {
  const ref = f.subject.object;
  if (!ref) return undefined;
  const span = f.subject.span;
  const keys = [IGNORE_ANNOTATION];
  if (f.subject.container !== undefined) keys.push(`${IGNORE_ANNOTATION}.${f.subject.container}`);
  for (const obj of ws.manifests.objects) {
    if (obj.kind !== ref.kind || obj.name !== ref.name || (obj.namespace ?? '') !== (ref.namespace ?? '')) continue;
    // Same-named objects in different files (overlays, environments) are different objects.
    if (span && obj.file !== span.file) continue;
    const places: { annotations: Record<string, string>; path: JsonPath }[] = [
      { annotations: obj.annotations, path: ['metadata', 'annotations'] },
      ...ws.manifests.podTemplates
        .filter((t) => t.object === obj)
        .map((t) => ({ annotations: t.annotations, path: [...t.metadataPath, 'annotations'] })),
    ];
    for (const place of places) {
      for (const key of keys) {
        const value = place.annotations[key];
        if (value !== undefined && listNames(value, f)) {
          return { kind: 'annotation', source: annotationSource(obj, [...place.path, key], key) };
        }
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
