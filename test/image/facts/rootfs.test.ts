import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { collectImageFacts, type CollectOptions } from '../../../src/image/facts/collect.js';
import type { ImageFacts } from '../../../src/model/image.js';
import { ZSTD } from './fixtures.js';
import { compress, imageConfig, layers, MEDIA_TYPES, tarOf, TestImage, type Compression, type TarItem } from './layers.js';

// Small root filesystems packed into real layers (tar-stream + zlib / the zstd CLI), read back
// through the same streaming path as registry layers.

const SCRIPT = '#!/bin/sh\nexec /server "$@"\n';
const PASSWD = 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\napp:x:1000:1001:app:/home/app:/bin/sh\n';
const GROUP = 'root:x:0:\nstaff:x:50:app\napp:x:1001:\n';

/** A busybox-like base: /bin/sh -> busybox, accounts, CA bundle, a little zoneinfo. */
const BASE: TarItem[] = [
  { path: 'bin', type: 'directory' },
  { path: 'bin/busybox', content: '\x7fELF-not-really', mode: 0o755 },
  { path: 'bin/sh', type: 'symlink', linkname: 'busybox' },
  { path: 'etc/passwd', content: PASSWD },
  { path: 'etc/group', content: GROUP },
  { path: 'etc/ssl/certs/ca-certificates.crt', content: '-----BEGIN CERTIFICATE-----\n' },
  { path: 'usr/share/zoneinfo/UTC', content: 'TZif2' },
  { path: 'usr/share/zoneinfo/Europe/Berlin', content: 'TZif2' },
];

async function facts(config: Record<string, unknown>, trees: TarItem[][], opts: CollectOptions = {}, how: Compression = 'gzip'): Promise<{ f: ImageFacts; img: TestImage }> {
  const img = new TestImage(imageConfig(config), await layers(how, ...trees));
  return { f: await collectImageFacts(img, opts), img };
}

describe('config facts', () => {
  it('User, Entrypoint, Cmd, Env (Go runtime variables), WorkingDir, ports, labels, platform', async () => {
    const img = new TestImage(
      imageConfig(
        {
          User: 'app',
          Entrypoint: ['/server'],
          Cmd: ['--port', '8080'],
          Env: ['PATH=/usr/bin:/bin', 'GOMEMLIMIT=512MiB', 'GOMAXPROCS=2', 'GODEBUG=madvdontneed=1', 'PATH=/bin'],
          WorkingDir: '/srv',
          ExposedPorts: { '8080/tcp': {}, '9090/tcp': {} },
          Labels: { 'org.opencontainers.image.source': 'https://example.com/svc' },
          StopSignal: 'SIGINT',
        },
        { architecture: 'arm64', variant: 'v8' },
      ),
      [],
    );
    const f = await collectImageFacts(img);
    expect(f.config).toEqual({
      os: 'linux',
      architecture: 'arm64',
      variant: 'v8',
      user: 'app',
      entrypoint: ['/server'],
      cmd: ['--port', '8080'],
      env: { PATH: '/bin', GOMEMLIMIT: '512MiB', GOMAXPROCS: '2', GODEBUG: 'madvdontneed=1' },
      workingDir: '/srv',
      exposedPorts: ['8080/tcp', '9090/tcp'],
      labels: { 'org.opencontainers.image.source': 'https://example.com/svc' },
      stopSignal: 'SIGINT',
      goRuntimeEnv: { GOMEMLIMIT: '512MiB', GOMAXPROCS: '2', GODEBUG: 'madvdontneed=1' },
    });
    expect(f.entrypoint?.argv).toEqual(['/server', '--port', '8080']);
    expect(f.entrypoint?.file).toMatchObject({ path: '/server', state: 'absent', reason: '/server: in no layer' });
  });

  it('a config that is not an object is a classified error, not a crash', async () => {
    const f = await collectImageFacts(new TestImage('nope', []));
    expect(f.errors).toEqual([{ kind: 'config-invalid', message: 'image config is not a JSON object' }]);
    expect(f.entrypoint?.file).toMatchObject({ state: 'unknown', reason: 'no Entrypoint or Cmd' });
  });
});

