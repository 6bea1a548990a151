import { join } from 'node:path';
import { defaultConfig } from '../../src/core/config.js';
import { diagnose, type Target } from '../../src/core/diagnose.js';
import type { Finding } from '../../src/core/finding.js';
import type { RunResult } from '../../src/core/result.js';
import type { Rule } from '../../src/core/rule.js';
import { loadSnapshot } from '../../src/load/snapshot.js';
import { REPO } from './cli.js';

/** The real offline pipeline (snapshot loader, index, live rules) over a committed fixture. */
export async function diagnoseFixture(dir: string, rules: readonly Rule[], scope: { namespace?: string; target?: Target } = {}): Promise<RunResult> {
  const config = defaultConfig();
  const state = await loadSnapshot(join(REPO, 'test/fixtures/cluster', dir), config.limits);
  return diagnose({ state, config, rules, ...scope });
}

/** `Deployment/shop/api containers[0] api: message` — one comparable line per finding. */
export function summary(f: Finding): string {
  const o = f.subject.object;
  return `${o?.kind}/${o?.namespace}/${o?.name} ${f.subject.fieldPath} ${f.subject.container}: ${f.message}`;
}
