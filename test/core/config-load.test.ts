import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/core/config.js';
import { loadConfig, unknownRuleIds } from '../../src/core/config-load.js';

const made: string[] = [];
afterEach(async () => {
  for (const d of made.splice(0)) await fs.rm(d, { recursive: true, force: true });
});

async function rootWith(files: Record<string, string>): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'kubewhy-config-'));
  made.push(root);
  for (const [rel, text] of Object.entries(files)) await fs.writeFile(path.join(root, rel), text);
  return root;
}

async function load(yaml: string) {
  return loadConfig(await rootWith({ '.kubewhy.yaml': yaml }));
}

describe('loadConfig', () => {
  it('returns defaults when there is no config file', async () => {
    expect(await loadConfig(await rootWith({}))).toEqual({ config: defaultConfig(), errors: [] });
  });

  it('reads every setting', async () => {
    const { config, errors } = await load(
      [
        'rules:',
        '  image-latest-tag: off',
        '  missing-probes: warning',
        '  go-toolchain-mismatch:',
        '    severity: error',
        '    options: { allowPatch: true, images: [golang] }',
        '  disabled-rule: { enabled: false }',
        'ignore: ["test/**", "!test/keep.yaml"]',
        'buildArgs:',
        '  GO_VERSION: 1.20',
        '  CGO: 0',
        '  NAME: api',
        'limits:',
        '  maxFileBytes: 20MB',
        '  maxAliasCount: 0',
        '  maxDocuments: 500',
      ].join('\n'),
    );
    expect(errors).toEqual([]);
    expect(config).toEqual({
      file: '.kubewhy.yaml',
      rules: {
        'image-latest-tag': { enabled: false },
        'missing-probes': { severity: 'warning' },
        'go-toolchain-mismatch': { severity: 'error', options: { allowPatch: true, images: ['golang'] } },
        'disabled-rule': { enabled: false },
      },
      ignore: ['test/**', '!test/keep.yaml'],
      buildArgs: { GO_VERSION: '1.20', CGO: '0', NAME: 'api' },
      limits: { maxFileBytes: 20 * 1024 * 1024, maxAliasCount: 0, maxDocuments: 500 },
    });
  });

  it('falls back to .kubewhy.yml', async () => {
    const { config } = await loadConfig(await rootWith({ '.kubewhy.yml': 'ignore: [x]\n' }));
    expect(config.file).toBe('.kubewhy.yml');
    expect(config.ignore).toEqual(['x']);
  });

  it('points at each bad value and keeps the good ones', async () => {
    const { config, errors } = await load(
      [
        'rules:', // 1
        '  a: fatal', // 2
        '  b:', // 3
        '    severity: loud', // 4
        '    enabled: "no"', // 5
        '    colour: red', // 6
        '  c: warning', // 7
        'buildArgs:', // 8
        '  LIST: [1, 2]', // 9
        'limits:', // 10
        '  maxFileBytes: huge', // 11
        '  maxDocuments: 0', // 12
        '  timeout: 5', // 13
        'colour: blue', // 14
      ].join('\n'),
    );
    expect(errors).toEqual([
      { file: '.kubewhy.yaml', line: 2, column: 6, message: 'rules.a: expected off, on, error, warning, info or a mapping, got "fatal"' },
      { file: '.kubewhy.yaml', line: 4, column: 15, message: 'rules.b.severity: expected error, warning or info, got "loud"' },
      { file: '.kubewhy.yaml', line: 5, column: 14, message: 'rules.b.enabled: expected true or false, got "no"' },
      { file: '.kubewhy.yaml', line: 6, column: 5, message: 'rules.b: unknown key "colour" (expected enabled, severity, options)' },
      { file: '.kubewhy.yaml', line: 9, column: 9, message: 'buildArgs.LIST: expected a string, got a list' },
      { file: '.kubewhy.yaml', line: 11, column: 17, message: 'limits.maxFileBytes: expected a positive size like 20971520 or 20MB, got "huge"' },
      { file: '.kubewhy.yaml', line: 12, column: 17, message: 'limits.maxDocuments: expected a whole number ≥ 1, got 0' },
      { file: '.kubewhy.yaml', line: 13, column: 3, message: 'limits: unknown key "timeout" (expected maxFileBytes, maxAliasCount, maxDocuments)' },
      { file: '.kubewhy.yaml', line: 14, column: 1, message: 'unknown key "colour" (expected rules, ignore, buildArgs, limits, webhook)' },
    ]);
    expect(config.rules).toEqual({ b: {}, c: { severity: 'warning' } });
    expect(config.limits).toEqual(defaultConfig().limits);
  });

  it('explains unquoted globs that YAML reads as aliases or tags', async () => {
    const { config, errors } = await load('ignore:\n  - *.yaml\n  - !keep.yaml\n  - ok/\n');
    expect(errors).toEqual([
      { file: '.kubewhy.yaml', line: 2, column: 5, message: 'ignore: *.yaml reads as a YAML alias; quote the value' },
      { file: '.kubewhy.yaml', line: 3, column: 5, message: 'ignore: !keep.yaml reads as a YAML tag; quote the pattern' },
    ]);
    expect(config.ignore).toEqual(['ok/']);
  });

  it('reports malformed YAML with its position and uses defaults', async () => {
    const { config, errors } = await load('rules:\n  a: off\n  a: error\n');
    expect(config).toEqual(defaultConfig());
    expect(errors).toEqual([{ file: '.kubewhy.yaml', line: 3, column: 3, message: 'invalid YAML: Map keys must be unique' }]);
  });

  it('rejects a config that is not a mapping', async () => {
    const { errors } = await load('- rules\n');
    expect(errors).toEqual([{ file: '.kubewhy.yaml', line: 1, column: 1, message: 'the config file: expected a mapping, got a list' }]);
  });

  it('accepts an empty file', async () => {
    expect((await load('# nothing yet\n')).errors).toEqual([]);
  });

  it('reads an explicit path and reports one that is missing', async () => {
    const root = await rootWith({ 'ci.yaml': 'rules: { a: off }\n' });
    expect((await loadConfig(root, path.join(root, 'ci.yaml'))).config.rules).toEqual({ a: { enabled: false } });
    expect(await loadConfig(root, path.join(root, 'nope.yaml'))).toEqual({
      config: defaultConfig(),
      errors: [{ file: 'nope.yaml', message: 'cannot read: no such file or directory' }],
    });
  });
});

describe('unknownRuleIds', () => {
  it('lists configured ids no rule has, sorted', () => {
    const config = defaultConfig();
    config.rules = { zeta: {}, known: {}, alpha: { enabled: false } };
    expect(unknownRuleIds(config, ['known'])).toEqual(['alpha', 'zeta']);
  });
});