describe('entrypoint lookup', () => {
  it('a bare name is searched in $PATH; a non-executable file is skipped like exec.LookPath does', async () => {
    const { f } = await facts({ Entrypoint: ['server'], Env: ['PATH=/usr/local/bin:/app'] }, [
      [
        { path: 'usr/local/bin/server', content: SCRIPT, mode: 0o644 },
        { path: 'app/server', content: SCRIPT, mode: 0o755, uid: 1000 },
      ],
    ]);
    const ep = f.entrypoint!;
    expect(ep).toMatchObject({ program: 'server', lookup: 'path', candidates: ['/usr/local/bin/server', '/app/server'], executable: true });
    expect(ep.file.file).toMatchObject({ path: '/app/server', mode: 0o755, uid: 1000, type: 'file', layer: 0 });
    expect(ep.script).toEqual({ interpreter: '/bin/sh' });
    expect(ep.interpreter).toMatchObject({ path: '/bin/sh', state: 'absent' });
  });

  it('Kubernetes command replaces Entrypoint and drops Cmd; args alone replace Cmd', async () => {
    const cfg = { Entrypoint: ['/entry'], Cmd: ['--default'] };
    const tree = [[{ path: 'other', content: SCRIPT, mode: 0o755 }]];
    expect((await facts(cfg, tree, { command: ['/other'] })).f.entrypoint).toMatchObject({ argv: ['/other'], file: { state: 'present' } });
    expect((await facts(cfg, tree, { command: ['/other'], args: ['-v'] })).f.entrypoint?.argv).toEqual(['/other', '-v']);
    expect((await facts(cfg, tree, { args: ['-v'] })).f.entrypoint).toMatchObject({ argv: ['/entry', '-v'], file: { state: 'absent' } });
  });

  it('a relative path is taken from WorkingDir; the default PATH applies when the image sets none', async () => {
    const rel = (await facts({ Cmd: ['./bin/server'], WorkingDir: '/srv' }, [[{ path: 'srv/bin/server', content: SCRIPT, mode: 0o755 }]])).f;
    expect(rel.entrypoint).toMatchObject({ lookup: 'relative', candidates: ['/srv/bin/server'], file: { state: 'present' } });
    const bare = (await facts({ Cmd: ['server'] }, [[]])).f;
    expect(bare.entrypoint?.candidates).toEqual(['/usr/local/sbin/server', '/usr/local/bin/server', '/usr/sbin/server', '/usr/bin/server', '/sbin/server', '/bin/server']);
    expect(bare.entrypoint?.file).toMatchObject({ state: 'absent', reason: 'not found in /usr/local/sbin/server, /usr/local/bin/server, /usr/sbin/server, /usr/bin/server, /sbin/server, /bin/server' });
  });

  it('shell form: the shell in the image and the program the script execs', async () => {
    const cmd = { Cmd: ['/bin/sh', '-c', 'exec ./server --port 80'], WorkingDir: '/work' };
    const scratch = (await facts(cmd, [[{ path: 'work/server', content: SCRIPT, mode: 0o755 }]])).f;
    expect(scratch.entrypoint).toMatchObject({
      shellForm: { shell: '/bin/sh', script: 'exec ./server --port 80' },
      program: './server',
      candidates: ['/work/server'],
      shell: { path: '/bin/sh', state: 'absent', reason: '/bin: in no layer' },
      file: { state: 'present' },
    });
    const busybox = (await facts(cmd, [BASE, [{ path: 'work/server', content: SCRIPT, mode: 0o755 }]])).f;
    expect(busybox.entrypoint?.shell).toMatchObject({ state: 'present', symlinks: ['/bin/sh -> busybox'], file: { path: '/bin/busybox' } });
    expect(busybox.shell).toMatchObject({ state: 'present', file: { path: '/bin/busybox', layer: 0 } });
  });

  it('an absolute symlink target resolves inside the image, across layers', async () => {
    const { f } = await facts({ Entrypoint: ['/usr/bin/app'] }, [[{ path: 'opt/app/bin/app', content: SCRIPT, mode: 0o755 }], [{ path: 'usr/bin/app', type: 'symlink', linkname: '/opt/app/bin/app' }]]);
    expect(f.entrypoint?.file).toMatchObject({ state: 'present', symlinks: ['/usr/bin/app -> /opt/app/bin/app'], file: { path: '/opt/app/bin/app', layer: 0 } });
    expect(f.entrypoint?.script).toEqual({ interpreter: '/bin/sh' });
  });

  it('a symlink to a file that already streamed by: that layer is read again, only up to the file', async () => {
    const { f, img } = await facts({ Entrypoint: ['/app'] }, [[{ path: 'real/app', content: SCRIPT, mode: 0o755 }, { path: 'app', type: 'symlink', linkname: 'real/app' }]], { want: ['entrypoint'] });
    expect(f.entrypoint?.script).toEqual({ interpreter: '/bin/sh' });
    expect(f.layers[0]).toMatchObject({ reopened: 1 });
    expect(img.opened).toEqual([0, 0]);
  });

  it('a hard link: its content is the linked file (met earlier in the same layer)', async () => {
    const { f } = await facts({ Entrypoint: ['/usr/bin/app'] }, [[{ path: 'bin/app', content: SCRIPT, mode: 0o755 }, { path: 'usr/bin/app', type: 'link', linkname: 'bin/app', mode: 0o755 }]]);
    expect(f.entrypoint?.file.file).toMatchObject({ path: '/usr/bin/app', type: 'hardlink', linkTarget: '/bin/app' });
    expect(f.entrypoint?.script).toEqual({ interpreter: '/bin/sh' });
  });

  it('a symlink loop is classified, not followed forever', async () => {
    const { f } = await facts({ Entrypoint: ['/app'] }, [[{ path: 'app', type: 'symlink', linkname: '/loop' }, { path: 'loop', type: 'symlink', linkname: 'app' }]]);
    expect(f.entrypoint?.file).toMatchObject({ state: 'absent', reason: 'symlink loop: more than 40 symlinks from /app' });
    expect(f.errors).toEqual([{ kind: 'symlink-loop', message: 'symlink loop: more than 40 symlinks from /app', path: '/app' }]);
  });

  it('not ELF and no #!: classified; CRLF #! line keeps the CR that makes exec fail', async () => {
    const text = (await facts({ Entrypoint: ['/app'] }, [[{ path: 'app', content: 'hello world', mode: 0o755 }]])).f;
    expect(text.entrypoint?.format).toBe('unknown');
    expect(text.errors).toEqual([{ kind: 'not-elf', message: 'not an ELF binary nor a #! script (starts with 68656c6c)', path: '/app' }]);
    const crlf = (await facts({ Entrypoint: ['/app'] }, [BASE, [{ path: 'app', content: '#!/bin/sh\r\necho hi\r\n', mode: 0o755 }]])).f;
    expect(crlf.entrypoint?.script).toEqual({ interpreter: '/bin/sh\r' });
    expect(crlf.entrypoint?.interpreter).toMatchObject({ state: 'absent', reason: '/bin/sh\r: in no layer' });
    const empty = (await facts({ Entrypoint: ['/app'] }, [[{ path: 'app', content: '', mode: 0o755 }]])).f;
    expect(empty.errors).toEqual([{ kind: 'not-elf', message: 'not an ELF binary nor a #! script (starts with nothing: empty file)', path: '/app' }]);
  });

  it('execute bits: none at all, and owner-only for another user', async () => {
    const none = (await facts({ Entrypoint: ['/app'] }, [[{ path: 'app', content: SCRIPT, mode: 0o644 }]])).f;
    expect(none.entrypoint).toMatchObject({ executable: false, executableByUser: false });
    const owner = (await facts({ Entrypoint: ['/app'], User: '1000' }, [[{ path: 'app', content: SCRIPT, mode: 0o700 }]])).f;
    expect(owner.entrypoint).toMatchObject({ executable: true, executableByUser: false });
  });
});

