import { describe, expect, it } from 'vitest';
import type { Rule } from '../../src/core/rule.js';
import { lintFiles } from './workspace.js';

export interface ValidCase {
  name: string;
  files: Record<string, string>;
}

export interface InvalidCase extends ValidCase {
  findings: {
    file: string;
    line: number;
    column: number;
    endLine?: number;
    endColumn?: number;
    message?: string | RegExp;
    container?: string;
    evidence?: { file: string; line: number }[];
  }[];
}

/**
 * ESLint's RuleTester, for kubewhy: every case runs the real pipeline on real files and
 * checks the rule's findings exactly (position, message, evidence), and that valid cases
 * produce none. Input errors fail the case so fixtures stay well-formed.
 */
export function ruleTester(rule: Rule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(rule.meta.id, () => {
    it.each(cases.valid)('does not fire: $name', async ({ files }) => {
      const r = await lintFiles(files, [rule]);
      expect(r.inputErrors).toEqual([]);
      expect(r.findings.map((f) => `${f.subject.span?.file}:${f.subject.span?.line}:${f.subject.span?.column} ${f.message}`)).toEqual([]);
    });
    it.each(cases.invalid)('fires: $name', async ({ files, findings }) => {
      const r = await lintFiles(files, [rule]);
      expect(r.inputErrors).toEqual([]);
      expect(r.findings).toHaveLength(findings.length);
      findings.forEach((want, i) => {
        const got = r.findings[i]!;
        expect(got.ruleId).toBe(rule.meta.id);
        expect(got.fault).toBe(rule.meta.fault);
        const span = got.subject.span;
        expect({ file: span?.file, line: span?.line, column: span?.column }).toEqual({ file: want.file, line: want.line, column: want.column });
        if (want.endLine !== undefined) expect(span?.endLine).toBe(want.endLine);
        if (want.endColumn !== undefined) expect(span?.endColumn).toBe(want.endColumn);
        if (want.message instanceof RegExp) expect(got.message).toMatch(want.message);
        else if (want.message !== undefined) expect(got.message).toBe(want.message);
        if (want.container !== undefined) expect(got.subject.container).toBe(want.container);
        if (want.evidence) expect(got.evidence.map((e) => ({ file: e.span?.file, line: e.span?.line }))).toEqual(want.evidence);
      });
    });
  });
}
