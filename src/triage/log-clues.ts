/**
 * Recognisable lines in container output and start errors: runc's exec failures, the Go
 * runtime's fatal lines, and the net/crypto/time errors a Go service dies of. A stop-gap
 * behind a small interface until the full Go log decoders (src/logs/) replace it.
 */
export type LogClueKind =
  | 'exec-format'
  | 'exec-missing-interpreter'
  | 'exec-not-found'
  | 'exec-permission'
  | 'malformed-gomemlimit'
  | 'go-panic'
  | 'go-fatal'
  | 'x509-unknown-authority'
  | 'unknown-time-zone'
  | 'dns-no-such-host'
  | 'localhost-refused'
  | 'connection-refused'
  | 'dial-timeout';

export interface LogClue {
  kind: LogClueKind;
  /** FAULTS.md entry the line points at. */
  fault: string;
  /** 1-based line in the text. */
  line: number;
  /** The line, trimmed and cut to MAX_LINE characters. */
  excerpt: string;
  /** What the line names: the exec'd path, the host, the zone, the panic value. */
  detail?: string;
}

const MAX_LINE = 300;
const MAX_CLUES = 50;

/**
 * Several kinds may match one line (`panic: dial tcp: lookup db …: no such host` is a panic
 * and a DNS failure); callers decide which matters. runc ≥ 1.1 prints `exec /app: <errno>`
 * once the process is past its PATH lookup; older runc printed `standard_init_linux.go:N:
 * exec user process caused[:] "<errno>"`. At create time it reports Go's exec.LookPath error
 * (`exec: "x": executable file not found in $PATH`, `exec: "/x": stat /x: no such file …`).
 * `fork/exec /x: …` is the app starting a subprocess, not the container's entrypoint.
 */
const TABLE: { kind: LogClueKind; fault: string; re: RegExp }[] = [
  { kind: 'exec-format', fault: 'A4', re: /(?<![\w/])exec (\S+): exec format error|exec user process caused:? "?exec format error/ },
  { kind: 'exec-missing-interpreter', fault: 'A3', re: /(?<![\w/])exec (\S+): no such file or directory|exec user process caused:? "?no such file or directory/ },
  { kind: 'exec-not-found', fault: 'C1', re: /\bexec: "([^"]+)": (?:executable file not found in \$PATH|stat \S+: no such file or directory|is a directory)/ },
  { kind: 'exec-permission', fault: 'C1', re: /\bexec: "([^"]+)": permission denied|(?<![\w/])exec (\S+): permission denied|exec user process caused:? "?permission denied/ },
  { kind: 'malformed-gomemlimit', fault: 'E1', re: /^fatal error: malformed GOMEMLIMIT/ },
  { kind: 'go-panic', fault: 'C2', re: /^panic: (.+)$/ },
  { kind: 'go-fatal', fault: 'C2', re: /^fatal error: (.+)$/ },
  { kind: 'x509-unknown-authority', fault: 'A6', re: /x509: certificate signed by unknown authority/ },
  { kind: 'unknown-time-zone', fault: 'A6', re: /unknown time zone (\S+)/ },
  { kind: 'dns-no-such-host', fault: 'C2', re: /lookup (\S+?)(?: on \S+)?: no such host/ },
  { kind: 'localhost-refused', fault: 'C2', re: /dial tcp ((?:127\.0\.0\.1|\[::1\]|localhost):\d+): connect: connection refused/ },
  { kind: 'connection-refused', fault: 'C2', re: /dial tcp (\S+): connect: connection refused/ },
  { kind: 'dial-timeout', fault: 'C2', re: /dial tcp (\S+): (?:i\/o timeout|connect: (?:no route to host|connection timed out))/ },
];

/** A localhost refusal is also a refusal; only the more specific one is kept. */
const SHADOWS: Partial<Record<LogClueKind, LogClueKind>> = { 'localhost-refused': 'connection-refused', 'malformed-gomemlimit': 'go-fatal' };

export function logClues(text: string): LogClue[] {
  const out: LogClue[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length && out.length < MAX_CLUES; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const hits: LogClue[] = [];
    for (const { kind, fault, re } of TABLE) {
      const m = re.exec(line);
      if (!m) continue;
      const detail = m.slice(1).find((g) => g !== undefined && g !== '');
      hits.push({ kind, fault, line: i + 1, excerpt: cut(line), ...(detail !== undefined ? { detail: cut(detail) } : {}) });
    }
    const shadowed = new Set(hits.map((h) => SHADOWS[h.kind]));
    out.push(...hits.filter((h) => !shadowed.has(h.kind)));
  }
  return out;
}

/** Up to `max` lines ending at `line` (1-based), trimmed of trailing blanks, each cut short. */
export function excerptLines(text: string, line: number, before: number, after = 0, max = 10): string[] {
  const lines = text.split('\n');
  const from = Math.max(0, line - 1 - before);
  const to = Math.min(lines.length, line + after);
  const out = lines.slice(from, to).map((l) => cut(l.trimEnd()));
  while (out.length > 0 && out.at(-1) === '') out.pop();
  return out.slice(0, max);
}

/** The last `n` non-empty lines: what a process said before it died. */
export function tailLines(text: string, n: number): string[] {
  return text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l !== '')
    .slice(-n)
    .map(cut);
}

function cut(s: string): string {
  return s.length > MAX_LINE ? `${s.slice(0, MAX_LINE - 1)}…` : s;
}
