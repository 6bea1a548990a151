import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { defaultConfig } from '../../src/core/config.js';
import type { RunResult } from '../../src/core/result.js';
import type { Rule } from '../../src/core/rule.js';
import { decodeText } from '../../src/logs/decode.js';
import { runLogs } from '../../src/logs/run.js';
import { Readable } from 'node:stream';
import type { ContainerLimits, LogFacts } from '../../src/model/logs.js';

export const RECORDED = join(import.meta.dirname, 'fixtures/recorded');

/** Real output of the Go programs in fixtures/go ('' when no Go toolchain: those tests skip). */
export const REAL = inject('logsFixtures');

export function real(name: string): string {
  return readFileSync(join(REAL, `${name}.log`), 'utf8');
}

export function recorded(name: string): string {
  return readFileSync(join(RECORDED, name), 'utf8');
}

export function decode(text: string, limits: ContainerLimits = {}): LogFacts {
  return decodeText(text, { file: 'app.log', limits });
}

export async function runOn(text: string, rules: readonly Rule[], limits: ContainerLimits = {}, options: Record<string, unknown> = {}): Promise<RunResult> {
  const config = defaultConfig();
  for (const r of rules) config.rules[r.meta.id] = { enabled: true, options };
  return runLogs({ input: Readable.from([text]), file: 'app.log', root: '/', limits, config, rules });
}

export interface LogCase {
  name: string;
  log: string;
  limits?: ContainerLimits;
  options?: Record<string, unknown>;
}

export interface FiringCase extends LogCase {
  findings: { line: number; column: number; message: string | RegExp; evidenceLines?: number[] }[];
}

/** The rule tester of test/helpers, for log rules: the real decode + engine on a log text. */
export function logRuleTester(rule: Rule, cases: { valid: LogCase[]; invalid: FiringCase[] }): void {
  describe(rule.meta.id, () => {
    it.each(cases.valid)('does not fire: $name', async ({ log, limits, options }) => {
      const r = await runOn(log, [rule], limits, options);
      expect(r.inputErrors).toEqual([]);
      expect(r.findings.map((f) => f.message)).toEqual([]);
    });
    it.each(cases.invalid)('fires: $name', async ({ log, limits, options, findings }) => {
      const r = await runOn(log, [rule], limits, options);
      expect(r.inputErrors).toEqual([]);
      expect(r.findings.map((f) => f.message)).toHaveLength(findings.length);
      findings.forEach((want, i) => {
        const got = r.findings[i]!;
        expect(got.ruleId).toBe(rule.meta.id);
        expect({ file: got.subject.span?.file, line: got.subject.span?.line, column: got.subject.span?.column }).toEqual({ file: 'app.log', line: want.line, column: want.column });
        if (want.message instanceof RegExp) expect(got.message).toMatch(want.message);
        else expect(got.message).toBe(want.message);
        if (want.evidenceLines) expect(got.evidence.filter((e) => e.span).map((e) => e.span?.line)).toEqual(want.evidenceLines);
      });
    });
  });
}
