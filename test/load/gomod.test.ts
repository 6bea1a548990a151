import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareGoVersions, goVersionFromImageTag, loadGoMod } from '../../src/load/gomod.js';
import type { Span } from '../../src/core/finding.js';

const FIXTURES = new URL('../fixtures/gomod/', import.meta.url);
const read = (p: string): string => readFileSync(new URL(p, FIXTURES), 'utf8');

function span(file: string, line: number, column: number, endColumn: number): Span {
  return { file, line, column, endLine: line, endColumn };
}

describe('loadGoMod: a real service module', () => {
  const F = 'services/orders/go.mod';
  const { module: mod, errors } = loadGoMod(F, read('service/go.mod'), {
    goSum: read('service/go.sum'),
    modulesTxt: { file: 'services/orders/vendor/modules.txt', text: read('service/vendor/modules.txt') },
  });
  if (!mod) throw new Error('module not loaded');

  it('reads module, go and toolchain with their spans', () => {
    expect(errors).toEqual([]);
    expect(mod.file).toBe(F);
    expect(mod.dir).toBe('services/orders');
    expect(mod.module).toBe('github.com/acme/orders');
    expect(mod.moduleSpan).toEqual(span(F, 2, 1, 30));
    expect(mod.goVersion).toBe('1.22.3');
    expect(mod.goSpan).toEqual(span(F, 4, 1, 10));
    expect(mod.toolchain).toBe('go1.23.1');
    expect(mod.toolchainSpan).toEqual(span(F, 6, 1, 19));
  });

  it('reads single and block requires, quoted paths and // indirect', () => {
    expect(mod.requires).toEqual([
      { path: 'github.com/go-chi/chi/v5', version: 'v5.0.12', indirect: false, span: span(F, 8, 1, 41) },
      { path: 'github.com/jackc/pgx/v5', version: 'v5.5.5', indirect: false, span: span(F, 11, 2, 32) },
      { path: 'go.uber.org/zap', version: 'v1.27.0', indirect: false, span: span(F, 12, 2, 25) },
      { path: 'golang.org/x/sys', version: 'v0.19.0', indirect: true, span: span(F, 13, 2, 28) },
      { path: 'github.com/jackc/pgpassfile', version: 'v1.0.0', indirect: true, span: span(F, 14, 2, 36) },
    ]);
  });

  it('reads replaces with and without versions, including local paths', () => {
    expect(mod.replaces).toEqual([
      { from: 'github.com/acme/shared', to: '../shared', span: span(F, 17, 1, 44) },
      {
        from: 'go.uber.org/zap',
        fromVersion: 'v1.27.0',
        to: 'github.com/acme/zap',
        toVersion: 'v1.27.1-fork',
        span: span(F, 20, 2, 61),
      },
      { from: 'golang.org/x/sys', to: 'golang.org/x/sys', toVersion: 'v0.20.0', span: span(F, 21, 2, 46) },
    ]);
  });

  it('reads go.sum as path/version pairs, folding /go.mod lines', () => {
    expect(mod.sum).toEqual(
      new Set([
        'github.com/go-chi/chi/v5 v5.0.12',
        'github.com/jackc/pgx/v5 v5.5.5',
        'go.uber.org/zap v1.27.0',
      ]),
    );
  });

  it('reads vendor/modules.txt with explicit markers and replacements', () => {
    expect(mod.vendor).toEqual({
      file: 'services/orders/vendor/modules.txt',
      modules: [
        { path: 'github.com/go-chi/chi/v5', version: 'v5.0.12', explicit: true, line: 1 },
        { path: 'github.com/jackc/pgpassfile', version: 'v1.0.0', explicit: false, line: 5 },
        { path: 'go.uber.org/zap', version: 'v1.27.0', explicit: true, line: 7 },
        { path: 'github.com/acme/shared', version: '', explicit: true, line: 10 },
      ],
    });
  });
});

