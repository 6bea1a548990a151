/** Labels and counts every human-facing reporter renders the same way. */
import type { Finding, ObjectRef, Subject } from '../core/finding.js';
import type { Summary } from '../core/result.js';

/** `Kind/namespace/name`, or `Kind/name` for cluster-scoped objects. */
export function objectLabel(ref: ObjectRef): string {
  return ref.namespace !== undefined ? `${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.kind}/${ref.name}`;
}

/** Where a subject points, in the form a person can paste into an editor or kubectl. */
export function subjectLabel(s: Subject): string | undefined {
  if (s.span) return `${s.span.file}:${s.span.line}:${s.span.column}`;
  if (s.object) return s.fieldPath !== undefined ? `${objectLabel(s.object)} .${s.fieldPath}` : objectLabel(s.object);
  return undefined;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function severityCounts(s: Summary): string {
  const { error, warning, info } = s.bySeverity;
  return `${plural(error, 'error')}, ${plural(warning, 'warning')}, ${info} info`;
}

/** `3 errors, 2 warnings, 1 info (4 suppressed) in 12 files, 30 objects; 1 input error` */
export function summaryLine(s: Summary): string {
  const suppressed = s.suppressed > 0 ? ` (${s.suppressed} suppressed)` : '';
  const inputErrors = s.inputErrors > 0 ? `; ${plural(s.inputErrors, 'input error')}` : '';
  return `${severityCounts(s)}${suppressed} in ${plural(s.files, 'file')}, ${plural(s.objects, 'object')}${inputErrors}`;
}

export function visible(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.suppressed === undefined);
}

/** A fence longer than any backtick run inside, so a command containing ``` cannot close it. */
export function codeBlock(text: string, lang = 'sh'): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${text}\n${fence}`;
}
