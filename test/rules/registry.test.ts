import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faults } from '../../src/core/faults.js';
import { ruleDocs } from '../../src/core/rule-docs.js';
import { RULES } from '../../src/rules/index.js';

const SRC = join(import.meta.dirname, '../../src/rules');

function ruleFiles(): string[] {
  return readdirSync(SRC, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(SRC, d.name)).map((f) => `${d.name}/${f}`))
    // A domain may export its list from index.ts (src/rules/logs); that file is not a rule.
    .filter((f) => !f.endsWith('/index.ts'));
}

describe('rule registry', () => {
  it('registers every rule file exactly once, under its own id', () => {
    const ids = RULES.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ruleFiles().map((f) => f.replace(/^.*\//, '').replace(/\.ts$/, '')).sort()).toEqual([...ids].sort());
  });

  it.each(RULES.map((r) => [r.meta.id, r] as const))('%s has complete metadata, a catalog entry and a test file', (id, rule) => {
    const m = rule.meta;
    expect(m.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    for (const field of [m.title, m.why, m.fix, m.verify]) expect(field.trim().length).toBeGreaterThan(10);
    expect(faults().has(m.fault)).toBe(true);
    expect(m.needs.length).toBeGreaterThan(0);
    const file = ruleFiles().find((f) => f.endsWith(`/${id}.ts`))!;
    expect(existsSync(join(import.meta.dirname, `${file.replace(/\.ts$/, '')}.test.ts`))).toBe(true);
  });

  it('docs/rules is generated from the metadata and up to date', () => {
    const dir = join(import.meta.dirname, '../../docs/rules');
    const pages = ruleDocs(RULES);
    for (const [name, text] of pages) expect(readFileSync(join(dir, name), 'utf8'), `${name} is stale: run npm run docs`).toBe(text);
    expect(readdirSync(dir).sort()).toEqual([...pages.keys()].sort());
  });
});

describe('fault catalog', () => {
  it('parses every entry A1–K3, including inline ones', () => {
    const ids = [...faults().keys()];
    expect(ids).toContain('A1');
    expect(ids).toContain('B5');
    expect(ids).toContain('K3');
    expect(faults().get('B2')?.text).toMatch(/^\*\*B2 Auth\*\* \(error\): private registry/);
    expect(faults().get('A3')?.title).toBe('cgo / libc mismatch');
  });
});