describe('loadGoMod: minimal and missing inputs', () => {
  it('uses "." as the directory of a root go.mod and leaves absent parts undefined', () => {
    const { module: mod, errors } = loadGoMod('go.mod', 'module example.com/app\n', {});
    expect(errors).toEqual([]);
    expect(mod).toEqual({
      file: 'go.mod',
      dir: '.',
      module: 'example.com/app',
      moduleSpan: span('go.mod', 1, 1, 23),
      requires: [],
      replaces: [],
    });
  });

  it('handles CRLF, empty blocks and a quoted module path', () => {
    const { module: mod, errors } = loadGoMod('go.mod', 'module "example.com/q"\r\ngo 1.21\r\nrequire ()\r\n', {});
    expect(errors).toEqual([]);
    expect(mod?.module).toBe('example.com/q');
    expect(mod?.goSpan).toEqual(span('go.mod', 2, 1, 8));
  });

  it('reports a go.mod without a module line', () => {
    expect(loadGoMod('go.mod', 'go 1.22\n', {})).toEqual({ errors: [{ file: 'go.mod', message: 'no module directive' }] });
  });

  it('rejects binary content', () => {
    expect(loadGoMod('go.mod', 'module x\u0000\u0001', {}).errors).toEqual([{ file: 'go.mod', message: 'not a text file' }]);
  });

  it('reports malformed go.sum and modules.txt lines with their position', () => {
    const { errors, module: mod } = loadGoMod('go.mod', 'module example.com/app\n', {
      goSum: 'example.com/a v1.0.0 h1:x=\nexample.com/b v1.0.0\n',
      modulesTxt: { file: 'vendor/modules.txt', text: 'example.com/a\n# example.com/a v1.0.0\n## explicit\n#bad\n# a b c\n' },
    });
    expect(mod?.sum).toEqual(new Set(['example.com/a v1.0.0']));
    expect(mod?.vendor?.modules).toEqual([{ path: 'example.com/a', version: 'v1.0.0', explicit: true, line: 2 }]);
    expect(errors).toEqual([
      { file: 'go.sum', line: 2, column: 1, message: 'malformed go.sum line: want "module version hash"' },
      { file: 'vendor/modules.txt', line: 1, column: 1, message: 'package line before any "# module" line' },
      { file: 'vendor/modules.txt', line: 4, column: 1, message: 'malformed module line: #bad' },
      { file: 'vendor/modules.txt', line: 5, column: 1, message: 'malformed module line: # a b c' },
    ]);
  });
});

describe('loadGoMod: malformed go.mod', () => {
  const F = 'malformed/go.mod';
  const { module: mod, errors } = loadGoMod(F, read('malformed/go.mod'), {});

  it('reports every bad line with its position', () => {
    expect(errors).toEqual([
      { file: F, line: 3, column: 1, message: 'invalid go version "one.twenty": must match format 1.23.0' },
      { file: F, line: 4, column: 1, message: 'usage: require module/path v1.2.3' },
      { file: F, line: 7, column: 2, message: 'usage: require module/path v1.2.3' },
      { file: F, line: 9, column: 1, message: 'usage: replace module/path [v1.2.3] => other/module v1.4 | ../local/dir' },
      { file: F, line: 10, column: 1, message: 'unknown directive: frobnicate' },
      { file: F, line: 11, column: 30, message: 'unterminated quoted string' },
      { file: F, line: 12, column: 1, message: 'invalid toolchain "1.23": must match format go1.23.0 or default' },
      { file: F, line: 13, column: 1, message: 'replace block is missing its closing )' },
    ]);
  });

  it('keeps everything that did parse', () => {
    expect(mod?.module).toBe('example.com/broken');
    expect(mod?.goVersion).toBeUndefined();
    expect(mod?.toolchain).toBeUndefined();
    expect(mod?.requires.map((r) => r.path)).toEqual(['example.com/b']);
    expect(mod?.replaces.map((r) => [r.from, r.to])).toEqual([['example.com/g', './g']]);
  });
});

describe('compareGoVersions', () => {
  it.each([
    ['1.21', '1.21rc1', -1],
    ['1.21rc1', '1.21rc2', -1],
    ['1.21rc2', '1.21.0', -1],
    ['1.21.0', '1.21.1', -1],
    ['1.21.9', '1.21.10', -1],
    ['1.9', '1.10', -1],
    ['1.22', '1.22', 0],
    ['go1.22.1', '1.22.1', 0],
    ['go1.23', '1.22.5', 1],
    ['2.0', '1.99.9', 1],
    ['1.21beta1', '1.21rc1', -1],
    ['garbage', '1.0', -1],
    ['garbage', 'nonsense', 0],
  ])('%s vs %s', (a, b, want) => {
    expect(Math.sign(compareGoVersions(a, b))).toBe(want);
    expect(Math.sign(compareGoVersions(b, a))).toBe(want === 0 ? 0 : -want);
  });
});

describe('goVersionFromImageTag', () => {
  it.each([
    ['1.22', '1.22'],
    ['1.22.3', '1.22.3'],
    ['1.22-alpine', '1.22'],
    ['1.22.3-bookworm', '1.22.3'],
    ['1.22-alpine3.20', '1.22'],
    ['1.23rc1', '1.23rc1'],
    ['1.23rc1-alpine', '1.23rc1'],
    ['1.22-windowsservercore-ltsc2022', '1.22'],
    ['alpine', undefined],
    ['latest', undefined],
    ['bookworm', undefined],
    ['1', undefined],
    ['1-alpine', undefined],
    ['', undefined],
  ])('%s', (tag, want) => {
    expect(goVersionFromImageTag(tag)).toBe(want);
  });
});
