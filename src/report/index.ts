import type { RunResult } from '../core/result.js';
import { formatJson } from './json.js';
import { formatMarkdown } from './markdown.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';

export type Format = 'text' | 'json' | 'sarif' | 'markdown';

export const FORMATS: readonly Format[] = ['text', 'json', 'sarif', 'markdown'];

export interface ReportOptions {
  color: boolean;
  quiet?: boolean;
  /** SARIF helpUri prefix for `<rule-id>.md`. */
  docsBaseUrl?: string;
  /** Markdown: prefix that makes `file#Lline` a link (e.g. a blob URL at the PR's head commit). */
  linkBase?: string;
}

/** Machine formats ignore `quiet` and `color`: consumers filter by severity themselves. */
export function formatReport(r: RunResult, format: Format, opts: ReportOptions): string {
  switch (format) {
    case 'text':
      return formatText(r, { color: opts.color, quiet: opts.quiet });
    case 'json':
      return formatJson(r);
    case 'sarif':
      return formatSarif(r, { docsBaseUrl: opts.docsBaseUrl });
    case 'markdown':
      return formatMarkdown(r, { linkBase: opts.linkBase });
  }
}
