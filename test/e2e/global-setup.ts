// vitest globalSetup of the `e2e` project: one real control plane for the whole run.
// The binaries come from scripts/control-plane/build.sh (scripts/test.sh runs it first and exports
// KUBEWHY_CONTROL_PLANE_DIR). Without binaries the e2e tests are skipped, loudly — unless
// KUBEWHY_E2E_REQUIRED=1, which makes that an error.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ControlPlane, type ClusterInfo } from './harness/control-plane.js';

declare module 'vitest' {
  export interface ProvidedContext {
    cluster: ClusterInfo | null;
    clusterSkipReason: string;
  }
}

const REPO = join(new URL('.', import.meta.url).pathname, '../..');
const say = (msg: string): void => {
  process.stderr.write(`[e2e control plane] ${msg}\n`);
};

function cacheDir(): string | undefined {
  const fromEnv = process.env.KUBEWHY_CONTROL_PLANE_DIR;
  if (fromEnv) return existsSync(join(fromEnv, 'manifest.env')) ? fromEnv : undefined;
  try {
    return execFileSync('bash', [join(REPO, 'scripts/control-plane/build.sh'), '--print-dir'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const dir = process.env.KUBEWHY_SKIP_CONTROL_PLANE === '1' ? undefined : cacheDir();
  if (!dir) {
    const reason =
      process.env.KUBEWHY_SKIP_CONTROL_PLANE === '1'
        ? 'KUBEWHY_SKIP_CONTROL_PLANE=1'
        : 'no control-plane binaries: run `bash scripts/control-plane/build.sh` (needs Go and the Go module proxy)';
    if (process.env.KUBEWHY_E2E_REQUIRED === '1') throw new Error(`e2e tests required but ${reason}`);
    say(`SKIPPING the e2e tests: ${reason}`);
    project.provide('cluster', null);
    project.provide('clusterSkipReason', reason);
    return undefined;
  }
  say(`starting from ${dir}`);
  const cp = await ControlPlane.start({ cacheDir: dir, keepRunDir: process.env.KUBEWHY_E2E_KEEP === '1', log: say });
  say(`ready in ${cp.info.startSeconds.toFixed(1)}s: Kubernetes ${cp.info.k8sVersion} at ${cp.info.server}, kubeconfig ${cp.info.kubeconfig}`);
  project.provide('cluster', cp.info);
  project.provide('clusterSkipReason', '');
  return async () => {
    const t0 = Date.now();
    const { survivors, killed } = await cp.stop();
    say(`stopped in ${((Date.now() - t0) / 1000).toFixed(1)}s${killed.length ? ` (SIGKILL needed for ${killed.join(', ')})` : ''}`);
    if (survivors.length) throw new Error(`processes survived the e2e control plane teardown: ${survivors.join(' ')}`);
  };
}
