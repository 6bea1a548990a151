import { afterAll, describe, expect, it } from 'vitest';
import rule from '../../../src/rules/image/image-entrypoint-not-runnable.js';
import { closeClients } from '../../image/registry/context.js';
import { SKIP, deployment, lines, lintImages, plainRepo, pushGoImage } from './helpers.js';

if (SKIP) it.skip(`image rule tests SKIPPED: ${SKIP}`, () => undefined);

describe.skipIf(SKIP !== '')('image-entrypoint-not-runnable', () => {
  afterAll(closeClients);

  it('fires for a missing entrypoint, a file without x bits, and one only its owner may run', async () => {
    const missing = await pushGoImage(plainRepo(), { binary: 'hello', config: { Entrypoint: ['/server'] } });
    const noExec = await pushGoImage(plainRepo(), { binary: 'hello', mode: 0o644 });
    const ownerOnly = await pushGoImage(plainRepo(), { binary: 'hello', mode: 0o700, config: { Entrypoint: ['/app'], User: '65532' } });
    const r = await lintImages({ 'a.yaml': deployment(missing.ref), 'b.yaml': deployment(noExec.ref), 'c.yaml': deployment(ownerOnly.ref) }, [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(lines(r)).toEqual([
      'a.yaml:14:18 image-entrypoint-not-runnable C1 container "api": the entrypoint /server does not exist in the image: the container fails with "no such file or directory"',
      'b.yaml:14:18 image-entrypoint-not-runnable C1 container "api": the entrypoint /app has no execute bit: the container fails with "permission denied"',
      'c.yaml:14:18 image-entrypoint-not-runnable C1 container "api": the entrypoint /app is not executable by user 65532 (uid 65532): the container fails with "permission denied"',
    ]);
    expect(r.findings[1]!.evidence[1]!.message).toBe('/app: layer 1 of 1, mode 0644, uid 0');
  });

  it('does not fire for an executable entrypoint, or when the pod overrides the command', async () => {
    const ok = await pushGoImage(plainRepo(), { binary: 'hello' });
    const missing = await pushGoImage(plainRepo(), { binary: 'hello', config: { Entrypoint: ['/server'] } });
    const r = await lintImages({ 'a.yaml': deployment(ok.ref), 'b.yaml': deployment(missing.ref, '          command: [/app]') }, [rule]);
    expect(lines(r)).toEqual([]);
  });
});
