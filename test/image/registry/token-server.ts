import { createSign, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { certDerBase64, type KeyPair } from './pki.js';

/**
 * A small real token service for distribution's `auth.token` (docs: "Token Authentication
 * Specification"): checks Basic credentials or an OAuth2 refresh token, grants the requested
 * actions a user may have, and signs an RS256 JWT whose `x5c` chains to the registry's
 * rootcertbundle. Anonymous callers get `pull` on repositories under `public/` only.
 */
export interface TokenServerOptions {
  issuer: string;
  service: string;
  signer: KeyPair;
  /** user → password. */
  users: Record<string, string>;
  /** refresh token → user. */
  refreshTokens: Record<string, string>;
  /** user → repository prefixes they may push to; everyone may pull what they can see. */
  push: Record<string, string[]>;
}

export interface TokenServer {
  url: string;
  close(): Promise<void>;
}

export async function startTokenServer(opts: TokenServerOptions): Promise<TokenServer> {
  const x5c = [certDerBase64(opts.signer.certPem)];
  let issued = 0;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://token');
    if (url.pathname === '/stats') return send(res, 200, { issued });
    if (url.pathname !== '/token') return send(res, 404, { error: 'not found' });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const params = new URLSearchParams(url.search);
      if (req.method === 'POST') for (const [k, v] of new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) params.set(k, v);
      const user = authenticate(req.headers.authorization, params, opts);
      if (user === null) return send(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: 'invalid username, password or refresh token' }] });
      if (params.get('service') !== opts.service) return send(res, 400, { errors: [{ code: 'UNSUPPORTED', message: 'unknown service' }] });
      const access = params.getAll('scope').flatMap((s) => s.split(' ')).flatMap((scope) => grant(scope, user, opts));
      const now = Math.floor(Date.now() / 1000);
      const token = jwt({ alg: 'RS256', typ: 'JWT', x5c }, { iss: opts.issuer, sub: user ?? '', aud: opts.service, exp: now + 300, nbf: now - 10, iat: now, jti: randomBytes(8).toString('hex'), access }, opts.signer.keyPem);
      issued++;
      send(res, 200, { token, access_token: token, expires_in: 300, issued_at: new Date().toISOString() });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** undefined: anonymous; null: bad credentials. */
function authenticate(header: string | undefined, params: URLSearchParams, opts: TokenServerOptions): string | undefined | null {
  if (params.get('grant_type') === 'refresh_token') return opts.refreshTokens[params.get('refresh_token') ?? ''] ?? null;
  if (!header) return undefined;
  const m = /^Basic (.+)$/.exec(header);
  if (!m) return null;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const user = decoded.slice(0, colon);
  return colon > 0 && opts.users[user] === decoded.slice(colon + 1) ? user : null;
}

function grant(scope: string, user: string | undefined, opts: TokenServerOptions): { type: string; name: string; actions: string[] }[] {
  const [type, name, actions] = scope.split(':');
  if (type !== 'repository' || !name || !actions) return [];
  const mayPull = user !== undefined || name.startsWith('public/');
  const mayPush = user !== undefined && (opts.push[user] ?? []).some((p) => name.startsWith(p));
  const granted = actions.split(',').filter((a) => (a === 'pull' && mayPull) || (a === 'push' && mayPush));
  return granted.length ? [{ type, name, actions: granted }] : [];
}

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

function jwt(header: object, claims: object, keyPem: string): string {
  const body = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const signature = createSign('RSA-SHA256').update(body).sign(keyPem);
  return `${body}.${b64url(signature)}`;
}

function send(res: http.ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
