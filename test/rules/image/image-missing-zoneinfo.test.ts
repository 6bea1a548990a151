import { afterAll, describe, expect, it } from 'vitest';
import rule from '../../../src/rules/image/image-missing-zoneinfo.js';
import { closeClients } from '../../image/registry/context.js';
import { SKIP, deployment, lines, lintImages, plainRepo, pushGoImage } from './helpers.js';

if (SKIP) it.skip(`image rule tests SKIPPED: ${SKIP}`, () => undefined);

describe.skipIf(SKIP !== '')('image-missing-zoneinfo', () => {
  afterAll(closeClients);

  it('fires for TZ in the pod env with no zoneinfo and no embedded tzdata', async () => {
    const { ref } = await pushGoImage(plainRepo(), { binary: 'server-static' });
    const env = '          env:\n            - {name: TZ, value: Europe/Berlin}';
    const r = await lintImages({ 'deploy.yaml': deployment(ref, env) }, [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(lines(r)).toEqual([
      `deploy.yaml:14:18 image-missing-zoneinfo A6 container "api": ${ref} has no time zone data and TZ=Europe/Berlin is set: the zone is ignored (UTC) and LoadLocation fails with "unknown time zone Europe/Berlin"`,
    ]);
    expect(r.findings[0]!.evidence[2]).toMatchObject({ message: 'TZ=Europe/Berlin', span: { line: 16 } });
  });

  it('does not fire when the binary embeds tzdata (-tags timetzdata) or the image has zoneinfo', async () => {
    const embedded = await pushGoImage(plainRepo(), { binary: 'hello', config: { Entrypoint: ['/app'], Env: ['TZ=Europe/Berlin'] } });
    const withZones = await pushGoImage(plainRepo(), { binary: 'server-static', config: { Entrypoint: ['/app'], Env: ['TZ=Europe/Berlin'] }, files: [{ path: 'usr/share/zoneinfo/Europe/Berlin', content: 'TZif2' }] });
    const r = await lintImages({ 'a.yaml': deployment(embedded.ref), 'b.yaml': deployment(withZones.ref) }, [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(lines(r)).toEqual([]);
  });
});
