import { describe, expect, it } from 'vitest';
import { collectImageFacts } from '../../../src/image/facts/collect.js';
import type { ImageFacts } from '../../../src/model/image.js';
import { binary, FIXTURES, goVersionM, meta, readelf, SKIP_REASON, ZSTD, type FixtureBinary } from './fixtures.js';
import { imageConfig, layers, TestImage, type Compression, type TarItem } from './layers.js';

// Real Go binaries (test/fixtures/image/build.sh) packed into real layers; the expected values
// come from the Go toolchain (`go version -m -json`) and binutils (`readelf`), not from us.
if (!FIXTURES) process.stderr.write(`go-binaries.test.ts: SKIPPED — ${SKIP_REASON}\n`);

/** A one-layer image whose entrypoint is /app = the fixture binary. */
async function inspect(name: FixtureBinary | Buffer, how: Compression = 'gzip', extra: TarItem[] = [], base?: TarItem[]): Promise<{ facts: ImageFacts; img: TestImage }> {
  const app: TarItem = { path: 'app', content: Buffer.isBuffer(name) ? name : binary(name), mode: 0o755 };
  const trees = base ? [base, [app, ...extra]] : [[app, ...extra]];
  const img = new TestImage(imageConfig({ Entrypoint: ['/app'], User: '65532' }), await layers(how, ...trees));
  return { facts: await collectImageFacts(img, { want: ['entrypoint'] }), img };
}

