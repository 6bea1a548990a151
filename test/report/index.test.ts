import { describe, expect, it } from 'vitest';
import { FORMATS, formatReport } from '../../src/report/index.js';
import { formatJson } from '../../src/report/json.js';
import { formatMarkdown } from '../../src/report/markdown.js';
import { formatSarif } from '../../src/report/sarif.js';
import { formatText } from '../../src/report/text.js';
import { runResult } from './fixtures.js';

describe('formatReport', () => {
  it('dispatches to each reporter', () => {
    const r = runResult();
    expect(formatReport(r, 'text', { color: false, quiet: true })).toBe(formatText(r, { color: false, quiet: true }));
    expect(formatReport(r, 'json', { color: true })).toBe(formatJson(r));
    expect(formatReport(r, 'sarif', { color: false, docsBaseUrl: 'https://d/' })).toBe(formatSarif(r, { docsBaseUrl: 'https://d/' }));
    expect(formatReport(r, 'markdown', { color: false })).toBe(formatMarkdown(r));
  });

  it('every format ends with exactly one newline', () => {
    for (const f of FORMATS) {
      const out = formatReport(runResult(), f, { color: false });
      expect(out.endsWith('\n')).toBe(true);
      expect(out.endsWith('\n\n')).toBe(false);
    }
  });
});
