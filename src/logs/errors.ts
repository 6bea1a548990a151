import { redact } from '../core/redact.js';
import type { ErrorFact, ErrorKind } from '../model/logs.js';
import type { LogLine } from './lines.js';
import { toRef } from './ref.js';

/**
 * Plain error lines that name a root cause (Go's net, crypto/x509, time, os errors and runc's
 * exec errors), in the exact wording the standard library produces. Facts are deduplicated by
 * kind and detail: a retry loop that logs the same refusal 10,000 times is one fact, counted.
 */

type Detail = Record<string, string>;

interface Matcher {
  kind: ErrorKind;
  match(text: string): Detail | undefined;
}

/** Cheap gate first: most log lines name none of these and must cost one scan. */
const GATE = /refused|no such host|i\/o timeout|deadline exceeded|DeadlineExceeded|x509: certificate signed by unknown|unknown time zone|no such file or directory|already in use|bind: permission denied|exec format error/;

const LOCALHOST_REFUSED = /dial tcp (127\.\d+\.\d+\.\d+|localhost|\[::1\]|::1):(\d+): connect: connection refused/;
const REFUSED = /dial tcp (\S+?): connect: connection refused/;
const NO_SUCH_HOST = /lookup (\S+?)(?: on (\S+?))?: no such host/;
const DIAL_TIMEOUT = /dial (?:tcp|udp)\S* (\S+?): i\/o timeout/;
const DNS_TIMEOUT = /lookup (\S+?) on (\S+?): read udp \S+: i\/o timeout/;
const DEADLINE = /context deadline exceeded|Client\.Timeout exceeded|code = DeadlineExceeded/;
const REQUEST_URL = /\b(?:Get|Post|Put|Patch|Delete|Head) "([a-z]+:\/\/[^/"]+)/;
const X509 = /x509: certificate signed by unknown authority/;
const TZ = /unknown time zone (\S+)/;
const OPEN_MISSING = /open (\/?[^\s:]+): no such file or directory/;
const CONFIG_PATH = /\.(?:ya?ml|json|toml|ini|conf|cfg|env|properties|hcl|pem|crt|key)$|\/(?:config|conf|etc|secrets?|certs?)\/|serviceaccount\/token$/i;
const IN_USE = /listen (?:tcp|udp)\S* (\S*?:\d+): bind: address already in use/;
const PORT_DENIED = /listen tcp\S* (\S*?):(\d+): bind: permission denied/;
const EXEC_FORMAT = /(?:exec|fork\/exec) ([^\s:]+): exec format error|exec user process caused:? "?exec format error/;

const MATCHERS: readonly Matcher[] = [
  {
    kind: 'connection-refused-localhost',
    match: (t): Detail | undefined => {
      const m = LOCALHOST_REFUSED.exec(t);
      return m ? { address: `${m[1]}:${m[2]}`, port: m[2]! } : undefined;
    },
  },
  {
    // another pod or a Service without endpoints; diagnose joins the address with the cluster
    kind: 'connection-refused',
    match: (t): Detail | undefined => {
      const m = REFUSED.exec(t);
      return m ? { address: m[1]! } : undefined;
    },
  },
  {
    kind: 'dns-no-such-host',
    match: (t): Detail | undefined => {
      const m = NO_SUCH_HOST.exec(t);
      if (!m) return undefined;
      return m[2] !== undefined ? { host: m[1]!, resolver: m[2] } : { host: m[1]! };
    },
  },
  {
    kind: 'dial-timeout',
    match: (t): Detail | undefined => {
      const dns = DNS_TIMEOUT.exec(t);
      if (dns) return { host: dns[1]!, resolver: dns[2]! };
      const m = DIAL_TIMEOUT.exec(t);
      return m ? { address: m[1]! } : undefined;
    },
  },
  {
    kind: 'deadline-exceeded',
    match: (t): Detail | undefined => {
      const m = DEADLINE.exec(t);
      if (!m) return undefined;
      const url = REQUEST_URL.exec(t);
      const detail: Record<string, string> = {};
      if (url) detail.target = url[1]!;
      if (t.includes('Client.Timeout exceeded')) detail.clientTimeout = 'true';
      if (m[0].startsWith('code =')) detail.grpc = 'true';
      return detail;
    },
  },
  {
    kind: 'x509-unknown-authority',
    match: (t): Detail | undefined => {
      if (!X509.test(t)) return undefined;
      const url = REQUEST_URL.exec(t);
      return url ? { target: url[1]! } : {};
    },
  },
  {
    kind: 'unknown-time-zone',
    match: (t): Detail | undefined => {
      const m = TZ.exec(t);
      return m ? { zone: m[1]!.replace(/["',;]+$/, '') } : undefined;
    },
  },
  {
    kind: 'config-file-missing',
    match: (t): Detail | undefined => {
      const m = OPEN_MISSING.exec(t);
      return m && CONFIG_PATH.test(m[1]!) ? { path: m[1]! } : undefined;
    },
  },
  {
    kind: 'address-in-use',
    match: (t): Detail | undefined => {
      const m = IN_USE.exec(t);
      return m ? { address: m[1]! } : undefined;
    },
  },
  {
    kind: 'privileged-port-denied',
    match: (t): Detail | undefined => {
      const m = PORT_DENIED.exec(t);
      return m && Number(m[2]) < 1024 ? { address: `${m[1]}:${m[2]}`, port: m[2]! } : undefined;
    },
  },
  {
    kind: 'exec-format-error',
    match: (t): Detail | undefined => {
      const m = EXEC_FORMAT.exec(t);
      if (!m) return undefined;
      return m[1] !== undefined ? { path: m[1] } : {};
    },
  },
];

const MAX_FACTS = 200;

export class ErrorDecoder {
  private readonly facts = new Map<string, ErrorFact>();

  /** True when `text` might name a root cause: lets callers skip costly decoding (JSON) for the rest. */
  static worthMatching(text: string): boolean {
    return GATE.test(text);
  }

  feed(line: LogLine): boolean {
    if (!GATE.test(line.text)) return false;
    let matched = false;
    for (const m of MATCHERS) {
      const detail = m.match(line.text);
      if (!detail) continue;
      matched = true;
      this.record(m.kind, detail, line);
      // A DNS timeout is a dial timeout's cause, not a separate deadline; one kind per line.
      break;
    }
    return matched;
  }

  finish(): ErrorFact[] {
    return [...this.facts.values()].sort((a, b) => a.at.line - b.at.line);
  }

  private record(kind: ErrorKind, detail: Record<string, string>, line: LogLine): void {
    const key = `${kind}\0${JSON.stringify(detail)}`;
    const fact = this.facts.get(key);
    if (fact) {
      fact.count++;
      fact.lastLine = line.no;
      return;
    }
    // beyond this many distinct facts the log is not telling one story any more
    if (this.facts.size >= MAX_FACTS) return;
    const clean = Object.fromEntries(Object.entries(detail).map(([k, v]) => [k, redact(v)]));
    this.facts.set(key, { kind, detail: clean, count: 1, at: toRef(line), lastLine: line.no });
  }
}
