// vitest globalSetup of the `registry` project: real registries on loopback for the whole run
// (test/image/registry/harness.ts). The binaries come from scripts/registry/install.sh; without
// them the registry tests are skipped, loudly — unless KUBEWHY_E2E_REQUIRED=1, which makes that an error.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startRegistries, type RegistryInfo } from './harness.js';

declare module 'vitest' {
  export interface ProvidedContext {
    registry: RegistryInfo | null;
    registrySkipReason: string;
  }
}

const say = (msg: string): void => {
  process.stderr.write(`[test registry] ${msg}\n`);
};

function installTools(): string {
  const script = join(import.meta.dirname, '../../../scripts/registry/install.sh');
  return execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 300_000 }).trim();
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  let binDir = '';
  let reason = '';
  if (process.env.KUBEWHY_SKIP_REGISTRY === '1') reason = 'KUBEWHY_SKIP_REGISTRY=1';
  else {
    try {
      binDir = installTools();
      if (!binDir) reason = 'scripts/registry/install.sh printed no directory';
    } catch (err) {
      reason = `scripts/registry/install.sh failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
    }
  }
  if (reason) {
    if (process.env.KUBEWHY_E2E_REQUIRED === '1') throw new Error(`registry tests required but ${reason}`);
    say(`SKIPPING the registry tests: ${reason}`);
    project.provide('registry', null);
    project.provide('registrySkipReason', reason);
    return undefined;
  }
  const t0 = Date.now();
  const running = await startRegistries(binDir);
  say(`4 registries up in ${Date.now() - t0} ms: tls ${running.info.tls.host}, plain ${running.info.plain.host}, token ${running.info.token.host}, expired-cert ${running.info.expired.host}`);
  project.provide('registry', running.info);
  project.provide('registrySkipReason', '');
  return () => running.stop();
}
