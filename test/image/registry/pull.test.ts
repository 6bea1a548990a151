import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { isRegistryError, MEDIA_TYPES } from '../../../src/image/registry/index.js';
import { buildLayer, pushBlob, pushImage, pushIndex, tarOf, zstdPath } from '../../helpers/oci-push.js';
import { client, closeClients, registry, repo, skipReason } from './context.js';

async function drain(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

// Without registries the suite shows one skipped test that says why (the global setup said it too).
if (!registry) it.skip(`registry tests SKIPPED: ${skipReason}`, () => undefined);

describe.skipIf(!registry)('pulling from a real registry', () => {
  const info = registry!;
  afterAll(closeClients);

  it.each(['oci', 'docker'] as const)('resolves a %s single-platform image by tag: manifest, config, layers', async (flavour) => {
    const c = client({ insecureRegistries: [`http://${info.plain.host}`] });
    const name = `${info.plain.host}/${repo()}`;
    const base = await buildLayer([{ path: 'etc/', type: 'directory' }, { path: 'etc/passwd', content: 'root:x:0:0::/root:/bin/sh\n' }], 'gzip', { flavour });
    const app = await buildLayer([{ path: 'app', content: '\x7fELF fake', mode: 0o755 }], 'gzip', { flavour });
    const pushed = await pushImage(c, name, { layers: [base, app], flavour, tag: 'v1', config: { User: '65532', Entrypoint: ['/app'], Env: ['GOMEMLIMIT=100MiB'] } });

    const img = await c.resolve(`${name}:v1`);
    expect(img.reference.canonical).toBe(`${name}:v1`);
    expect(img.digest).toBe(pushed.manifest.digest);
    expect(img.manifestDigest).toBe(pushed.manifest.digest);
    expect(img.manifestMediaType).toBe(flavour === 'oci' ? MEDIA_TYPES.ociManifest : MEDIA_TYPES.dockerManifest);
    expect(img.index).toBeUndefined();
    expect(img.platform).toEqual({ os: 'linux', architecture: 'amd64' });
    expect(img.config.config).toEqual({ User: '65532', Entrypoint: ['/app'], Env: ['GOMEMLIMIT=100MiB'] });
    expect(img.config.rootfs.diff_ids).toEqual([base.diffId, app.diffId]);
    expect(img.layers.map((l) => l.digest)).toEqual(pushed.layers.map((l) => l.digest));

    const top = await c.openBlob(img.reference, img.layers[1]!);
    expect(await drain(top.pipe(createGunzip()))).toEqual(await tarOf([{ path: 'app', content: '\x7fELF fake', mode: 0o755 }]));
  });

  it.each(['oci', 'docker'] as const)('selects the platform entry of a %s index', async (flavour) => {
    const c = client({ insecureRegistries: [`http://${info.plain.host}`] });
    const name = `${info.plain.host}/${repo()}`;
    const platforms = [
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'arm64', variant: 'v8' },
      { os: 'linux', architecture: 'arm', variant: 'v7' },
    ];
    const entries = [];
    for (const platform of platforms) {
      const layer = await buildLayer([{ path: 'arch', content: platform.architecture }], 'gzip', { flavour });
      const pushed = await pushImage(c, name, { layers: [layer], platform, flavour });
      entries.push({ manifest: pushed.manifest, platform });
    }
    const index = await pushIndex(c, name, 'multi', entries, flavour);

    const amd = await c.resolve(`${name}:multi`);
    expect(amd.digest).toBe(index.digest);
    expect(amd.index?.mediaType).toBe(flavour === 'oci' ? MEDIA_TYPES.ociIndex : MEDIA_TYPES.dockerList);
    expect(amd.index?.platforms).toEqual(platforms);
    expect(amd.manifestDigest).toBe(entries[0]!.manifest.digest);
    expect(amd.config.architecture).toBe('amd64');

    const arm64 = await c.resolve(`${name}:multi`, { os: 'linux', architecture: 'arm64' });
    expect(arm64.manifestDigest).toBe(entries[1]!.manifest.digest);
    expect(arm64.platform).toEqual({ os: 'linux', architecture: 'arm64', variant: 'v8' });
    const armv7 = await c.resolve(`${name}@${index.digest}`, { os: 'linux', architecture: 'arm', variant: 'v7' });
    expect(armv7.manifestDigest).toBe(entries[2]!.manifest.digest);

    const err = await c.resolve(`${name}:multi`, { os: 'linux', architecture: 's390x' }).catch((e: unknown) => e);
    expect(isRegistryError(err) && { kind: err.kind, fault: err.fault, message: err.message }).toEqual({
      kind: 'platform',
      fault: 'B4',
      message: `${name}: no match for platform linux/s390x in the index of ${name}:multi (it has: linux/amd64, linux/arm64/v8, linux/arm/v7)`,
    });
  });

  it('round-trips gzip, zstd and uncompressed layers, monolithic and chunked uploads, verifying while streaming', async () => {
    const zstd = zstdPath(info.binDir);
    if (!zstd) throw new Error('zstd CLI missing although scripts/registry/install.sh provides it');
    const c = client({ insecureRegistries: [`http://${info.plain.host}`] });
    const name = `${info.plain.host}/${repo()}`;
    const files = [{ path: 'bin/app', content: Buffer.alloc(300_000, 7), mode: 0o755 }];
    for (const [compression, chunked] of [['gzip', false], ['zstd', true], ['none', true]] as const) {
      const layer = await buildLayer(files, compression, { zstd });
      const desc = await pushBlob(c, name, layer.bytes, layer.mediaType, { chunked });
      expect(await drain(await c.openBlob(name, desc))).toEqual(layer.bytes);
    }
  });

  it('counts the bytes of each blob, so a caller reading only the top layer can prove it', async () => {
    const c = client({ insecureRegistries: [`http://${info.plain.host}`] });
    const name = `${info.plain.host}/${repo()}`;
    const big = await buildLayer([{ path: 'usr/lib/big', content: Buffer.from(Array.from({ length: 200_000 }, (_, i) => i % 251)) }], 'gzip');
    const top = await buildLayer([{ path: 'app', content: 'top' }], 'gzip');
    await pushImage(c, name, { layers: [big, top], tag: 'v1' });
    c.resetStats();

    const img = await c.resolve(`${name}:v1`);
    await drain(await c.openBlob(img.reference, img.layers[1]!));
    const stats = c.stats();
    expect(stats.requests.map((r) => `${r.method} ${r.path.replace(/sha256:\w+/, 'sha256:…')} ${r.status}`)).toEqual([
      `HEAD /v2/${name.split('/').slice(1).join('/')}/manifests/v1 200`,
      `GET /v2/${name.split('/').slice(1).join('/')}/manifests/sha256:… 200`,
      `GET /v2/${name.split('/').slice(1).join('/')}/blobs/sha256:… 200`,
      `GET /v2/${name.split('/').slice(1).join('/')}/blobs/sha256:… 200`,
    ]);
    expect(stats.blobBytes).toEqual({ [img.configDigest]: img.manifest.config.size, [img.layers[1]!.digest]: top.bytes.length });
    expect(stats.blobBytes[img.layers[0]!.digest]).toBeUndefined();
    expect(stats.bytes).toBe(img.manifest.config.size + top.bytes.length + Buffer.byteLength(JSON.stringify(img.manifest)));
  });

  it('stops a layer stream early without reading the rest', async () => {
    const c = client({ insecureRegistries: [`http://${info.plain.host}`] });
    const name = `${info.plain.host}/${repo()}`;
    const bytes = Buffer.from(Array.from({ length: 4 << 20 }, (_, i) => (i * 7919) % 256));
    const desc = await pushBlob(c, name, bytes, 'application/octet-stream');
    c.resetStats();
    const stream = await c.openBlob(name, desc);
    for await (const chunk of stream) {
      expect((chunk as Buffer).length).toBeGreaterThan(0);
      break;
    }
    expect(stream.destroyed).toBe(true);
    expect(c.stats().blobBytes[desc.digest]).toBeLessThan(bytes.length);
  });
});
