import { afterAll, describe, expect, it } from 'vitest';
import rule from '../../../src/rules/image/image-tag-not-pinned.js';
import { closeClients } from '../../image/registry/context.js';
import { SKIP, deployment, lines, lintImages, plainRepo, pushGoImage } from './helpers.js';

if (SKIP) it.skip(`image rule tests SKIPPED: ${SKIP}`, () => undefined);

describe.skipIf(SKIP !== '')('image-tag-not-pinned', () => {
  afterAll(closeClients);

  it('fires (info) for :latest with the digest to pin', async () => {
    const name = plainRepo();
    const { pushed } = await pushGoImage(name, { binary: 'hello', tag: 'latest' });
    const r = await lintImages({ 'deploy.yaml': deployment(name) }, [rule]);
    expect(lines(r)).toEqual([
      `deploy.yaml:14:18 image-tag-not-pinned B7 container "api": the moving tag ${name} resolves to ${pushed.manifest.digest} now; pin it: ${name}@${pushed.manifest.digest}`,
    ]);
    expect(r.findings[0]!.severity).toBe('info');
  });

  it('does not fire for a release tag or a digest', async () => {
    const name = plainRepo();
    const { pushed } = await pushGoImage(name, { binary: 'hello', tag: '1.4.2' });
    const r = await lintImages({ 'a.yaml': deployment(`${name}:1.4.2`), 'b.yaml': deployment(`${name}@${pushed.manifest.digest}`) }, [rule]);
    expect(lines(r)).toEqual([]);
  });
});
