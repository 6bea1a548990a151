import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildLayer, pushImage, pushIndex } from '../../helpers/oci-push.js';
import { client, closeClients, registry, repo, tmp } from './context.js';

describe.skipIf(!registry)('manifest and config cache on disk', () => {
  const info = registry!;
  afterAll(closeClients);
  const insecure = (): string[] => [`http://${info.plain.host}`];

  async function seedIndex(): Promise<{ name: string; index: string; amd64: string; config: string }> {
    const c = client({ insecureRegistries: insecure(), cacheDir: false });
    const name = `${info.plain.host}/${repo()}`;
    const amd = await pushImage(c, name, { layers: [await buildLayer([{ path: 'a', content: 'amd64' }])], platform: { os: 'linux', architecture: 'amd64' } });
    const arm = await pushImage(c, name, { layers: [await buildLayer([{ path: 'a', content: 'arm64' }])], platform: { os: 'linux', architecture: 'arm64' } });
    const index = await pushIndex(c, name, 'v1', [
      { manifest: amd.manifest, platform: { os: 'linux', architecture: 'amd64' } },
      { manifest: arm.manifest, platform: { os: 'linux', architecture: 'arm64' } },
    ]);
    return { name, index: index.digest, amd64: amd.manifest.digest, config: amd.config.digest };
  }

  it('a repeated resolve of a digest reference makes no request; a tag makes only the HEAD', async () => {
    const { name, index, amd64, config } = await seedIndex();
    const cacheDir = tmp('cache');
    const cold = client({ insecureRegistries: insecure(), cacheDir });
    const first = await cold.resolve(`${name}@${index}`);
    expect(cold.stats().requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /v2/${name.slice(info.plain.host.length + 1)}/manifests/${index}`,
      `GET /v2/${name.slice(info.plain.host.length + 1)}/manifests/${amd64}`,
      `GET /v2/${name.slice(info.plain.host.length + 1)}/blobs/${config}`,
    ]);
    expect(readdirSync(join(cacheDir, 'blobs/sha256')).sort()).toEqual([index, amd64, config].map((d) => d.slice(7)).sort());

    const warm = client({ insecureRegistries: insecure(), cacheDir });
    expect(await warm.resolve(`${name}@${index}`)).toEqual(first);
    expect(warm.stats().requests).toEqual([]);

    const byTag = await warm.resolve(`${name}:v1`);
    expect(byTag.manifestDigest).toBe(amd64);
    expect(warm.stats().requests.map((r) => `${r.method} ${r.status}`)).toEqual(['HEAD 200']);
  });

  it('digest(): a digest reference costs nothing, a tag one HEAD; manifest() returns the index itself', async () => {
    const { name, index } = await seedIndex();
    const c = client({ insecureRegistries: insecure() });
    expect(await c.digest(`${name}@${index}`)).toBe(index);
    expect(c.stats().requests).toEqual([]);
    expect(await c.digest(`${name}:v1`)).toBe(index);
    expect(c.stats().requests.map((r) => `${r.method} ${r.status}`)).toEqual(['HEAD 200']);
    const fetched = await c.manifest(`${name}:v1`);
    expect(fetched.kind === 'index' && [fetched.digest, fetched.index.manifests.map((m) => m.platform?.architecture)]).toEqual([index, ['amd64', 'arm64']]);
  });

  it('a corrupt cache entry is discarded, fetched again and rewritten', async () => {
    const { name, index, amd64 } = await seedIndex();
    const cacheDir = tmp('cache');
    await client({ insecureRegistries: insecure(), cacheDir }).resolve(`${name}@${index}`);
    const entry = join(cacheDir, 'blobs/sha256', amd64.slice(7));
    const good = readFileSync(entry);
    writeFileSync(entry, Buffer.concat([good, Buffer.from(' ')]));

    const c = client({ insecureRegistries: insecure(), cacheDir });
    expect((await c.resolve(`${name}@${index}`)).manifestDigest).toBe(amd64);
    expect(c.stats().requests.map((r) => r.path)).toEqual([`/v2/${name.slice(info.plain.host.length + 1)}/manifests/${amd64}`]);
    expect(readFileSync(entry)).toEqual(good);
  });

  it('cacheDir: false never touches the disk and always asks the registry', async () => {
    const { name, index } = await seedIndex();
    const c = client({ insecureRegistries: insecure(), cacheDir: false });
    await c.resolve(`${name}@${index}`);
    await c.resolve(`${name}@${index}`);
    expect(c.stats().requests).toHaveLength(6);
  });
});