describe.skipIf(!FIXTURES)('Go binaries in image layers', () => {
  it('static CGO_ENABLED=0 -trimpath build: ELF header, no interpreter, build info equal to `go version -m`', async () => {
    const { facts } = await inspect('server-static');
    const ep = facts.entrypoint!;
    expect(facts.errors).toEqual([]);
    expect(ep.format).toBe('elf');
    expect(ep.elf).toEqual({ class: 64, endianness: 'little', machine: 62, goarch: 'amd64', type: 'executable', linkage: 'static', needed: [], pie: false });
    expect(ep.interpreter).toBeUndefined();
    const bi = ep.goBuildInfo!;
    const go = goVersionM('server-static');
    expect(bi.format).toBe('inline');
    expect(bi.goVersion).toBe(meta().goVersion);
    expect({ goVersion: bi.goVersion, path: bi.path, main: bi.main, deps: bi.deps, settings: bi.settings }).toEqual(go);
    expect(bi.path).toBe('example.com/imagefix/server');
    expect(bi.deps).toEqual([{ path: 'example.com/greet', version: 'v0.0.0', replace: { path: './greet', version: '(devel)' } }]);
    expect(bi.cgoEnabled).toBe(false);
    expect(bi.goos).toBe('linux');
    expect(bi.goarch).toBe('amd64');
    expect(bi.trimpath).toBe(true);
    // The go command drops -ldflags from the record when -trimpath is set (golang/go#52372).
    expect(bi.ldflags).toBeUndefined();
    expect(bi.vcs).toEqual({ system: 'git', revision: meta().vcsRevision, time: meta().vcsTime, modified: false });
  });

  it('without -trimpath: the quoted -ldflags setting is decoded', async () => {
    const bi = (await inspect('server-ldflags')).facts.entrypoint!.goBuildInfo!;
    expect(bi.trimpath).toBe(false);
    expect(bi.ldflags).toBe('-s -w -X main.version=1.2.3');
    expect(bi.settings).toEqual(goVersionM('server-ldflags').settings);
  });

  it('arm64 cross build: e_machine 183 and GOARCH=arm64', async () => {
    const ep = (await inspect('server-arm64')).facts.entrypoint!;
    expect(ep.elf).toMatchObject({ machine: 183, goarch: 'arm64', class: 64, endianness: 'little', linkage: 'static' });
    expect(ep.goBuildInfo?.goarch).toBe('arm64');
    expect(ep.goBuildInfo?.settings).toEqual(goVersionM('server-arm64').settings);
  });

  it('cgo build: PT_INTERP and DT_NEEDED as readelf reads them; the loader missing from a scratch-like image', async () => {
    const { facts } = await inspect('cgo-dynamic');
    const ep = facts.entrypoint!;
    const oracle = readelf('cgo-dynamic');
    expect(oracle.interpreter).toBe('/lib64/ld-linux-x86-64.so.2');
    expect(oracle.needed).toContain('libc.so.6');
    expect(ep.elf).toMatchObject({ linkage: 'dynamic', interpreter: oracle.interpreter, needed: oracle.needed, type: 'executable', pie: false });
    expect(ep.goBuildInfo?.cgoEnabled).toBe(true);
    expect(ep.goBuildInfo?.settings).toEqual(goVersionM('cgo-dynamic').settings);
    expect(ep.goBuildInfo?.settings.find((s) => s.key === 'CGO_CFLAGS')).toEqual({ key: 'CGO_CFLAGS', value: '' });
    expect(ep.interpreter).toMatchObject({ path: '/lib64/ld-linux-x86-64.so.2', state: 'absent', reason: '/lib64: in no layer' });
  });

  it('cgo build on a glibc-like base: the loader found through the /lib64 -> usr/lib64 directory symlink of a lower layer', async () => {
    const base: TarItem[] = [
      { path: 'usr/lib64/ld-linux-x86-64.so.2', type: 'symlink', linkname: '/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2' },
      { path: 'usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2', content: 'loader', mode: 0o755 },
      { path: 'lib64', type: 'symlink', linkname: 'usr/lib64' },
    ];
    const { facts, img } = await inspect('cgo-dynamic', 'gzip', [], base);
    expect(facts.entrypoint!.interpreter).toMatchObject({
      state: 'present',
      file: { path: '/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2', type: 'file', layer: 0 },
      symlinks: ['/lib64 -> usr/lib64', '/usr/lib64/ld-linux-x86-64.so.2 -> /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2'],
    });
    expect(img.opened).toEqual([1, 0]);
  });

  it('CGO_ENABLED=0 -buildmode=pie: an interpreter although nothing is NEEDED', async () => {
    const ep = (await inspect('server-pie')).facts.entrypoint!;
    expect(readelf('server-pie')).toEqual({ interpreter: '/lib64/ld-linux-x86-64.so.2', needed: [] });
    expect(ep.elf).toMatchObject({ type: 'shared-object', linkage: 'dynamic', interpreter: '/lib64/ld-linux-x86-64.so.2', needed: [], pie: true });
    expect(ep.goBuildInfo?.settings.find((s) => s.key === '-buildmode')?.value).toBe('pie');
  });

  it('-tags timetzdata is listed in tags', async () => {
    const bi = (await inspect('hello')).facts.entrypoint!.goBuildInfo!;
    expect(bi.tags).toEqual(['timetzdata']);
    expect(bi.settings).toEqual(goVersionM('hello').settings);
  });

  it('a 32-bit build (GOARCH=386): ELF32 headers', async () => {
    const ep = (await inspect('hello-386')).facts.entrypoint!;
    expect(ep.elf).toEqual({ class: 32, endianness: 'little', machine: 3, goarch: '386', type: 'executable', linkage: 'static', needed: [], pie: false });
    expect(ep.goBuildInfo?.settings).toEqual(goVersionM('hello-386').settings);
    expect(ep.goBuildInfo?.goarch).toBe('386');
  });

  it.skipIf(!ZSTD)('the same facts from a zstd layer and an uncompressed one', async () => {
    const gz = (await inspect('cgo-dynamic', 'gzip')).facts;
    for (const how of ['zstd', 'none'] as const) {
      const { facts } = await inspect('cgo-dynamic', how);
      expect(facts.layers[0]?.compression).toBe(how);
      expect(facts.entrypoint).toEqual(gz.entrypoint);
    }
  });

  it('stops inside the layer once the binary is read: the bytes after it are never decompressed', async () => {
    const filler: TarItem = { path: 'zz-data/blob', content: Buffer.alloc(8 * 1024 * 1024, 7) };
    const { facts, img } = await inspect('server-static', 'gzip', [filler]);
    const top = facts.layers[0]!;
    expect(top.read).toBe('partial');
    expect(top.uncompressedBytes).toBeLessThan(binary('server-static').length + 2 * 1024 * 1024);
    expect(facts.entrypoint?.goBuildInfo?.path).toBe('example.com/imagefix/server');
    expect(img.streams.every((s) => s.destroyed)).toBe(true);
  });

  it('old pointer-format build info (Go ≤1.17) is detected, without a version', async () => {
    const bin = Buffer.from(binary('hello'));
    const at = bin.indexOf(Buffer.from('\xff Go buildinf:', 'latin1'));
    bin[at + 15] = 0; // flags: little-endian, pointer format
    const bi = (await inspect(bin)).facts.entrypoint!.goBuildInfo!;
    expect(bi).toMatchObject({ format: 'pointer', deps: [], settings: [] });
    expect(bi.goVersion).toBeUndefined();
  });

  it('a truncated binary and a corrupt program header table are classified, the rest of the facts kept', async () => {
    const cut = await inspect(binary('server-static').subarray(0, 100));
    expect(cut.facts.entrypoint?.format).toBe('elf');
    expect(cut.facts.errors).toEqual([{ kind: 'elf-corrupt', message: 'file ends at 100 bytes, inside the program headers', path: '/app' }]);
    const bad = Buffer.from(binary('server-static'));
    bad.writeBigUInt64LE(0xffffffffn, 32); // e_phoff far past the file
    const corrupt = await inspect(bad);
    expect(corrupt.facts.errors).toEqual([{ kind: 'elf-corrupt', message: 'program headers end at 4294967631, past the first 65536 bytes', path: '/app' }]);
    expect(corrupt.facts.entrypoint?.file.state).toBe('present');
  });

  it('a corrupt build info blob is reported and the ELF facts stay', async () => {
    const bin = Buffer.from(binary('cgo-dynamic'));
    const at = bin.indexOf(Buffer.from('\xff Go buildinf:', 'latin1'));
    bin.fill(0xff, at + 32, at + 43); // the version length: a varint that never ends
    const { facts } = await inspect(bin);
    expect(facts.errors).toEqual([{ kind: 'buildinfo-corrupt', message: 'Go build info length is not a varint', path: '/app' }]);
    expect(facts.entrypoint?.elf?.needed).toEqual(readelf('cgo-dynamic').needed);
  });
});