describe('users', () => {
  it('a named USER and group resolve through /etc/passwd and /etc/group', async () => {
    const { f } = await facts({ User: 'app:staff' }, [BASE]);
    expect(f.user).toEqual({ raw: 'app:staff', user: 'app', group: 'staff', numeric: false, uid: 1000, gid: 50, source: 'passwd' });
    expect(f.passwd.entries.map((e) => [e.name, e.uid, e.gid])).toEqual([
      ['root', 0, 0],
      ['nobody', 65534, 65534],
      ['app', 1000, 1001],
    ]);
    expect(f.group.entries.find((g) => g.name === 'staff')).toEqual({ name: 'staff', gid: 50, members: ['app'] });
  });

  it('numeric users need no passwd; no USER is root; an unknown name is unresolved', async () => {
    expect((await facts({ User: '65532:65532' }, [[]])).f.user).toEqual({ raw: '65532:65532', user: '65532', group: '65532', numeric: true, uid: 65532, gid: 65532, source: 'numeric' });
    expect((await facts({}, [[]])).f.user).toEqual({ raw: '', user: '', numeric: false, uid: 0, gid: 0, source: 'default' });
    expect((await facts({ User: 'ghost' }, [BASE])).f.user).toEqual({ raw: 'ghost', user: 'ghost', numeric: false, source: 'unresolved', reason: 'no user ghost in /etc/passwd' });
    expect((await facts({ User: 'app' }, [[]])).f.user).toMatchObject({ source: 'unresolved', reason: 'the image has no readable /etc/passwd' });
  });
});

