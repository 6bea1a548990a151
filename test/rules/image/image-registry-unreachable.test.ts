import { afterAll, describe, expect, it } from 'vitest';
import rule from '../../../src/rules/image/image-registry-unreachable.js';
import { closeClients, tmp } from '../../image/registry/context.js';
import { SKIP, deployment, lines, lintImages, plainRepo, pushGoImage, registryFlags } from './helpers.js';
import { freePort } from '../../image/registry/harness.js';

if (SKIP) it.skip(`image rule tests SKIPPED: ${SKIP}`, () => undefined);

describe.skipIf(SKIP !== '')('image-registry-unreachable', () => {
  afterAll(closeClients);

  it('fires for a registry port nothing listens on', async () => {
    const host = `127.0.0.1:${await freePort()}`;
    const r = await lintImages({ 'deploy.yaml': deployment(`${host}/app:v1`) }, [rule], { insecureRegistry: [`http://${host}`], cacheDir: tmp('lint-images') });
    expect(r.inputErrors).toEqual([]);
    expect(lines(r)).toHaveLength(1);
    expect(lines(r)[0]).toMatch(new RegExp(`^deploy\\.yaml:14:18 image-registry-unreachable B5 container "api": the registry for ${host}/app:v1 cannot be reached: `));
    expect(r.findings[0]!.evidence[0]!.message).toMatch(/refused/);
  });

  it('does not fire for a running registry', async () => {
    const { ref } = await pushGoImage(plainRepo(), { binary: 'hello' });
    expect(lines(await lintImages({ 'deploy.yaml': deployment(ref) }, [rule], registryFlags()))).toEqual([]);
  });
});
