import { afterAll, describe, expect, it } from 'vitest';
import rule from '../../../src/rules/image/image-binary-arch-mismatch.js';
import { closeClients } from '../../image/registry/context.js';
import { SKIP, deployment, lines, lintImages, plainRepo, pushGoImage, pushGoIndex } from './helpers.js';

if (SKIP) it.skip(`image rule tests SKIPPED: ${SKIP}`, () => undefined);

describe.skipIf(SKIP !== '')('image-binary-arch-mismatch', () => {
  afterAll(closeClients);

  it('fires for an arm64 ELF in an image whose config says amd64', async () => {
    const { ref } = await pushGoImage(plainRepo(), { binary: 'server-arm64' });
    const r = await lintImages({ 'deploy.yaml': deployment(ref) }, [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(lines(r)).toEqual([
      `deploy.yaml:14:18 image-binary-arch-mismatch A4 container "api": /app in ${ref} is built for arm64, the image for amd64: it fails with "exec format error" on amd64 nodes`,
    ]);
    expect(r.findings[0]!.evidence.map((e) => e.message).slice(1)).toEqual(['image config architecture: amd64', 'Go build info: GOARCH=arm64']);
  });

  it('does not fire when the ELF matches the config', async () => {
    const { ref } = await pushGoImage(plainRepo(), { binary: 'server-arm64', platform: { os: 'linux', architecture: 'arm64' } });
    const r = await lintImages({ 'deploy.yaml': deployment(ref) }, [rule]);
    expect(lines(r)).toEqual([]);
  });

  it('judges the index entry of the architecture the pods are pinned to, and only that one', async () => {
    const name = plainRepo();
    const amd = await pushGoImage(name, { binary: 'server-static', tag: 'amd' });
    // A broken arm64 entry: the amd64 build pushed under an arm64 config.
    const arm = await pushGoImage(name, { binary: 'server-static', tag: 'arm', platform: { os: 'linux', architecture: 'arm64' } });
    const index = await pushGoIndex(name, 'multi', [
      { pushed: amd.pushed, platform: { os: 'linux', architecture: 'amd64' } },
      { pushed: arm.pushed, platform: { os: 'linux', architecture: 'arm64' } },
    ]);
    const pinned = await lintImages({ 'deploy.yaml': deployment(index, '      nodeSelector:\n        kubernetes.io/arch: arm64') }, [rule]);
    expect(lines(pinned)).toEqual([
      `deploy.yaml:14:18 image-binary-arch-mismatch A4 container "api": /app in ${index} is built for amd64, the image for arm64: it fails with "exec format error" on arm64 nodes`,
    ]);
    expect(pinned.findings[0]!.evidence[0]!.message).toContain(`${index} linux/arm64 (${arm.pushed.manifest.digest.slice(0, 19)}…)`);
    const unpinned = await lintImages({ 'deploy.yaml': deployment(index) }, [rule]);
    expect(lines(unpinned)).toEqual([]);
  });
});
