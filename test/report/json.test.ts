import { describe, expect, it } from 'vitest';
import { formatJson } from '../../src/report/json.js';
import { emptyRun, runResult } from './fixtures.js';
import { reportValidator } from './schema.js';

interface Doc {
  $schema: string;
  version: number;
  findings: Array<{ fingerprint: string; suppressed?: { kind: string } }>;
  rules: Array<Record<string, unknown>>;
  inputErrors: Array<Record<string, unknown>>;
  summary: { bySeverity: Record<string, number> };
}

const validate = reportValidator();

function parse(text: string): Doc {
  return JSON.parse(text) as Doc;
}

describe('formatJson', () => {
  it('validates against schema/report-v1.json', () => {
    for (const r of [runResult(), emptyRun(), runResult({ command: 'diagnose' })]) {
      const ok = validate(JSON.parse(formatJson(r)));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it('is pretty-printed with a trailing newline', () => {
    const out = formatJson(runResult());
    expect(out.endsWith('}\n')).toBe(true);
    expect(out).toContain('\n  "version": 1,\n');
  });

  it('includes suppressed findings with their suppression, in run order', () => {
    const doc = parse(formatJson(runResult()));
    expect(doc.$schema).toBe('https://kubewhy.dev/schema/report-v1.json');
    expect(doc.findings.map((f) => f.suppressed?.kind)).toEqual([undefined, undefined, undefined, 'annotation', undefined, 'baseline']);
    expect(doc.findings.every((f) => f.fingerprint !== '')).toBe(true);
  });

  it('keeps rules to id, fault, severity and title, and omits unknown positions', () => {
    const doc = parse(formatJson(runResult()));
    expect(doc.rules[0]).toEqual({ id: 'cgo-binary-on-libcless-base', fault: 'A3', severity: 'error', title: 'cgo-enabled binary copied onto an image without libc' });
    expect(doc.inputErrors[1]).toEqual({ file: 'go.mod', message: 'cannot read go.mod: permission denied' });
  });

  it('does not leak fields outside the contract', () => {
    const r = runResult();
    const first = r.findings[0];
    if (!first) throw new Error('fixture has findings');
    r.findings[0] = Object.assign({}, first, { internal: 'x' });
    expect(formatJson(r)).not.toContain('internal');
  });

  it('rejects documents that break the schema', () => {
    const good = (): Doc => parse(formatJson(runResult()));
    const cases: Array<(d: Doc) => void> = [
      (d) => { (d.findings[0] as Record<string, unknown>)['severity'] = 'fatal'; },
      (d) => { (d.findings[0] as Record<string, unknown>)['subject'] = { span: { file: 'Dockerfile', line: 0, column: 1, endLine: 1, endColumn: 2 } }; },
      (d) => { (d.findings[0] as Record<string, unknown>)['subject'] = { span: { file: 'Dockerfile', line: 1.5, column: 1, endLine: 1, endColumn: 2 } }; },
      (d) => { delete (d.findings[0] as Record<string, unknown>)['fingerprint']; },
      (d) => { (d as unknown as Record<string, unknown>)['extra'] = true; },
      (d) => { d.version = 2; },
      (d) => { d.summary.bySeverity['fatal'] = 1; },
      (d) => { (d.findings[3] as Record<string, unknown>)['suppressed'] = { kind: 'magic', source: 'x' }; },
      (d) => { d.rules[0] = { ...d.rules[0], fault: 'a3' }; },
    ];
    for (const mutate of cases) {
      const d = good();
      mutate(d);
      expect(validate(d)).toBe(false);
    }
  });
});
