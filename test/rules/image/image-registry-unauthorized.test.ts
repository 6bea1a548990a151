import { afterAll, describe, expect, it } from 'vitest';
import rule from '../../../src/rules/image/image-registry-unauthorized.js';
import { closeClients, registry, tmp } from '../../image/registry/context.js';
import { SKIP, deployment, dockerConfig, lines, lintImages, plainRepo, tlsClient } from './helpers.js';
import { buildLayer, pushImage } from '../../helpers/oci-push.js';

if (SKIP) it.skip(`image rule tests SKIPPED: ${SKIP}`, () => undefined);

describe.skipIf(SKIP !== '')('image-registry-unauthorized', () => {
  afterAll(closeClients);

  it('fires for a wrong password in the Docker config, and never prints the password', async () => {
    const info = registry!;
    const name = `${info.tls.host}/${plainRepo().split('/').slice(1).join('/')}`;
    const secret = 'Wr0ng-Passw0rd-9f8e7d';
    const r = await lintImages({ 'deploy.yaml': deployment(`${name}:v1`) }, [rule], { caFile: [info.caFile], dockerConfig: dockerConfig(info.tls.host, 'alice', secret), cacheDir: tmp('lint-images') });
    expect(r.inputErrors).toEqual([]);
    expect(lines(r)).toHaveLength(1);
    expect(lines(r)[0]).toMatch(new RegExp(`^deploy\\.yaml:14:18 image-registry-unauthorized B2 container "api": the registry refuses ${name}:v1 with the available credentials: .*UNAUTHORIZED`));
    expect(JSON.stringify(r)).not.toContain(secret);
    expect(JSON.stringify(r)).not.toContain(Buffer.from(`alice:${secret}`).toString('base64'));
  });

  it('does not fire with the right password', async () => {
    const info = registry!;
    const name = `${info.tls.host}/${plainRepo().split('/').slice(1).join('/')}`;
    await pushImage(tlsClient(), name, { layers: [await buildLayer([{ path: 'app', content: 'x', mode: 0o755 }])], config: { Entrypoint: ['/app'] }, tag: 'v1' });
    const r = await lintImages({ 'deploy.yaml': deployment(`${name}:v1`) }, [rule], { caFile: [info.caFile], dockerConfig: dockerConfig(info.tls.host, 'alice', info.users.alice), cacheDir: tmp('lint-images') });
    expect(r.inputErrors).toEqual([]);
    expect(lines(r)).toEqual([]);
  });
});
