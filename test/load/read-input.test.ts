import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBytes, parseByteSize, readInput } from '../../src/load/read-input.js';

const MB = 1024 * 1024;
let dir: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kubewhy-read-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function write(name: string, data: string | Buffer): Promise<string> {
  const abs = path.join(dir, name);
  await fs.writeFile(abs, data);
  return abs;
}

describe('readInput', () => {
  it('reads UTF-8 text as is, CRLF included', async () => {
    const abs = await write('a.yaml', 'kind: Pod\r\nname: é\r\n');
    expect(await readInput(abs, 'a.yaml', 10 * MB)).toEqual({ text: 'kind: Pod\r\nname: é\r\n' });
  });

  it('strips a UTF-8 byte order mark', async () => {
    const abs = await write('bom.yaml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('kind: Pod\n')]));
    expect(await readInput(abs, 'bom.yaml', 10 * MB)).toEqual({ text: 'kind: Pod\n' });
  });

  it('refuses a file over the limit without reading it (50 MB sparse file)', async () => {
    const abs = await write('big.yaml', '');
    await fs.truncate(abs, 50 * MB);
    expect(await readInput(abs, 'big.yaml', 10 * MB)).toEqual({
      error: { file: 'big.yaml', message: 'file is 50 MB, over the 10 MB limit (raise with --max-file-size)' },
    });
  });

  it('names the configured limit, and exact bytes when the sizes would round alike', async () => {
    const abs = await write('just-over.yaml', 'x'.repeat(1025));
    expect(await readInput(abs, 'just-over.yaml', 1024)).toEqual({
      error: { file: 'just-over.yaml', message: 'file is 1025 bytes, over the 1 KB limit (raise with --max-file-size)' },
    });
  });

  it('refuses binary content with a NUL byte', async () => {
    const abs = await write('bin.yaml', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00]));
    expect(await readInput(abs, 'bin.yaml', MB)).toEqual({ error: { file: 'bin.yaml', message: 'not a text file' } });
  });

  it('refuses garbage that is mostly invalid UTF-8 even without NUL bytes', async () => {
    const garbage = Buffer.alloc(4096);
    for (let i = 0; i < garbage.length; i++) garbage[i] = 0x80 + ((i * 37) % 0x7f);
    const abs = await write('garbage.yaml', garbage);
    expect(await readInput(abs, 'garbage.yaml', MB)).toEqual({ error: { file: 'garbage.yaml', message: 'not a text file' } });
  });

  it('accepts text with a stray Latin-1 byte', async () => {
    const abs = await write('latin1.yaml', Buffer.concat([Buffer.from('name: caf'), Buffer.from([0xe9]), Buffer.from('\nkind: Pod\n'.repeat(5))]));
    const r = await readInput(abs, 'latin1.yaml', MB);
    expect('text' in r && r.text.startsWith('name: caf\uFFFD')).toBe(true);
  });

  it('explains UTF-16 files instead of calling them binary', async () => {
    const abs = await write('utf16.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('kind: Pod\n', 'utf16le')]));
    expect(await readInput(abs, 'utf16.yaml', MB)).toEqual({
      error: { file: 'utf16.yaml', message: 'not a text file: UTF-16 encoded (re-save as UTF-8)' },
    });
  });

  it('reports a directory (EISDIR-class failure) and a missing file in one line', async () => {
    expect(await readInput(dir, 'd', MB)).toEqual({ error: { file: 'd', message: 'cannot read: is a directory' } });
    expect(await readInput(path.join(dir, 'nope'), 'nope', MB)).toEqual({
      error: { file: 'nope', message: 'cannot read: no such file or directory' },
    });
  });

  it('refuses a FIFO rather than blocking on it', async () => {
    const fifo = path.join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    expect(await readInput(fifo, 'pipe.yaml', MB)).toEqual({ error: { file: 'pipe.yaml', message: 'cannot read: not a regular file' } });
  });
});

describe('byte sizes', () => {
  it('formats with binary units and at most one decimal', () => {
    expect(formatBytes(12)).toBe('12 bytes');
    expect(formatBytes(512 * 1024)).toBe('512 KB');
    expect(formatBytes(10 * MB)).toBe('10 MB');
    expect(formatBytes(1.5 * MB)).toBe('1.5 MB');
  });

  it('parses what formatBytes prints, and plain numbers', () => {
    expect(parseByteSize('20971520')).toBe(20 * MB);
    expect(parseByteSize('20MB')).toBe(20 * MB);
    expect(parseByteSize('1.5 MiB')).toBe(1.5 * MB);
    expect(parseByteSize('512k')).toBe(512 * 1024);
    expect(parseByteSize('lots')).toBeUndefined();
  });
});
