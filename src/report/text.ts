import pc from 'picocolors';
import { formatInputError, type Finding, type Severity } from '../core/finding.js';
import type { RunResult } from '../core/result.js';
import { objectLabel, subjectLabel, summaryLine, visible } from './shared.js';

export interface TextOptions {
  color: boolean;
  /** Only error-severity findings (and input errors): for CI logs where warnings are noise. */
  quiet?: boolean;
}

type Colors = ReturnType<typeof pc.createColors>;

const DETAIL_INDENT = '    ';
const SEVERITY_WIDTH = 'warning'.length;

export function formatText(r: RunResult, opts: TextOptions): string {
  // Explicit on/off: the caller decides from --color/NO_COLOR/TTY, never picocolors' own sniffing.
  const c = pc.createColors(opts.color);
  const shown = visible(r.findings).filter((f) => !opts.quiet || f.severity === 'error');
  const blocks: string[] = [];

  if (r.inputErrors.length > 0) {
    blocks.push([c.bold('input errors'), ...r.inputErrors.map((e) => `  ${c.red(formatInputError(e))}`)].join('\n'));
  }
  // A fix printed once is not repeated for every other finding of that rule with the same fix.
  const printed = new Set<string>();
  for (const [header, findings] of groupBySubject(shown)) {
    blocks.push(formatGroup(c, header, findings, printed));
  }
  blocks.push(colorSummary(c, r, summaryLine(r.summary)));
  return `${blocks.join('\n\n')}\n`;
}

/** Groups keep the run's order (first appearance) so output is as deterministic as the findings. */
function groupBySubject(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = groupKey(f);
    const list = groups.get(key);
    if (list) list.push(f);
    else groups.set(key, [f]);
  }
  return groups;
}

function groupKey(f: Finding): string {
  if (f.subject.span) return f.subject.span.file;
  if (f.subject.object) return objectLabel(f.subject.object);
  return '(no location)';
}

function formatGroup(c: Colors, header: string, findings: readonly Finding[], printed: Set<string>): string {
  const position = (f: Finding): string => (f.subject.span ? `${f.subject.span.line}:${f.subject.span.column}` : '');
  const width = Math.max(...findings.map((f) => position(f).length));
  const lines = [c.underline(header)];
  for (const f of findings) {
    const lead = width === 0 ? '  ' : `  ${c.dim(position(f).padEnd(width))}  `;
    const sev = paint(c, f.severity, f.severity.padEnd(SEVERITY_WIDTH));
    lines.push(`${lead}${sev}  ${indentRest(f.message)}  ${c.dim(`[${f.ruleId} ${f.fault}]`)}`);
    const at = objectOnlyPath(f);
    if (at !== undefined) lines.push(`${DETAIL_INDENT}${c.dim('at')} ${at}`);
    for (const e of f.evidence) {
      const where = subjectLabel(e);
      const text = where !== undefined ? `${c.cyan(where)} ${e.message}` : e.message;
      lines.push(`${DETAIL_INDENT}${c.dim('↳')} ${indentRest(text)}`);
    }
    const advice = `${f.ruleId}\0${f.fix}\0${f.verify}`;
    if (printed.has(advice)) continue;
    printed.add(advice);
    if (f.fix !== '') lines.push(`${DETAIL_INDENT}${c.green('fix:')} ${indentRest(f.fix)}`);
    if (f.verify !== '') lines.push(`${DETAIL_INDENT}${c.green('verify:')} $ ${indentRest(f.verify)}`);
  }
  return lines.join('\n');
}

/** Without a line to point at, the field (and container) is what tells the user where to look. */
function objectOnlyPath(f: Finding): string | undefined {
  const { span, fieldPath, container } = f.subject;
  if (span || fieldPath === undefined) return undefined;
  return container !== undefined ? `.${fieldPath} (container ${container})` : `.${fieldPath}`;
}

/** Continuation lines of multi-line text stay under the finding rather than at column 0. */
function indentRest(text: string): string {
  return text.replace(/\r?\n/g, `\n${DETAIL_INDENT}  `);
}

function paint(c: Colors, sev: Severity, text: string): string {
  if (sev === 'error') return c.red(c.bold(text));
  if (sev === 'warning') return c.yellow(text);
  return c.blue(text);
}

function colorSummary(c: Colors, r: RunResult, line: string): string {
  const { error, warning } = r.summary.bySeverity;
  if (error > 0 || r.summary.inputErrors > 0) return c.red(c.bold(line));
  if (warning > 0) return c.yellow(c.bold(line));
  return c.green(c.bold(line));
}
