import { describe, expect, it } from 'vitest';
import { firstOwnFrame } from '../../src/triage/go-trace.js';
import { excerptLines, logClues } from '../../src/triage/log-clues.js';

const kinds = (text: string): string[] => logClues(text).map((c) => `${c.kind}:${c.detail ?? ''}`);

describe('logClues', () => {
  it('reads runc exec failures in their new and old wordings', () => {
    expect(kinds('exec /app: exec format error')).toEqual(['exec-format:/app']);
    expect(kinds('standard_init_linux.go:228: exec user process caused: exec format error')).toEqual(['exec-format:']);
    expect(kinds('standard_init_linux.go:190: exec user process caused "exec format error"')).toEqual(['exec-format:']);
    expect(kinds('exec /app/server: no such file or directory')).toEqual(['exec-missing-interpreter:/app/server']);
    expect(kinds('runc create failed: unable to start container process: exec: "api": executable file not found in $PATH: unknown')).toEqual(['exec-not-found:api']);
    expect(kinds('starting container process caused: exec: "/bin/sh": stat /bin/sh: no such file or directory: unknown')).toEqual(['exec-not-found:/bin/sh']);
    expect(kinds('unable to start container process: exec: "/app/x": permission denied: unknown')).toEqual(['exec-permission:/app/x']);
  });

  it('does not take the app starting a subprocess for the entrypoint', () => {
    expect(kinds('2026/11/25 09:29:31 git sync: fork/exec /usr/bin/git: no such file or directory')).toEqual([]);
  });

  it('reads Go runtime and network failures; the specific kind shadows the general one', () => {
    expect(kinds('fatal error: malformed GOMEMLIMIT; see `go doc runtime/debug.SetMemoryLimit`')).toEqual(['malformed-gomemlimit:']);
    expect(kinds('fatal error: concurrent map writes')).toEqual(['go-fatal:concurrent map writes']);
    expect(kinds('dial tcp 127.0.0.1:5432: connect: connection refused')).toEqual(['localhost-refused:127.0.0.1:5432']);
    expect(kinds('dial tcp 10.96.4.2:6379: connect: connection refused')).toEqual(['connection-refused:10.96.4.2:6379']);
    expect(kinds('panic: dial tcp: lookup db on 10.96.0.10:53: no such host')).toEqual(['go-panic:dial tcp: lookup db on 10.96.0.10:53: no such host', 'dns-no-such-host:db']);
    expect(kinds('LoadLocation: unknown time zone America/New_York')).toEqual(['unknown-time-zone:America/New_York']);
    expect(kinds('tls: failed to verify certificate: x509: certificate signed by unknown authority')).toEqual(['x509-unknown-authority:']);
  });

  it('keeps excerpts bounded', () => {
    const long = `panic: ${'x'.repeat(1000)}`;
    expect(logClues(long)[0]!.excerpt.length).toBe(300);
    const text = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`).join('\n');
    expect(excerptLines(text, 20, 2, 30)).toHaveLength(10);
  });
});

describe('firstOwnFrame', () => {
  it('skips runtime and standard library frames of the running goroutine', () => {
    const trace = [
      'fatal error: concurrent map writes',
      '',
      'goroutine 26 [running]:',
      'internal/runtime/maps.fatal({0x4c3ca9?, 0x0?})',
      '\t/usr/lib/go-1.25/src/runtime/panic.go:1046 +0x18',
      'main.main.func1()',
      '\t/src/demo/crash/main.go:56 +0x2d',
    ].join('\n');
    expect(firstOwnFrame(trace, 1)).toEqual({ func: 'main.main.func1', file: '/src/demo/crash/main.go:56' });
  });
});
