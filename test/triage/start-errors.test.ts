import { describe, expect, it } from 'vitest';
import { excerptLines, tailLines } from '../../src/triage/log-excerpt.js';
import { startError } from '../../src/triage/start-errors.js';

const kind = (text: string): string => {
  const e = startError(text);
  return e ? `${e.kind}:${e.path ?? ''}` : '';
};

describe('startError', () => {
  it('reads runc exec failures in their new and old wordings', () => {
    expect(kind('exec /app: exec format error')).toBe('exec-format:/app');
    expect(kind('standard_init_linux.go:228: exec user process caused: exec format error')).toBe('exec-format:');
    expect(kind('standard_init_linux.go:190: exec user process caused "exec format error"')).toBe('exec-format:');
    expect(kind('exec /app/server: no such file or directory')).toBe('exec-missing-interpreter:/app/server');
    expect(kind('runc create failed: unable to start container process: exec: "api": executable file not found in $PATH: unknown')).toBe('exec-not-found:api');
    expect(kind('starting container process caused: exec: "/bin/sh": stat /bin/sh: no such file or directory: unknown')).toBe('exec-not-found:/bin/sh');
    expect(kind('unable to start container process: exec: "/app/x": permission denied: unknown')).toBe('exec-permission:/app/x');
  });

  it('does not take the app starting a subprocess, or a Go crash, for the entrypoint', () => {
    expect(kind('2026/11/25 09:29:31 git sync: fork/exec /usr/bin/git: no such file or directory')).toBe('');
    expect(kind('panic: dial tcp: lookup db on 10.96.0.10:53: no such host')).toBe('');
  });

  it('names the line it read and keeps it bounded', () => {
    const e = startError(`starting\n${'x'.repeat(20)} exec /app: exec format error ${'y'.repeat(400)}`)!;
    expect(e.line).toBe(2);
    expect(e.excerpt.length).toBe(300);
  });
});

describe('excerpts', () => {
  it('are bounded and drop trailing blanks', () => {
    const text = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`).join('\n');
    expect(excerptLines(text, 20, 2, 30)).toHaveLength(10);
    expect(excerptLines(text, 20, 2)).toEqual(['line 18', 'line 19', 'line 20']);
    expect(tailLines('a\nb\n\nc\n\n', 2)).toEqual(['b', 'c']);
  });
});
