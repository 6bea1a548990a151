import { afterAll, describe, expect, it } from 'vitest';
import rule from '../../../src/rules/image/image-single-platform-wrong-arch.js';
import { closeClients } from '../../image/registry/context.js';
import { SKIP, deployment, lines, lintImages, plainRepo, pushGoImage, pushGoIndex } from './helpers.js';

if (SKIP) it.skip(`image rule tests SKIPPED: ${SKIP}`, () => undefined);

describe.skipIf(SKIP !== '')('image-single-platform-wrong-arch', () => {
  afterAll(closeClients);

  it('fires for a single-platform amd64 image on arm64-pinned pods, not for an index (B4: image-missing-node-platform)', async () => {
    const name = plainRepo();
    const amd = await pushGoImage(name, { binary: 'server-static', tag: 'amd' });
    const index = await pushGoIndex(name, 'multi', [{ pushed: amd.pushed, platform: { os: 'linux', architecture: 'amd64' } }]);
    const pin = '      nodeSelector:\n        kubernetes.io/arch: arm64';
    const r = await lintImages({ 'a.yaml': deployment(index, pin), 'b.yaml': deployment(amd.ref, pin) }, [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(lines(r)).toEqual([
      `b.yaml:14:18 image-single-platform-wrong-arch A4 container "api": ${amd.ref} is a single-platform linux/amd64 image, but its pods are pinned to linux/arm64 nodes: the binary fails there with "exec format error"`,
    ]);
    expect(r.findings[0]!.evidence[1]).toMatchObject({ message: 'nodes restricted to arm64', fieldPath: 'spec.template.spec.nodeSelector.kubernetes.io/arch' });
  });

  it('does not fire for a multi-arch index against an arm64-only node affinity', async () => {
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
