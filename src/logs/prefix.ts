/**
 * Removes what sits between the program's stderr and the file we read: ANSI colours, CR of
 * CRLF, and the prefixes added by container runtimes and tools — CRI log lines
 * (`<RFC3339Nano> stderr F msg`), docker json-file lines, kubectl `--timestamps` and
 * `--prefix`, and log shippers' leading timestamps.
 */

export interface Stripped {
  /** The program's own text. */
  text: string;
  /** 1-based column in the (ANSI-free) physical line where `text` starts. */
  column: number;
  time?: string;
  /** A CRI `P` line or a docker json-file chunk without its newline: continued on the next line. */
  partial: boolean;
  /** Which prefix formats were removed, for the decoded summary. */
  formats: string[];
}

const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;
const CRI_STREAM = /^(?:stdout|stderr) ([FP])(?: |$)/;
// kubectl --timestamps (RFC3339Nano) and shippers' ISO-ish stamps; Go's log package writes `2024/01/02 15:04:05`.
const TIMESTAMP = /^(\d{4}[-/]\d\d[-/]\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?) +/;
const KUBECTL_PREFIX = /^\[pod\/[^\]\s]+\] /;

export function stripPrefixes(raw: string): Stripped {
  let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  const formats: string[] = [];
  if (line.includes('\x1b')) {
    line = line.replace(ANSI, '');
    formats.push('ansi');
  }
  let offset = 0;
  let time: string | undefined;
  let partial = false;

  if (line.startsWith('{"log":"')) {
    const docker = dockerJson(line);
    if (docker) {
      formats.push('docker-json');
      return finish(docker.log, 9, docker.time, docker.partial, formats);
    }
  }
  // One timestamp match serves both CRI and kubectl --timestamps: CRI is a stamp plus `stdout F `.
  const ts = TIMESTAMP.exec(line);
  if (ts) {
    const cri = CRI_STREAM.exec(line.slice(ts[0].length, ts[0].length + 9));
    if (cri) {
      formats.push('cri');
      time = ts[1];
      partial = cri[1] === 'P';
      offset = ts[0].length + cri[0].length;
    }
  }
  // kubectl --prefix --timestamps gives `[pod/x/c] <ts> msg`; a shipper may stamp a CRI line again.
  for (let round = 0; round < 2; round++) {
    const rest = offset === 0 ? line : line.slice(offset);
    const pod = rest.charCodeAt(0) === 91 /* [ */ ? KUBECTL_PREFIX.exec(rest) : null;
    if (pod) {
      formats.push('kubectl-prefix');
      offset += pod[0].length;
      continue;
    }
    const stamp = offset === 0 && ts ? ts : isDigit(rest.charCodeAt(0)) ? TIMESTAMP.exec(rest) : null;
    if (stamp) {
      formats.push('timestamp');
      time ??= stamp[1];
      offset += stamp[0].length;
      continue;
    }
    break;
  }
  return finish(line.slice(offset), offset + 1, time, partial, formats);
}

function finish(text: string, column: number, time: string | undefined, partial: boolean, formats: string[]): Stripped {
  const clean = text.includes('\x1b') ? text.replace(ANSI, '') : text;
  return time === undefined ? { text: clean, column, partial, formats } : { text: clean, column, time, partial, formats };
}

/** docker's json-file driver: `{"log":"msg\n","stream":"stderr","time":"…"}`; a log without `\n` is a 16 KiB chunk. */
function dockerJson(line: string): { log: string; time?: string; partial: boolean } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || !('log' in parsed) || !('stream' in parsed)) return undefined;
  const { log, time } = parsed as { log: unknown; time?: unknown };
  if (typeof log !== 'string') return undefined;
  const partial = !log.endsWith('\n');
  const text = partial ? log : log.slice(0, -1);
  const body = text.endsWith('\r') ? text.slice(0, -1) : text;
  return typeof time === 'string' ? { log: body, time, partial } : { log: body, partial };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
