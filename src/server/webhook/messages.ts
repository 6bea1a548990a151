import type { Finding } from '../../core/finding.js';
import { IGNORE_ANNOTATION } from '../../core/suppress.js';

/**
 * The API server's warning recorder (k8s.io/apiserver/pkg/endpoints/filters/warning.go) keeps
 * 4096 runes of warnings per response, shared by every webhook and the API itself; past that it
 * cuts each warning to 256 runes. It also drops any warning that is not a valid header value
 * (control characters, newlines). So: one line each, at most 256 runes, and half the total
 * budget for us, with a last line saying how many were left out.
 */
export const MAX_WARNING_RUNES = 256;
export const MAX_WARNINGS_RUNES = 2048;
/** Findings spelled out in a denial; the rest are counted. */
export const MAX_DENIAL_FINDINGS = 10;

export interface ObjectLabel {
  kind: string;
  namespace: string;
  name: string;
}

function describeObject(o: ObjectLabel): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name || '(unnamed)'}`;
}

/** `kubectl apply` prints this after `admission webhook "…" denied the request: `. */
export function denialMessage(o: ObjectLabel, denied: readonly Finding[]): string {
  const n = denied.length;
  const lines = [`kubewhy: ${describeObject(o)} has ${n} ${n === 1 ? 'finding that blocks' : 'findings that block'} admission:`];
  denied.slice(0, MAX_DENIAL_FINDINGS).forEach((f, i) => {
    lines.push(`[${i + 1}] ${f.ruleId} (${f.fault}, ${f.severity}): ${oneLine(f.message)}`);
    if (f.subject.fieldPath) lines.push(`    at ${f.subject.fieldPath}`);
    const [first = '', ...rest] = f.fix.split('\n');
    lines.push(`    fix: ${first}`, ...rest.map((l) => `      ${l}`));
  });
  if (n > MAX_DENIAL_FINDINGS) lines.push(`… and ${n - MAX_DENIAL_FINDINGS} more (kubewhy lint on the manifest lists them all)`);
  const example = denied[0]?.ruleId ?? 'RULE';
  lines.push(`Details: kubewhy explain ${example}. To accept a finding, annotate the object (or its pod template): ${IGNORE_ANNOTATION}: "${example}"`);
  return lines.join('\n');
}

/**
 * One `Warning:` line per finding, within the API server's limits (see above). Rule and field
 * come first, so a clipped line still says what to look at.
 */
export function warningLines(findings: readonly { finding: Finding; preExisting: boolean }[]): string[] {
  const out: string[] = [];
  let used = 0;
  for (const [i, { finding: f, preExisting }] of findings.entries()) {
    const at = f.subject.fieldPath ? ` at ${f.subject.fieldPath}` : '';
    const before = preExisting ? ', already there before this update' : '';
    const line = clip(`kubewhy ${f.ruleId} (${f.fault}${before})${at}: ${oneLine(f.message)}`, MAX_WARNING_RUNES);
    const left = findings.length - i;
    const tail = `kubewhy: ${left} more ${left === 1 ? 'finding' : 'findings'} not shown (kubewhy lint on the manifest lists them all)`;
    // Keep room for the tail line unless this is the last finding.
    const reserve = left > 1 ? runes(tail) + 1 : 0;
    if (used + runes(line) + reserve > MAX_WARNINGS_RUNES) {
      out.push(tail);
      break;
    }
    out.push(line);
    used += runes(line);
  }
  return out;
}

/** Header-safe single line: control characters (newlines, tabs) become spaces. */
function oneLine(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

function runes(s: string): number {
  return [...s].length;
}

function clip(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}
