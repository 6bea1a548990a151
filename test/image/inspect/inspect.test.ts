import { afterAll, describe, expect, it } from 'vitest';
import { FactsCache, inspectImage } from '../../../src/image/inspect/index.js';
import { buildLayer, pushImage } from '../../helpers/oci-push.js';
import { client, closeClients, registry, tmp } from '../registry/context.js';
import { SKIP, binary, plainRepo } from '../../rules/image/helpers.js';

if (SKIP) it.skip(`image inspect tests SKIPPED: ${SKIP}`, () => undefined);

describe.skipIf(SKIP !== '')('inspectImage against a real registry', () => {
  afterAll(closeClients);

  it('cold: reads only the top layer when the entrypoint and every needed file sit there; cached: no blob request', async () => {
    const info = registry!;
    const pusher = client({ insecureRegistries: [`http://${info.plain.host}`] });
    const name = plainRepo();
    const base = await buildLayer([{ path: 'usr/lib/base.bin', content: Buffer.alloc(2 << 20, 7) }]);
    const top = await buildLayer([
      { path: 'app', content: binary('server-static'), mode: 0o755 },
      { path: 'bin/sh', content: '#!', mode: 0o755 },
      { path: 'etc/passwd', content: 'root:x:0:0::/root:/bin/sh\n' },
      { path: 'etc/group', content: 'root:x:0:\n' },
      { path: 'etc/ssl/certs/ca-certificates.crt', content: '-----BEGIN CERTIFICATE-----\n' },
      { path: 'usr/share/zoneinfo/UTC', content: 'TZif2' },
    ]);
    const pushed = await pushImage(pusher, name, { layers: [base, top], config: { Entrypoint: ['/app'], User: '0' }, tag: 'v1' });
    const cacheDir = tmp('inspect-cache');

    const cold = client({ insecureRegistries: [`http://${info.plain.host}`], cacheDir });
    const first = await inspectImage(cold, `${name}:v1`, { factsCache: new FactsCache(cacheDir) });
    expect(first.error).toBeUndefined();
    expect(first.inspected).toHaveLength(1);
    const p = first.inspected[0]!;
    expect(p.cached).toBe(false);
    expect(p.facts.entrypoint?.elf?.linkage).toBe('static');
    expect(p.facts.layers[0]!.read).toBe('unread');
    expect(p.facts.layers[1]!.read).not.toBe('unread');
    const blobs = cold.stats().blobBytes;
    expect(blobs[pushed.layers[0]!.digest]).toBeUndefined();
    expect(blobs[pushed.layers[1]!.digest]).toBeGreaterThan(0);
    expect(blobs[pushed.layers[1]!.digest]).toBeLessThanOrEqual(top.bytes.length);

    const warm = client({ insecureRegistries: [`http://${info.plain.host}`], cacheDir });
    const second = await inspectImage(warm, `${name}:v1`, { factsCache: new FactsCache(cacheDir) });
    expect(second.inspected[0]!.cached).toBe(true);
    expect(second.inspected[0]!.facts).toEqual(p.facts);
    // One HEAD for the tag; manifest, config and facts come from the cache.
    expect(warm.stats().requests.map((r) => `${r.method} ${r.status}`)).toEqual(['HEAD 200']);
    expect(warm.stats().blobBytes).toEqual({});

    const byDigest = client({ insecureRegistries: [`http://${info.plain.host}`], cacheDir });
    const third = await inspectImage(byDigest, `${name}@${pushed.manifest.digest}`, { factsCache: new FactsCache(cacheDir) });
    expect(third.inspected[0]!.cached).toBe(true);
    expect(byDigest.stats().requests).toEqual([]);
  });
});
