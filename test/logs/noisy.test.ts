import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { decodeStream } from '../../src/logs/decode.js';
import { stripPrefixes } from '../../src/logs/prefix.js';
import { decode, recorded } from './helpers.js';

const PANIC = recorded('panic-nilptr-go1.21.txt').replace(/\[exit status: 2\]\n$/, '');

function lines(text: string): string[] {
  return text.split('\n').filter((l, i, all) => i < all.length - 1 || l !== '');
}

describe('prefixes, line endings and noise', () => {
  it.each([
    ['kubectl --timestamps', (l: string, i: number) => `2026-01-01T00:00:0${i % 10}.123456789Z ${l}`],
    ['CRI log format', (l: string) => `2026-01-01T00:00:00.000000000Z stderr F ${l}`],
    ['kubectl --prefix --timestamps', (l: string) => `[pod/api-7f9c/api] 2026-01-01T00:00:00Z ${l}`],
    ['docker json-file', (l: string) => JSON.stringify({ log: `${l}\n`, stream: 'stderr', time: '2026-01-01T00:00:00.1Z' })],
    ['CRLF', (l: string) => `${l}\r`],
    ['ANSI colours', (l: string) => (l.startsWith('panic') ? `\x1b[31m${l}\x1b[0m` : l)],
  ])('%s: the panic decodes the same', async (_name, wrap) => {
    const text = lines(PANIC).map(wrap).join('\n');
    const c = (await decode(text)).crashes[0]!;
    expect(c.panics[0]?.value).toBe('runtime error: invalid memory address or nil pointer dereference');
    expect(c.signal?.name).toBe('SIGSEGV');
    expect(c.culprit?.userFrame?.func).toBe('main.nilptr');
    expect(c.culprit?.userFrame?.line).toBe(17);
  });

  it('points findings at the column after the prefix', () => {
    const s = stripPrefixes('2026-01-01T00:00:00.000000000Z stderr F panic: boom');
    expect(s).toMatchObject({ text: 'panic: boom', column: 41, time: '2026-01-01T00:00:00.000000000Z', partial: false });
  });

  it('joins CRI partial lines (P) and docker 16 KiB chunks', async () => {
    const cri = ['2026-01-01T00:00:00Z stderr P dial tcp 127.0.0.1:54', '2026-01-01T00:00:00Z stderr F 32: connect: connection refused'].join('\n');
    expect((await decode(cri)).errors[0]).toMatchObject({ kind: 'connection-refused-localhost', detail: { address: '127.0.0.1:5432' }, at: { line: 1 } });
    const docker = [JSON.stringify({ log: 'lookup db on 10.96.0.10:53: no ', stream: 'stderr' }), JSON.stringify({ log: 'such host\n', stream: 'stderr' })].join('\n');
    expect((await decode(docker)).errors[0]?.detail).toEqual({ host: 'db', resolver: '10.96.0.10:53' });
  });

  it('a truncated last line still decodes; garbage, binary and huge lines are skipped', async () => {
    const text = `\u0000\u00ff\ufffd garbage\n${'x'.repeat(3 << 20)}\n{not json\n[exit status: 2]\nopen /etc/app/config.yaml: no such file or directory`;
    const f = await decode(text);
    expect(f.errors.map((e) => e.kind)).toEqual(['config-file-missing']);
    expect(f.errors[0]?.at.line).toBe(5);
    expect(f.lines).toBe(5);
  });

  it('reads a stream in arbitrary chunks (lines split across chunk boundaries, multibyte characters)', async () => {
    const text = `héllo wörld\n${PANIC}`;
    const bytes = Buffer.from(text);
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 7) chunks.push(bytes.subarray(i, i + 7));
    const f = await decodeStream(Readable.from(chunks), { file: 'x.log' });
    expect(f.crashes[0]?.culprit?.userFrame?.func).toBe('main.nilptr');
    expect(f.lines).toBe(lines(text).length);
  });

  it('several dumps, app lines and trace lines interleaved', async () => {
    const deadlock = recorded('panic-deadlock-go1.21.txt');
    const sched = 'SCHED 100ms: gomaxprocs=2 idleprocs=2 threads=4 spinningthreads=0 needspinning=0 idlethreads=2 runqueue=0 [0 0]';
    const gc = 'gc 3 @0.001s 5%: 0.004+0.047+0 ms clock, 0.009+0.039/0.015/0.013+0.001 ms cpu, 13->13->13 MB, 16 MB goal, 0 MB stacks, 0 MB globals, 2 P';
    const panicLines = lines(PANIC);
    // the runtime's trace lines land in the middle of the dump; an app line too
    panicLines.splice(4, 0, sched, 'level=info msg="still serving"', gc);
    const text = ['starting', ...panicLines, 'restarting', deadlock].join('\n');
    const f = await decode(text);
    expect(f.crashes.map((c) => c.kind)).toEqual(['panic', 'fatal']);
    expect(f.crashes[0]!.culprit?.userFrame?.func).toBe('main.nilptr');
    expect(f.crashes[1]!.groups).toHaveLength(2);
    expect(f.sched?.count).toBe(1);
    expect(f.gc?.count).toBe(1);
  });

  it('structured JSON logs (zap, zerolog, slog, logrus): message + error fields, the record time kept', async () => {
    const text = [
      '{"level":"error","ts":1767225600.5,"caller":"db/db.go:42","msg":"connect failed","error":"dial tcp 127.0.0.1:5432: connect: connection refused"}',
      '{"level":"error","error":"lookup redis on 10.96.0.10:53: no such host","time":"2026-01-01T00:00:01Z","message":"cache down"}',
      '{"time":"2026-01-01T00:00:02Z","level":"ERROR","msg":"load","err":"unknown time zone Mars/Olympus"}',
      '{"level":"fatal","msg":"config: open /config/app.yaml: no such file or directory","time":"2026-01-01T00:00:03Z"}',
      '{"level":"info","msg":"ok"}',
    ].join('\n');
    const f = await decode(text);
    expect(f.errors.map((e) => [e.kind, e.at.time])).toEqual([
      ['connection-refused-localhost', '1767225600.5'],
      ['dns-no-such-host', '2026-01-01T00:00:01Z'],
      ['unknown-time-zone', '2026-01-01T00:00:02Z'],
      ['config-file-missing', '2026-01-01T00:00:03Z'],
    ]);
    expect(f.json).toEqual({ lines: 5, byLevel: { error: 3, fatal: 1, info: 1 } });
  });

  it('redacts credentials in decoded texts', async () => {
    const f = await decode('panic: connect postgres://app:hunter2@127.0.0.1:5432/db: dial tcp 127.0.0.1:5432: connect: connection refused password=topsecret');
    const json = JSON.stringify(f);
    expect(json).not.toContain('hunter2');
    expect(json).not.toContain('topsecret');
    expect(f.errors[0]?.kind).toBe('connection-refused-localhost');
  });
});
