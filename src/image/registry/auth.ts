import type { Credential } from './credentials.js';
import { fromHttpFailure, RegistryError } from './errors.js';
import { readBody, type HttpRequest, type HttpResponse } from './transport.js';

/** One `WWW-Authenticate` challenge of a registry's 401 answer. */
export interface Challenge {
  scheme: 'bearer' | 'basic';
  realm?: string;
  service?: string;
  scope?: string;
}

/** Bearer is preferred when a registry offers both. */
export function parseChallenge(header: string | string[] | undefined): Challenge | undefined {
  const values = Array.isArray(header) ? header : header ? [header] : [];
  const parsed = values.map(parseOne).filter((c): c is Challenge => c !== undefined);
  return parsed.find((c) => c.scheme === 'bearer') ?? parsed[0];
}

function parseOne(value: string): Challenge | undefined {
  const m = /^\s*(\w+)\s*(.*)$/s.exec(value);
  if (!m) return undefined;
  const scheme = m[1]!.toLowerCase();
  if (scheme !== 'bearer' && scheme !== 'basic') return undefined;
  const out: Challenge = { scheme };
  for (const p of m[2]!.matchAll(/(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g)) {
    const key = p[1]!.toLowerCase();
    const val = (p[2] ?? p[3] ?? '').replace(/\\(.)/g, '$1');
    if (key === 'realm' || key === 'service' || key === 'scope') out[key] = val;
  }
  return out;
}

export function basicHeader(cred: Credential): string {
  return `Basic ${Buffer.from(`${cred.username ?? ''}:${cred.password ?? ''}`).toString('base64')}`;
}

export interface Token {
  token: string;
  expiresAt: number;
}

export interface TokenRequest {
  challenge: Challenge;
  /** `repository:team/app:pull`. */
  scope: string;
  credential?: Credential;
  /** For errors: the registry endpoint the token is for. */
  endpoint: string;
  insecureTls: boolean;
  signal?: AbortSignal;
}

/**
 * Docker's token flow (distribution docs, "Token Authentication Specification"): GET the realm
 * with service and scope, Basic credentials when we have a password; an identity (refresh) token
 * is exchanged by an OAuth2 POST instead. Tokens default to 60 s when the answer has no expiry.
 */
export async function fetchToken(send: (req: HttpRequest) => Promise<HttpResponse>, req: TokenRequest): Promise<Token> {
  const realm = parseRealm(req.challenge.realm, req.endpoint);
  const cred = req.credential;
  const headers: Record<string, string> = { accept: 'application/json' };
  let method: 'GET' | 'POST' = 'GET';
  let body: Buffer | undefined;
  if (cred?.identityToken) {
    method = 'POST';
    const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: cred.identityToken, client_id: 'kubewhy', scope: req.scope });
    if (req.challenge.service) form.set('service', req.challenge.service);
    body = Buffer.from(form.toString());
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else {
    if (req.challenge.service) realm.searchParams.set('service', req.challenge.service);
    realm.searchParams.set('scope', req.scope);
    if (cred?.password) {
      headers.authorization = basicHeader(cred);
      if (cred.username) realm.searchParams.set('account', cred.username);
    }
  }
  const res = await send({ url: realm, method, headers, insecureTls: req.insecureTls, ...(body ? { body } : {}), ...(req.signal ? { signal: req.signal } : {}) });
  const text = (await readBody(res.body, 1 << 20)).toString('utf8');
  if (res.status !== 200) {
    throw fromHttpFailure({ status: res.status, body: text, endpoint: req.endpoint, subject: `a token from ${realm.host}`, lookup: 'token' });
  }
  let parsed: { token?: unknown; access_token?: unknown; expires_in?: unknown };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    throw new RegistryError({ kind: 'bad-response', endpoint: req.endpoint, detail: `token service at ${realm.host} answered with something other than JSON` });
  }
  const token = typeof parsed.token === 'string' ? parsed.token : typeof parsed.access_token === 'string' ? parsed.access_token : undefined;
  if (!token) throw new RegistryError({ kind: 'bad-response', endpoint: req.endpoint, detail: `token service at ${realm.host} returned no token` });
  const seconds = typeof parsed.expires_in === 'number' && parsed.expires_in > 0 ? parsed.expires_in : 60;
  return { token, expiresAt: Date.now() + seconds * 1000 };
}

function parseRealm(realm: string | undefined, endpoint: string): URL {
  try {
    if (!realm) throw new Error('no realm');
    const url = new URL(realm);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http');
    return url;
  } catch {
    throw new RegistryError({ kind: 'bad-response', endpoint, detail: 'registry asked for a bearer token without a usable realm URL' });
  }
}
