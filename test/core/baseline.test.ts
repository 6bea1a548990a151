import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBaseline, writeBaseline } from '../../src/core/baseline.js';
import type { Finding, Subject, Suppression } from '../../src/core/finding.js';

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kubewhy-baseline-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

function finding(ruleId: string, fingerprint: string, subject: Subject, suppressed?: Suppression): Finding {
  return { ruleId, fault: 'A1', severity: 'error', message: `${ruleId} here`, subject, evidence: [], fix: '', verify: '', fingerprint, ...(suppressed ? { suppressed } : {}) };
}

const at = (file: string, line: number) => ({ span: { file, line, column: 1, endLine: line, endColumn: 2 } });

describe('writeBaseline / readBaseline', () => {
  it('writes open findings sorted and de-duplicated, and reads them back', async () => {
    const file = path.join(dir, 'baseline.json');
    await writeBaseline(file, [
      finding('z-rule', 'fp3', at('b.yaml', 1)),
      finding('a-rule', 'fp2', { ...at('b.yaml', 9), object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'api' } }),
      finding('a-rule', 'fp2', at('b.yaml', 12)),
      finding('c-rule', 'fp1', { object: { apiVersion: 'v1', kind: 'Pod', name: 'p' } }),
      finding('ignored', 'fp4', at('a.yaml', 1), { kind: 'annotation', source: 'a.yaml:3 kubewhy.dev/ignore' }),
      finding('debt', 'fp5', at('a.yaml', 2), { kind: 'baseline', source: 'baseline.json' }),
    ]);
    const written: unknown = JSON.parse(await fs.readFile(file, 'utf8'));
    expect(written).toEqual({
      version: 1,
      generated: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      findings: [
        { ruleId: 'c-rule', fingerprint: 'fp1', object: 'Pod/p', message: 'c-rule here' },
        { ruleId: 'debt', fingerprint: 'fp5', file: 'a.yaml', message: 'debt here' },
        { ruleId: 'a-rule', fingerprint: 'fp2', file: 'b.yaml', object: 'Deployment/shop/api', message: 'a-rule here' },
        { ruleId: 'z-rule', fingerprint: 'fp3', file: 'b.yaml', message: 'z-rule here' },
      ],
    });
    const { baseline, error } = await readBaseline(file);
    expect(error).toBeUndefined();
    expect([...(baseline?.fingerprints ?? [])].sort()).toEqual(['fp1', 'fp2', 'fp3', 'fp5']);
    expect(await fs.readdir(dir)).toEqual(['baseline.json']);
  });

  it('reports malformed JSON with line and column', async () => {
    const file = path.join(dir, 'broken.json');
    await fs.writeFile(file, '{\n  "version": 1,\n  "findings": [,]\n}\n');
    const { baseline, error } = await readBaseline(file);
    expect(baseline).toBeUndefined();
    expect(error).toEqual({ file, line: 3, column: 16, message: "malformed baseline JSON: Unexpected token ','" });
    await fs.writeFile(file, '{\n  "version" 1}');
    expect((await readBaseline(file)).error).toEqual({
      file,
      line: 2,
      column: 13,
      message: "malformed baseline JSON: Expected ':' after property name",
    });
  });

  it('rejects JSON that is not a baseline', async () => {
    const file = path.join(dir, 'other.json');
    await fs.writeFile(file, '{"version": 1, "findings": [{"ruleId": "x"}]}');
    expect((await readBaseline(file)).error?.message).toBe('not a kubewhy baseline: findings[0] has no "fingerprint" string');
    await fs.writeFile(file, '[]');
    expect((await readBaseline(file)).error?.message).toBe('not a kubewhy baseline: expected {"version": 1, "findings": [...]}');
  });

  it('reports a missing baseline file', async () => {
    expect((await readBaseline(path.join(dir, 'nope.json'))).error?.message).toBe('cannot read baseline: no such file or directory');
  });
});
