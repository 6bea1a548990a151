import { afterAll, describe, expect, it } from 'vitest';
import rule from '../../../src/rules/image/image-missing-node-platform.js';
import { closeClients } from '../../image/registry/context.js';
import { SKIP, deployment, lines, lintImages, plainRepo, pushGoImage, pushGoIndex } from './helpers.js';

if (SKIP) it.skip(`image rule tests SKIPPED: ${SKIP}`, () => undefined);

describe.skipIf(SKIP !== '')('image-missing-node-platform', () => {
  afterAll(closeClients);

  it('fires for an index without the arm64 the pods are pinned to, not for a single-platform image (A4: image-single-platform-wrong-arch)', async () => {
    const name = plainRepo();
    const amd = await pushGoImage(name, { binary: 'server-static', tag: 'amd' });
    const index = await pushGoIndex(name, 'multi', [{ pushed: amd.pushed, platform: { os: 'linux', architecture: 'amd64' } }]);
    const pin = '      nodeSelector:\n        kubernetes.io/arch: arm64';
    const r = await lintImages({ 'a.yaml': deployment(index, pin), 'b.yaml': deployment(amd.ref, pin) }, [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(lines(r)).toEqual([
      `a.yaml:14:18 image-missing-node-platform B4 container "api": ${index} is an index of linux/amd64, but its pods are pinned to linux/arm64 nodes: the pull fails with "no match for platform in manifest"`,
    ]);
    expect(r.findings[0]!.evidence[1]).toMatchObject({ message: 'nodes restricted to arm64', fieldPath: 'spec.template.spec.nodeSelector.kubernetes.io/arch' });
  });

  it('does not fire for a multi-arch index against an arm64-only node affinity, and reads the arm64 image', async () => {
    const name = plainRepo();
    const amd = await pushGoImage(name, { binary: 'server-static', tag: 'amd' });
    const arm = await pushGoImage(name, { binary: 'server-arm64', tag: 'arm', platform: { os: 'linux', architecture: 'arm64' } });
    const index = await pushGoIndex(name, 'multi', [
      { pushed: amd.pushed, platform: { os: 'linux', architecture: 'amd64' } },
      { pushed: arm.pushed, platform: { os: 'linux', architecture: 'arm64' } },
    ]);
    const affinity = [
      '      affinity:',
      '        nodeAffinity:',
      '          requiredDuringSchedulingIgnoredDuringExecution:',
      '            nodeSelectorTerms:',
      '              - matchExpressions:',
      '                  - {key: kubernetes.io/arch, operator: In, values: [arm64]}',
    ].join('\n');
    const r = await lintImages({ 'a.yaml': deployment(index, affinity) }, [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(lines(r)).toEqual([]);
  });
});
