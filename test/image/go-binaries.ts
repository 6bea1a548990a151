// vitest globalSetup (unit project): the Go binaries test/image/facts packs into image layers,
// built by test/fixtures/image/build.sh and cached by source hash (~0 s when warm). Without Go
// (or gcc/readelf) the tests that need them are skipped, loudly — unless KUBEWHY_E2E_REQUIRED=1,
// which makes that an error. Also reports whether the `zstd` CLI (the encoder of the zstd
// layers) is on PATH.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Directory of the built binaries + meta.json; '' when they could not be built (see imageFixturesSkip). */
    imageFixtures: string;
    imageFixturesSkip: string;
    /** The zstd CLI is available to compress test layers. */
    zstdCli: boolean;
  }
}

export default function setup(project: TestProject): void {
  let dir = '';
  let skip = '';
  try {
    dir = execFileSync('bash', [join(import.meta.dirname, '../fixtures/image/build.sh')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 600_000,
    }).trim();
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim();
    skip = `Go image fixtures unavailable: ${stderr || (err instanceof Error ? err.message.split('\n')[0] : String(err))}`;
    if (process.env.KUBEWHY_E2E_REQUIRED === '1') throw new Error(`image fixtures required but ${skip}`);
    process.stderr.write(`[image fixtures] SKIPPING the tests on real Go binaries: ${skip}\n`);
  }
  let zstd = false;
  try {
    execFileSync('zstd', ['--version'], { stdio: 'ignore' });
    zstd = true;
  } catch {
    if (process.env.KUBEWHY_E2E_REQUIRED === '1') throw new Error('zstd layers required but the zstd CLI is not on PATH (apt-get install zstd)');
    process.stderr.write('[image fixtures] SKIPPING the zstd layer tests: no zstd CLI on PATH (apt-get install zstd)\n');
  }
  project.provide('imageFixtures', dir);
  project.provide('imageFixturesSkip', skip);
  project.provide('zstdCli', zstd);
}