describe('CA bundle and time zones', () => {
  it('the bundle Go reads first, and the certificate directories', async () => {
    const { f } = await facts({}, [BASE]);
    expect(f.caBundle.state).toBe('present');
    expect(f.caBundle.files[0]).toMatchObject({ path: '/etc/ssl/certs/ca-certificates.crt', state: 'present' });
    // Reading stopped inside the layer once the zoneinfo (the last fact needed) turned up.
    expect(f.layers[0]?.read).toBe('partial');
    expect(f.caBundle.dirs.map((d) => [d.dir.path, d.dir.state, d.files])).toEqual([
      ['/etc/ssl/certs', 'present', 1],
      ['/etc/pki/tls/certs', 'unknown', 0],
    ]);
    // No zoneinfo at all: deciding that takes the whole image, so every CA path gets decided too.
    const bare = (await facts({}, [[{ path: 'etc/ssl/certs/a.pem', content: 'pem' }, { path: 'etc/ssl/certs/b.pem', type: 'symlink', linkname: 'a.pem' }]], { want: ['caBundle', 'zoneinfo'] })).f;
    expect(bare.caBundle.state).toBe('present');
    expect(bare.caBundle.dirs.map((d) => [d.dir.path, d.dir.state, d.files])).toEqual([
      ['/etc/ssl/certs', 'present', 1],
      ['/etc/pki/tls/certs', 'absent', 0],
    ]);
  });

  it('alpine: /etc/ssl/cert.pem; SSL_CERT_FILE replaces the list', async () => {
    const alpine = (await facts({}, [[{ path: 'etc/ssl/cert.pem', content: 'pem' }]])).f;
    expect(alpine.caBundle.state).toBe('present');
    expect(alpine.caBundle.files.filter((x) => x.state === 'present').map((x) => x.path)).toEqual(['/etc/ssl/cert.pem']);
    const env = (await facts({ Env: ['SSL_CERT_FILE=/certs/ca.pem', 'TZ=Asia/Tokyo'] }, [BASE], { want: ['caBundle', 'zoneinfo'] })).f;
    expect(env.caBundle.env).toEqual({ SSL_CERT_FILE: '/certs/ca.pem' });
    expect(env.caBundle.files).toEqual([{ path: '/certs/ca.pem', state: 'absent', symlinks: [], reason: '/certs: in no layer' }]);
    expect(env.caBundle.state).toBe('present'); // /etc/ssl/certs is still read
  });

  it('a whiteout in an upper layer removes the bundle of the base', async () => {
    const { f } = await facts({}, [BASE, [{ path: 'etc/ssl/certs/.wh.ca-certificates.crt', content: '' }]]);
    expect(f.caBundle.state).toBe('absent');
    expect(f.caBundle.files[0]).toMatchObject({ state: 'absent', reason: '/etc/ssl/certs/ca-certificates.crt: whiteout of /etc/ssl/certs/ca-certificates.crt in layer 1' });
    expect(f.caBundle.dirs[0]).toMatchObject({ files: 0 });
  });

  it('an opaque directory hides the lower zoneinfo; TZ is checked against what is left', async () => {
    const { f } = await facts({ Env: ['TZ=Europe/Berlin'] }, [BASE, [{ path: 'usr/share/zoneinfo/.wh..wh..opq', content: '' }, { path: 'usr/share/zoneinfo/UTC', content: 'TZif2' }]]);
    expect(f.zoneinfo).toEqual({ state: 'present', dir: '/usr/share/zoneinfo', zones: ['UTC'], truncated: false, tz: { name: 'Europe/Berlin', state: 'absent' } });
    const full = (await facts({ Env: ['TZ=:Europe/Berlin', 'ZONEINFO=/zoneinfo.zip'] }, [BASE])).f;
    expect(full.zoneinfo).toEqual({ state: 'present', dir: '/usr/share/zoneinfo', zones: ['Europe/Berlin', 'UTC'], truncated: false, zoneinfoEnv: '/zoneinfo.zip', tz: { name: 'Europe/Berlin', state: 'present' } });
    expect((await facts({}, [[{ path: 'app', content: SCRIPT }]])).f.zoneinfo).toEqual({ state: 'absent', zones: [], truncated: false });
  });
});

