import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, unknownRuleIds } from '../../src/core/config-load.js';

const made: string[] = [];
afterEach(async () => {
  for (const d of made.splice(0)) await fs.rm(d, { recursive: true, force: true });
});

async function load(yaml: string) {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'kubewhy-config-'));
  made.push(root);
  await fs.writeFile(path.join(root, '.kubewhy.yaml'), yaml);
  return loadConfig(root);
}

describe('loadConfig: webhook section', () => {
  it('is absent unless written (lint ignores it)', async () => {
    const { config } = await load('rules:\n  image-latest-tag: off\n');
    expect(config.webhook).toBeUndefined();
  });

  it('reads actions, per-rule actions and exemptions over the defaults', async () => {
    const { config, errors } = await load(
      [
        'webhook:',
        '  actions: { warning: audit }',
        '  rules:',
        '    image-latest-tag: deny',
        '  exemptNamespaces: [kube-system, "team-*"]',
        '  exemptObjects:',
        '    - { namespace: shop, kind: Deployment, name: "legacy-*" }',
        '    - { name: debug }',
      ].join('\n'),
    );
    expect(errors).toEqual([]);
    expect(config.webhook).toEqual({
      actions: { error: 'deny', warning: 'audit', info: 'audit' },
      rules: { 'image-latest-tag': 'deny' },
      exemptNamespaces: ['kube-system', 'team-*'],
      exemptObjects: [{ namespace: 'shop', kind: 'Deployment', name: 'legacy-*' }, { name: 'debug' }],
    });
  });

  it('reports each bad value at its position and keeps the rest', async () => {
    const { config, errors } = await load(
      [
        'webhook:', // 1
        '  actions: { fatal: deny, error: block }', // 2
        '  rules: { image-latest-tag: reject, no-such-rule: warn }', // 3
        '  exemptNamespaces: kube-system', // 4
        '  exemptObjects:', // 5
        '    - { kind: Deployment }', // 6
        '    - { name: x, colour: red }', // 7
        '  mode: strict', // 8
      ].join('\n'),
    );
    expect(errors).toEqual([
      { file: '.kubewhy.yaml', line: 2, column: 14, message: 'webhook.actions: unknown severity "fatal" (expected error, warning, info)' },
      { file: '.kubewhy.yaml', line: 2, column: 34, message: 'webhook.actions.error: expected deny, warn, audit, got "block"' },
      { file: '.kubewhy.yaml', line: 3, column: 30, message: 'webhook.rules.image-latest-tag: expected deny, warn, audit, got "reject"' },
      { file: '.kubewhy.yaml', line: 4, column: 21, message: 'webhook.exemptNamespaces: expected a list of names, got "kube-system"' },
      { file: '.kubewhy.yaml', line: 6, column: 7, message: 'webhook.exemptObjects: each entry needs a name (use "*" for every name)' },
      { file: '.kubewhy.yaml', line: 7, column: 18, message: 'webhook.exemptObjects: unknown key "colour" (expected namespace, kind, name)' },
      { file: '.kubewhy.yaml', line: 8, column: 3, message: 'webhook: unknown key "mode" (expected actions, rules, exemptNamespaces, exemptObjects)' },
    ]);
    expect(config.webhook?.actions).toEqual({ error: 'deny', warning: 'warn', info: 'audit' });
    expect(config.webhook?.rules).toEqual({ 'no-such-rule': 'warn' });
    expect(config.webhook?.exemptObjects).toEqual([{ name: 'x' }]);
    expect(unknownRuleIds(config, ['image-latest-tag'])).toEqual(['no-such-rule']);
  });
});
