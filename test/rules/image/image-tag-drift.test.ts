import { afterAll, describe, expect, it } from 'vitest';
import rule from '../../../src/rules/image/image-tag-drift.js';
import { closeClients } from '../../image/registry/context.js';
import { SKIP, deployment, lines, lintImages, plainRepo, pushGoImage } from './helpers.js';

if (SKIP) it.skip(`image rule tests SKIPPED: ${SKIP}`, () => undefined);

describe.skipIf(SKIP !== '')('image-tag-drift', () => {
  afterAll(closeClients);

  it('fires when a tag was re-pushed after being pinned, and when another manifest deploys the moved tag', async () => {
    const name = plainRepo();
    const first = await pushGoImage(name, { binary: 'hello', tag: '1.4' });
    const second = await pushGoImage(name, { binary: 'server-static', tag: '1.4' });
    const pinned = `${name}:1.4@${first.pushed.manifest.digest}`;
    const r = await lintImages({ 'a.yaml': deployment(pinned), 'b.yaml': deployment(`${name}:1.4`) }, [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(lines(r)).toEqual([
      `a.yaml:14:18 image-tag-drift B7 container "api": ${pinned} pins ${first.pushed.manifest.digest.slice(0, 19)}…, but the tag now points at ${second.pushed.manifest.digest}: the tag was pushed again since it was pinned`,
      `b.yaml:14:18 image-tag-drift B7 container "api": ${name}:1.4 resolves to ${second.pushed.manifest.digest}, but ${name}:1.4 is pinned to ${first.pushed.manifest.digest.slice(0, 19)}… elsewhere: two different images run under one tag`,
    ]);
    expect(r.findings[1]!.evidence[0]).toMatchObject({ span: { file: 'a.yaml', line: 14 }, message: `pinned here: ${pinned}` });
  });

  it('does not fire when the pin and the tag agree', async () => {
    const name = plainRepo();
    const { pushed } = await pushGoImage(name, { binary: 'hello', tag: '1.4' });
    const r = await lintImages({ 'a.yaml': deployment(`${name}:1.4@${pushed.manifest.digest}`), 'b.yaml': deployment(`${name}:1.4`) }, [rule]);
    expect(lines(r)).toEqual([]);
  });
});