describe('reading only what is needed', () => {
  it('entrypoint, CA bundle, zoneinfo, shell and passwd all in the top layer: lower layers are never opened', async () => {
    const top: TarItem[] = [...BASE, { path: 'server', content: SCRIPT, mode: 0o755 }];
    const { f, img } = await facts({ Entrypoint: ['/server'], User: 'app' }, [[{ path: 'big', content: Buffer.alloc(1 << 20, 1) }], top]);
    expect(img.opened).toEqual([1]);
    expect(f.layers.map((l) => [l.read, l.compressedBytes])).toEqual([
      ['unread', 0],
      ['partial', img.layers[1]!.size],
    ]);
    expect(f.bytesRead).toBe(img.layers[1]!.size);
    expect(img.streams.every((st) => st.destroyed)).toBe(true);
    expect(f.user.uid).toBe(1000);
    expect(f.entrypoint?.interpreter).toMatchObject({ state: 'present' });
  });

  it('asking for the entrypoint only: the CA bundle in the base is not looked for', async () => {
    const { f, img } = await facts({ Entrypoint: ['/server'] }, [BASE, [{ path: 'server', content: Buffer.from('\x7fELF\x02\x01\x01') , mode: 0o755 }]], { want: ['entrypoint'] });
    expect(img.opened).toEqual([1]);
    expect(f.caBundle.state).toBe('unknown');
    expect(f.caBundle.files[0]).toMatchObject({ state: 'unknown', reason: 'in layers (or the part of a layer) not read' });
  });

  it('every fact needs the base: every layer is read, top first', async () => {
    const { img } = await facts({ Entrypoint: ['/server'] }, [BASE, [{ path: 'x', content: 'x' }], [{ path: 'server', content: SCRIPT, mode: 0o755 }]]);
    expect(img.opened).toEqual([2, 1, 0]);
  });
});

