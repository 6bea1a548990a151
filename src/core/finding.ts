/** The one output shape every entry point (lint, diagnose, logs, image, webhook, watch) produces. */

export type Severity = 'error' | 'warning' | 'info';

export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/** A source range. Lines and columns are 1-based; columns count UTF-16 code units (SARIF's default). */
export interface Span {
  /** Path relative to the lint root, with forward slashes. */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** What a finding or a piece of evidence points at: a source position, an object (+ field path), or both. */
export interface Subject {
  span?: Span;
  object?: ObjectRef;
  /** Dotted JSON path inside the object, e.g. `spec.template.spec.containers[0].image`. */
  fieldPath?: string;
  /** Container name when the subject is one container of a pod template. */
  container?: string;
}

export interface Evidence extends Subject {
  message: string;
}

export type SuppressionKind = 'config' | 'annotation' | 'comment' | 'baseline';

export interface Suppression {
  kind: SuppressionKind;
  /** Where the suppression was declared (file of the config/baseline, or the annotation/comment). */
  source: string;
}

export interface Finding {
  ruleId: string;
  /** Catalog entry in FAULTS.md, e.g. "A3". */
  fault: string;
  severity: Severity;
  message: string;
  subject: Subject;
  evidence: Evidence[];
  fix: string;
  verify: string;
  /** Stable across runs and line shifts: derived from rule, file/object and the reported text. */
  fingerprint: string;
  suppressed?: Suppression;
}

/** A problem reading input: never fatal to the run, always reported with the file (and position when known). */
export interface InputError {
  file: string;
  line?: number;
  column?: number;
  message: string;
}

export function formatInputError(e: InputError): string {
  const pos = e.line !== undefined ? `:${e.line}${e.column !== undefined ? `:${e.column}` : ''}` : '';
  return `${e.file}${pos}: ${e.message}`;
}

export function atLeast(sev: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[sev] >= SEVERITY_RANK[threshold];
}
