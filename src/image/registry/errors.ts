import { redact } from '../../core/redact.js';

/**
 * What went wrong talking to a registry, classified by the FAULTS.md entry it explains:
 * B1 not found, B2 auth, B3 TLS trust (and HTTP/HTTPS mismatch), B4 platform, B5 network and
 * rate limits. Digest mismatches and unreadable documents are B1: the content named is not there.
 */
export type RegistryErrorKind =
  | 'invalid-reference'
  | 'not-found'
  | 'unauthorized'
  | 'denied'
  | 'tls'
  | 'protocol-mismatch'
  | 'network'
  | 'rate-limit'
  | 'server'
  | 'platform'
  | 'digest-mismatch'
  | 'bad-response';

const FAULT_OF: Record<RegistryErrorKind, string> = {
  'invalid-reference': 'B1',
  'not-found': 'B1',
  unauthorized: 'B2',
  denied: 'B2',
  tls: 'B3',
  'protocol-mismatch': 'B3',
  network: 'B5',
  'rate-limit': 'B5',
  server: 'B5',
  platform: 'B4',
  'digest-mismatch': 'B1',
  'bad-response': 'B1',
};

/** Finer reasons a rule or report may branch on. */
export type RegistryErrorReason =
  | 'tag'
  | 'repository'
  | 'manifest'
  | 'blob'
  | 'unknown-authority'
  | 'hostname-mismatch'
  | 'expired'
  | 'http-to-https'
  | 'https-to-http'
  | 'refused'
  | 'dns'
  | 'timeout'
  | 'reset';

export interface RegistryErrorInit {
  kind: RegistryErrorKind;
  /** `host/repository` (or the host alone) — never a URL with credentials. */
  endpoint: string;
  /** What happened, one line, without the endpoint. */
  detail: string;
  /** The registry's own `errors[].code`, e.g. MANIFEST_UNKNOWN. */
  code?: string;
  reason?: RegistryErrorReason;
  status?: number;
  cause?: unknown;
}

export class RegistryError extends Error {
  readonly kind: RegistryErrorKind;
  /** FAULTS.md id (B1…B5). */
  readonly fault: string;
  readonly code: string | undefined;
  readonly reason: RegistryErrorReason | undefined;
  readonly endpoint: string;
  readonly status: number | undefined;
  /** The message without the endpoint and code. */
  readonly detail: string;

  constructor(init: RegistryErrorInit) {
    const detail = oneLine(init.detail);
    super(`${init.endpoint}: ${detail}${init.code ? ` [${init.code}]` : ''}`, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'RegistryError';
    this.kind = init.kind;
    this.fault = FAULT_OF[init.kind];
    this.code = init.code;
    this.reason = init.reason;
    this.endpoint = init.endpoint;
    this.status = init.status;
    this.detail = detail;
  }
}

export function isRegistryError(err: unknown): err is RegistryError {
  return err instanceof RegistryError;
}

/** Anything that reaches an error message from outside is masked and kept to one short line. */
export function oneLine(text: string): string {
  const flat = redact(text).replace(/\s+/g, ' ').trim();
  return flat.length > 240 ? `${flat.slice(0, 237)}...` : flat;
}

export interface RegistryErrorBody {
  code?: string;
  message?: string;
}

/** First entry of the distribution spec's `{"errors":[{"code","message","detail"}]}` body. */
function parseErrorBody(body: string): RegistryErrorBody {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null) return {};
    const errors = (parsed as { errors?: unknown }).errors;
    const first: unknown = Array.isArray(errors) ? errors[0] : undefined;
    if (typeof first !== 'object' || first === null) return {};
    const { code, message } = first as { code?: unknown; message?: unknown };
    return { ...(typeof code === 'string' ? { code } : {}), ...(typeof message === 'string' ? { message } : {}) };
  } catch {
    return {};
  }
}

export interface HttpFailure {
  status: number;
  body: string;
  endpoint: string;
  /** What was asked for, for the message: `tag v1`, `manifest sha256:…`, `blob sha256:…`. */
  subject: string;
  /** Tag or digest lookups tell "tag missing" from "repository missing" by the registry's code. */
  lookup: 'tag' | 'manifest' | 'blob' | 'token' | 'other';
  retryAfter?: string | undefined;
}