describe('layer formats and broken layers', () => {
  it.skipIf(!ZSTD)('zstd, uncompressed and Docker gzip layers give the same facts', async () => {
    const gz = (await facts({ User: 'app' }, [BASE], {}, 'gzip')).f;
    for (const how of ['zstd', 'none'] as const) {
      const f = (await facts({ User: 'app' }, [BASE], {}, how)).f;
      expect(f.layers[0]?.compression).toBe(how);
      expect({ ...f, layers: [], bytesRead: 0 }).toEqual({ ...gz, layers: [], bytesRead: 0 });
    }
    const docker = new TestImage(imageConfig({ User: 'app' }), [{ bytes: compress(await tarOf(BASE), 'gzip'), mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip' }]);
    expect((await collectImageFacts(docker)).user.uid).toBe(1000);
  });

  it('a truncated gzip layer: classified, and what it would decide is unknown', async () => {
    const whole = compress(await tarOf(BASE), 'gzip');
    // TZ names a zone the layer lacks: only the end of the layer could tell, and it never comes.
    const img = new TestImage(imageConfig({ Env: ['TZ=Asia/Tokyo'] }), [{ bytes: whole.subarray(0, whole.length - 40), mediaType: MEDIA_TYPES.gzip }]);
    const f = await collectImageFacts(img);
    expect(f.errors).toEqual([{ kind: 'layer-truncated', message: 'unexpected end of file', layer: 0 }]);
    expect(f.zoneinfo).toMatchObject({ state: 'present', tz: { name: 'Asia/Tokyo', state: 'unknown' } });
    expect(f.layers[0]?.read).toBe('partial');
  });

  it('a truncated plain tar: the tar reader notices', async () => {
    const whole = await tarOf(BASE);
    const img = new TestImage(imageConfig({ Env: ['TZ=Asia/Tokyo'] }), [{ bytes: whole.subarray(0, 3000), mediaType: MEDIA_TYPES.none }]);
    const f = await collectImageFacts(img);
    expect(f.errors).toEqual([{ kind: 'layer-truncated', message: 'Unexpected end of data', layer: 0 }]);
  });

  it.skipIf(!ZSTD)('a truncated zstd layer', async () => {
    const whole = compress(await tarOf(BASE), 'zstd');
    const img = new TestImage(imageConfig({}), [{ bytes: whole.subarray(0, 60), mediaType: MEDIA_TYPES.zstd }]);
    const f = await collectImageFacts(img);
    expect(f.errors).toEqual([{ kind: 'layer-truncated', message: 'zstd: unexpected EOF', layer: 0 }]);
    expect(f.caBundle.state).toBe('unknown');
  });

  it('a zstd frame asking for a 2 GiB window is refused before anything is allocated', async () => {
    // magic, frame header (no single segment), window descriptor 2^31, then an empty last raw block
    const frame = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, (31 - 10) << 3, 0x01, 0x00, 0x00]);
    const img = new TestImage(imageConfig({}), [{ bytes: frame, mediaType: MEDIA_TYPES.zstd }]);
    expect((await collectImageFacts(img)).errors).toEqual([{ kind: 'too-large', message: 'zstd: frame window of 2147483648 bytes is over the 134217728-byte limit', layer: 0 }]);
  });

  it('bad gzip, an unknown media type, a layer that cannot be opened', async () => {
    const bad = new TestImage(imageConfig({}), [{ bytes: Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), mediaType: MEDIA_TYPES.gzip }]);
    expect((await collectImageFacts(bad)).errors).toEqual([{ kind: 'layer-corrupt', message: 'invalid block type', layer: 0 }]);
    const odd = new TestImage(imageConfig({}), [{ bytes: Buffer.alloc(10), mediaType: 'application/vnd.example.thing' }]);
    expect((await collectImageFacts(odd)).errors).toEqual([{ kind: 'layer-unsupported', message: `layer ${odd.layers[0]!.digest}: unsupported media type application/vnd.example.thing`, layer: 0 }]);
    const gone = new TestImage(imageConfig({}), [{ bytes: Buffer.alloc(0), mediaType: MEDIA_TYPES.gzip }]);
    gone.openLayer = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5000'));
    expect((await collectImageFacts(gone)).errors).toEqual([{ kind: 'layer-open', message: `layer ${gone.layers[0]!.digest}: connect ECONNREFUSED 127.0.0.1:5000`, layer: 0 }]);
  });

  it('a layer stream that fails half-way (a dropped connection) is classified with its own message', async () => {
    const whole = compress(await tarOf([...BASE, { path: 'big', content: Buffer.alloc(512 * 1024, 3) }]), 'none');
    const img = new TestImage(imageConfig({ Env: ['TZ=Asia/Tokyo'] }), [{ bytes: whole, mediaType: MEDIA_TYPES.none }]);
    img.openLayer = async () =>
      Readable.from(
        (async function* () {
          yield whole.subarray(0, 8192);
          throw new Error('socket hang up');
        })(),
      );
    const f = await collectImageFacts(img);
    expect(f.errors).toEqual([{ kind: 'layer-read', message: 'socket hang up', layer: 0 }]);
    expect(f.zoneinfo.tz).toEqual({ name: 'Asia/Tokyo', state: 'unknown' });
  });

  it('not a tar at all', async () => {
    const img = new TestImage(imageConfig({}), [{ bytes: compress(Buffer.from('this is not a tar archive'.repeat(40)), 'gzip'), mediaType: MEDIA_TYPES.gzip }]);
    const f = await collectImageFacts(img);
    expect(f.errors).toEqual([{ kind: 'layer-corrupt', message: 'Invalid tar header. Maybe the tar is corrupted or it needs to be gunzipped?', layer: 0 }]);
  });
});
