import { formatInputError, SEVERITY_RANK, type Finding, type Severity } from '../core/finding.js';
import type { RunResult } from '../core/result.js';
import { codeBlock, objectLabel, plural, severityCounts, subjectLabel, visible } from './shared.js';

export interface MarkdownOptions {
  /**
   * Prefix that turns `file#Lline` into a link, e.g. `https://github.com/o/r/blob/<sha>/`.
   * Without it locations are plain code: relative links in a PR comment resolve against the PR page.
   */
  linkBase?: string;
}

/** GitHub truncates long comments (65 536 chars); a bounded table keeps the summary readable. */
export const MAX_ROWS = 100;

const ICON: Record<Severity, string> = { error: '🔴', warning: '🟡', info: '🔵' };

export function formatMarkdown(r: RunResult, opts: MarkdownOptions = {}): string {
  const findings = visible(r.findings).sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
  const rows = findings.slice(0, MAX_ROWS);
  const parts = [`### kubewhy ${r.command}: ${severityCounts(r.summary)}`, scopeLine(r)];

  if (r.inputErrors.length > 0) {
    parts.push(['**Input errors**', '', ...r.inputErrors.map((e) => `- ${inline(formatInputError(e))}`)].join('\n'));
  }
  if (rows.length === 0) {
    parts.push('No findings.');
  } else {
    parts.push(table(rows, opts));
    if (findings.length > rows.length) parts.push(`… and ${findings.length - rows.length} more`);
    parts.push(...rows.filter((f) => f.severity === 'error').map(details));
  }
  return `${parts.join('\n\n')}\n`;
}

function scopeLine(r: RunResult): string {
  const s = r.summary;
  const bits = [`${plural(s.files, 'file')}, ${plural(s.objects, 'object')}`];
  if (s.suppressed > 0) bits.push(`${s.suppressed} suppressed`);
  if (s.inputErrors > 0) bits.push(plural(s.inputErrors, 'input error'));
  return bits.join(' · ');
}

function table(rows: readonly Finding[], opts: MarkdownOptions): string {
  const lines = ['| Severity | Rule | Fault | Location | Message |', '| --- | --- | --- | --- | --- |'];
  for (const f of rows) {
    const cells = [`${ICON[f.severity]} ${f.severity}`, code(f.ruleId), f.fault, location(f, opts), inline(f.message)];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

function location(f: Finding, opts: MarkdownOptions): string {
  const { span, object } = f.subject;
  if (span) {
    const text = `${span.file}:${span.line}`;
    if (opts.linkBase === undefined) return code(text);
    return `[${inline(text)}](${opts.linkBase}${encodeURI(span.file)}#L${span.line})`;
  }
  if (object) return code(objectLabel(object));
  return '';
}

function details(f: Finding): string {
  const where = f.subject.span ? `${f.subject.span.file}:${f.subject.span.line}` : f.subject.object ? objectLabel(f.subject.object) : '';
  // <summary> is HTML, where markdown backticks are not rendered.
  const summary = `<code>${inline(f.ruleId)}</code> ${where === '' ? '' : `${inline(where)} — `}${inline(f.message)}`;
  const body: string[] = [];
  if (f.evidence.length > 0) {
    body.push(
      '**Evidence**',
      f.evidence
        .map((e) => {
          const at = subjectLabel(e);
          return `- ${at !== undefined ? `${code(at)} ` : ''}${inline(e.message)}`;
        })
        .join('\n'),
    );
  }
  if (f.fix !== '') body.push(`**Fix:** ${inline(f.fix)}`);
  if (f.verify !== '') body.push('**Verify:**', codeBlock(f.verify));
  return [`<details>\n<summary>${summary}</summary>`, ...body, '</details>'].join('\n\n');
}

/**
 * Text that must stay on one table row and must not turn into HTML: GitHub drops unknown tags,
 * so a message like `image <none>` would lose its value.
 */
export function inline(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, '<br>');
}

/** Inline code cannot hold a pipe inside a table cell, so fall back to escaped plain text there. */
function code(text: string): string {
  return text.includes('`') || text.includes('|') ? inline(text) : `\`${text}\``;
}
