import { afterAll, describe, expect, it } from 'vitest';
import rule from '../../../src/rules/image/image-not-in-registry.js';
import { closeClients } from '../../image/registry/context.js';
import { SKIP, deployment, lines, lintImages, plainRepo, pushGoImage } from './helpers.js';

if (SKIP) it.skip(`image rule tests SKIPPED: ${SKIP}`, () => undefined);

describe.skipIf(SKIP !== '')('image-not-in-registry', () => {
  afterAll(closeClients);

  it('fires for a tag that was never pushed, with the registry code', async () => {
    const name = plainRepo();
    await pushGoImage(name, { binary: 'hello', tag: 'v1' });
    const r = await lintImages({ 'deploy.yaml': deployment(`${name}:v2`) }, [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(lines(r)).toHaveLength(1);
    expect(lines(r)[0]).toMatch(new RegExp(`^deploy\\.yaml:14:18 image-not-in-registry B1 container "api": ${name}:v2 cannot be pulled: .*\\[MANIFEST_UNKNOWN\\]$`));
    expect(r.findings[0]!.evidence[0]!.message).toMatch(/answered HTTP 404 MANIFEST_UNKNOWN/);
  });

  it('does not fire for a pushed tag', async () => {
    const name = plainRepo();
    const { ref } = await pushGoImage(name, { binary: 'hello' });
    expect(lines(await lintImages({ 'deploy.yaml': deployment(ref) }, [rule]))).toEqual([]);
  });
});