/** Classifies a non-2xx registry response. */
export function fromHttpFailure(f: HttpFailure): RegistryError {
  const { code, message } = parseErrorBody(f.body);
  const said = message ? `: ${message}` : '';
  const base = { endpoint: f.endpoint, status: f.status, ...(code ? { code } : {}) };
  if (f.status === 400 && /HTTP request to an HTTPS server/i.test(f.body)) {
    return new RegistryError({ ...base, kind: 'protocol-mismatch', reason: 'http-to-https', detail: 'plain HTTP sent to a port that serves HTTPS: reach it over https' });
  }
  if (f.status === 429 || code === 'TOOMANYREQUESTS') {
    const wait = f.retryAfter ? ` (retry after ${oneLine(f.retryAfter)}s)` : '';
    return new RegistryError({ ...base, kind: 'rate-limit', detail: `rate limited fetching ${f.subject}${wait}${said}` });
  }
  if (f.status === 401 || code === 'UNAUTHORIZED') {
    const where = f.lookup === 'token' ? 'the token service refused the credentials' : `authentication required for ${f.subject}`;
    // Registries mostly just say "authentication required": no need to say it twice.
    const extra = message && !where.toLowerCase().includes(message.toLowerCase()) ? said : '';
    return new RegistryError({ ...base, kind: 'unauthorized', detail: `${where}${extra}` });
  }
  if (f.status === 403 || code === 'DENIED') {
    return new RegistryError({ ...base, kind: 'denied', detail: `access denied to ${f.subject}${said}` });
  }
  if (f.status === 404 || code === 'MANIFEST_UNKNOWN' || code === 'NAME_UNKNOWN' || code === 'BLOB_UNKNOWN') {
    if (code === 'NAME_UNKNOWN') return new RegistryError({ ...base, kind: 'not-found', reason: 'repository', detail: `repository not found${said}` });
    const reason = f.lookup === 'tag' ? 'tag' : f.lookup === 'blob' ? 'blob' : 'manifest';
    return new RegistryError({ ...base, kind: 'not-found', reason, detail: `${f.subject} not found${said}` });
  }
  if (f.status >= 500) return new RegistryError({ ...base, kind: 'server', detail: `registry error HTTP ${f.status} fetching ${f.subject}${said}` });
  return new RegistryError({ ...base, kind: 'bad-response', detail: `unexpected HTTP ${f.status} fetching ${f.subject}${said}` });
}

const UNKNOWN_AUTHORITY = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
]);

/** Classifies a socket / TLS / DNS failure (Node's `err.code`). */
export function fromNetworkError(err: unknown, endpoint: string, scheme: 'http' | 'https'): RegistryError {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
  const text = err instanceof Error ? err.message : String(err);
  const base = { endpoint, cause: err };
  if (UNKNOWN_AUTHORITY.has(code)) {
    return new RegistryError({ ...base, kind: 'tls', reason: 'unknown-authority', detail: `x509: certificate signed by unknown authority (${code}): trust the registry's CA or mark the registry insecure` });
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return new RegistryError({ ...base, kind: 'tls', reason: 'hostname-mismatch', detail: `x509: certificate is not valid for this host (${oneLine(text)})` });
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return new RegistryError({ ...base, kind: 'tls', reason: 'expired', detail: `x509: certificate has expired or is not yet valid (${code})` });
  }
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || /wrong version number|packet length too long/i.test(text)) {
    return new RegistryError({ ...base, kind: 'protocol-mismatch', reason: 'https-to-http', detail: 'server gave an HTTP response to an HTTPS client: the registry serves plain HTTP (mark it insecure)' });
  }
  if (code === 'ECONNREFUSED') return new RegistryError({ ...base, kind: 'network', reason: 'refused', detail: `connection refused (${scheme})` });
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new RegistryError({ ...base, kind: 'network', reason: 'dns', detail: `DNS lookup failed (${code})` });
  if (code === 'ETIMEDOUT' || code === 'ABORT_ERR' || code === 'ERR_REGISTRY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new RegistryError({ ...base, kind: 'network', reason: 'timeout', detail: `i/o timeout (${scheme})` });
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED') return new RegistryError({ ...base, kind: 'network', reason: 'reset', detail: `connection reset (${code})` });
  if (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || /certificate|ssl|tls/i.test(text)) {
    return new RegistryError({ ...base, kind: 'tls', detail: `TLS handshake failed: ${oneLine(text)}` });
  }
  return new RegistryError({ ...base, kind: 'network', detail: `request failed: ${oneLine(text)}${code ? ` (${code})` : ''}` });
}
