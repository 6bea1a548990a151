import { afterAll, describe, expect, it } from 'vitest';
import rule from '../../../src/rules/image/image-registry-tls.js';
import { closeClients, registry, tmp } from '../../image/registry/context.js';
import { SKIP, deployment, lines, lintImages } from './helpers.js';

if (SKIP) it.skip(`image rule tests SKIPPED: ${SKIP}`, () => undefined);

describe.skipIf(SKIP !== '')('image-registry-tls', () => {
  afterAll(closeClients);

  it('fires for a registry whose CA is not trusted', async () => {
    const info = registry!;
    const name = `${info.tls.host}/app`;
    const r = await lintImages({ 'deploy.yaml': deployment(`${name}:v1`) }, [rule], { cacheDir: tmp('lint-images') });
    expect(r.inputErrors).toEqual([]);
    expect(lines(r)).toHaveLength(1);
    expect(lines(r)[0]).toMatch(new RegExp(`^deploy\\.yaml:14:18 image-registry-tls B3 container "api": ${name}:v1 cannot be pulled over a trusted connection: `));
    expect(r.findings[0]!.evidence[0]!.message).toMatch(/unknown-authority|certificate/);
  });

  it('does not fire once the CA is given', async () => {
    const info = registry!;
    const name = `${info.tls.host}/app`;
    const r = await lintImages({ 'deploy.yaml': deployment(`${name}:v1`) }, [rule], { caFile: [info.caFile], cacheDir: tmp('lint-images') });
    expect(lines(r)).toEqual([]);
  });

  // Evaluated inside the tests: the registries exist only when the suite is not skipped.
  const cases = {
    'an expired certificate': () => ({ host: registry!.expired.host, flags: { caFile: [registry!.caFile] }, reason: /expired/ }),
    'plain HTTP spoken to an HTTPS port': () => ({ host: registry!.tls.host, flags: { insecureRegistry: [`http://${registry!.tls.host}`] }, reason: /HTTP/ }),
  };

  it.each(Object.keys(cases) as (keyof typeof cases)[])('fires for %s', async (name) => {
    const c = cases[name]();
    const r = await lintImages({ 'deploy.yaml': deployment(`${c.host}/app:v1`) }, [rule], { ...c.flags, cacheDir: tmp('lint-images') });
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map((f) => `${f.ruleId} ${f.fault}`)).toEqual(['image-registry-tls B3']);
    expect(r.findings[0]!.evidence[0]!.message).toMatch(c.reason);
  });
});
