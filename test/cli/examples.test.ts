import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli.js';
import { lintDir } from '../helpers/workspace.js';

/** The seeded faults of examples/broken-shop, as listed in its EXPECTED.md. */
const SEEDED = [
  ['go-toolchain-mismatch', 'A1', 'Dockerfile', 4, 6],
  ['copy-before-mod-download', 'A5', 'Dockerfile', 6, 1],
  ['base-image-latest', 'A6', 'Dockerfile', 12, 6],
  ['runtime-stage-golang-image', 'A6', 'Dockerfile.debug', 4, 6],
  ['no-liveness-probe', 'D3', 'deploy/orders.yaml', 27, 11],
  ['no-readiness-probe', 'D3', 'deploy/orders.yaml', 27, 11],
  ['no-resource-requests', 'E3', 'deploy/orders.yaml', 27, 11],
  ['image-latest-tag', 'B7', 'deploy/orders.yaml', 28, 18],
  ['image-latest-tag', 'B7', 'deploy/worker.yaml', 28, 18],
  // Hygiene the example also has (info): reported, not seeded on purpose.
  ['no-build-cache-mount', 'A5', 'Dockerfile', 7, 1],
  ['no-build-cache-mount', 'A5', 'Dockerfile.debug', 7, 1],
  ['base-not-pinned-by-digest', 'A7', 'Dockerfile.debug', 4, 6],
  ['go-build-flags', 'A6', 'Dockerfile.debug', 9, 1],
  ['no-prestop-delay', 'D4', 'deploy/orders.yaml', 27, 11],
  ['readonly-rootfs-without-tmp', 'C3', 'deploy/orders.yaml', 42, 37],
  ['readonly-rootfs-without-tmp', 'C3', 'deploy/worker.yaml', 57, 37],
  ['readonly-rootfs-without-tmp', 'C3', 'deploy/migrate-job.yaml', 40, 37],
] as const;

describe('bundled examples', () => {
  it('broken-shop: every seeded fault, with rule id, fault id and exact position, and nothing else', async () => {
    const root = join(REPO, 'examples/broken-shop');
    const r = await lintDir(root);
    expect(r.inputErrors).toEqual([]);
    const got = r.findings.map((f) => [f.ruleId, f.fault, f.subject.span?.file, f.subject.span?.line, f.subject.span?.column]);
    const key = (x: readonly unknown[]) => x.join(':');
    expect(got.map(key).sort()).toEqual(SEEDED.map(key).sort());
  });

  it('clean-service: nothing above info; the one info is digest pinning, a deliberate judgment call', async () => {
    const r = await lintDir(join(REPO, 'examples/clean-service'));
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map((f) => [f.ruleId, f.severity, f.subject.span?.file, f.subject.span?.line])).toEqual([
      ['base-not-pinned-by-digest', 'info', 'Dockerfile', 14],
    ]);
  });
});
