import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Directory of real Go runtime output recorded by test/logs/fixtures/build.sh; '' without a Go toolchain. */
    logsFixtures: string;
  }
}

/** Builds and runs the Go fixture programs once per test run (cached by source hash: ~0 s when warm). */
export default function setup(project: TestProject): void {
  let dir = '';
  try {
    dir = execFileSync('bash', [join(import.meta.dirname, 'fixtures/build.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 300_000 }).trim();
  } catch (err) {
    // No Go toolchain: the recorded samples still run, the real-sample tests are skipped and say why.
    process.stderr.write(`test/logs/setup: Go fixtures unavailable (${err instanceof Error ? err.message.split('\n')[0] : String(err)})\n`);
  }
  project.provide('logsFixtures', dir);
}
