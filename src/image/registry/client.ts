import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { ImageRef } from '../../model/dockerfile.js';
import { normalizeImageRef, type NormalizedImageRef } from '../../load/image-ref.js';
import { basicHeader, fetchToken, parseChallenge, type Challenge } from './auth.js';
import { DigestCache, defaultImageCacheDir } from './cache.js';
import type { Credential, Credentials } from './credentials.js';
import { digestOf, isDigest, matchesDigest, VerifyingStream } from './digest.js';
import { fromHttpFailure, fromNetworkError, isRegistryError, RegistryError, type HttpFailure } from './errors.js';
import { Limiter } from './limiter.js';
import { formatPlatform, platformsOf, selectPlatform } from './platform.js';
import { parseManifest } from './manifest.js';
import { readBody, Transport, type HttpMethod, type HttpRequest, type HttpResponse } from './transport.js';
import { MANIFEST_ACCEPT, type Descriptor, type FetchedManifest, type ImageConfig, type ImageIndex, type ImageManifest, type Platform } from './types.js';

export interface RegistryClientOptions {
  /** Where credentials come from; default none (anonymous pulls). */
  credentials?: Credentials;
  /** Extra trusted CA certificates, PEM text; added to Node's bundled roots. */
  ca?: string[];
  /** Files of extra trusted CA certificates (PEM). */
  caFiles?: string[];
  /**
   * Registries to reach without TLS verification. `host[:port]`: HTTPS accepting any certificate,
   * falling back to plain HTTP when the port does not speak TLS (Docker's insecure-registries);
   * `http://host[:port]`: plain HTTP only.
   */
  insecureRegistries?: string[];
  /** Manifest/config cache directory; default `${KUBEWHY_CACHE:-~/.cache/kubewhy}/images`; false: none. */
  cacheDir?: string | false;
  /** Socket idle timeout per request (connect, headers, every gap in a body); default 30 s. */
  timeoutMs?: number;
  /** Requests in flight at once (a blob stream holds its slot until its headers arrive); default 6. */
  concurrency?: number;
  /** Platform picked from an index when `resolve` is given none; default linux/amd64. */
  platform?: Platform;
}

export type ImageReference = string | ImageRef | NormalizedImageRef;

export interface ResolvedImage {
  reference: NormalizedImageRef;
  /** What the reference points at: the index digest for a multi-platform image, else the manifest's. */
  digest: string;
  /** Present when the reference names an index (OCI image index / Docker manifest list). */
  index?: { digest: string; mediaType: string; index: ImageIndex; platforms: Platform[] };
  /** The platform that was selected (from the index entry, else from the config). */
  platform: Platform;
  manifestDigest: string;
  manifestMediaType: string;
  manifest: ImageManifest;
  configDigest: string;
  config: ImageConfig;
  /** Layers bottom to top, as in the manifest. */
  layers: Descriptor[];
}

export interface RequestRecord {
  method: HttpMethod;
  host: string;
  /** Path and query (token requests included; no credentials ever appear in these). */
  path: string;
  status: number;
  /** Body bytes received so far. */
  bytes: number;
}

export interface RegistryStats {
  requests: RequestRecord[];
  /** Body bytes received in all. */
  bytes: number;
  /** Body bytes received per blob digest (configs and layer streams). */
  blobBytes: Record<string, number>;
}

export interface RawRequest {
  method: HttpMethod;
  /** Under `/v2/<repository>/` (`blobs/uploads/`), or absolute (`/v2/…`, an upload Location URL). */
  path: string;
  headers?: Record<string, string>;
  body?: Buffer;
  /** Token scope actions; default ['pull']. */
  actions?: ('pull' | 'push')[];
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface RegistryClient {
  /** Reference → platform manifest, config and layer descriptors (cache first, then registry). */
  resolve(ref: ImageReference, platform?: Platform): Promise<ResolvedImage>;
  /** The digest a reference points at: a digest reference costs nothing, a tag one HEAD. */
  digest(ref: ImageReference): Promise<string>;
  /** The manifest or index a reference names, verified against its digest. */
  manifest(ref: ImageReference): Promise<FetchedManifest>;
  /**
   * A blob as a stream, verified while it flows: it errors with a `digest-mismatch` RegistryError
   * at its end when the content does not match. Destroy it to stop early (the connection is closed).
   */
  openBlob(ref: ImageReference, desc: Descriptor, opts?: { signal?: AbortSignal }): Promise<Readable>;
  /** One authenticated request to a repository, for tooling and tests (kubewhy itself only reads). */
  request(ref: ImageReference, req: RawRequest): Promise<RawResponse>;
  stats(): RegistryStats;
  resetStats(): void;
  /** Closes pooled connections. */
  close(): void;
}

interface Target {
  ref: NormalizedImageRef;
  host: string;
  repository: string;
  /** `host/repository`, the name every error carries. */
  endpoint: string;
}

interface Exchanged {
  res: HttpResponse;
  record: RequestRecord;
  /** On a 401 that survived the auth flow: which credentials were tried, for the error. */
  authNote?: string;
}

interface HostState {
  scheme: 'https' | 'http';
  insecureTls: boolean;
  /** Docker semantics: an insecure host falls back to plain HTTP once when HTTPS fails. */
  mayFallBack: boolean;
}

const REPOSITORY = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^\w[\w.-]{0,127}$/;
const MANIFEST_LIMIT = 4 << 20;
const CONFIG_LIMIT = 32 << 20;

export function createRegistryClient(opts: RegistryClientOptions = {}): RegistryClient {
  return new Client(opts);
}

class Client implements RegistryClient {
  private readonly transport: Transport;
  private readonly limiter: Limiter;
  private readonly cache: DigestCache | undefined;
  private readonly defaultPlatform: Platform;
  private readonly hosts = new Map<string, HostState>();
  private readonly insecure = new Map<string, 'any' | 'http'>();
  /** Authorization header that worked, per `host scope`. */
  private readonly auth = new Map<string, { header: string; expiresAt: number }>();
  private readonly credentialLookups = new Map<string, Promise<Credential[]>>();
  private readonly tokens = new Map<string, Promise<{ header: string; expiresAt: number }>>();
  private records: RequestRecord[] = [];
  private blobBytes: Record<string, number> = {};

  constructor(private readonly opts: RegistryClientOptions) {
    const ca = [...(opts.ca ?? []), ...(opts.caFiles ?? []).map((f) => readFileSync(f, 'utf8'))];
    this.transport = new Transport({ ca, timeoutMs: opts.timeoutMs ?? 30_000 });
    this.limiter = new Limiter(opts.concurrency ?? 6);
    const dir = opts.cacheDir === false ? undefined : (opts.cacheDir ?? defaultImageCacheDir());
    this.cache = dir ? new DigestCache(dir) : undefined;
    this.defaultPlatform = opts.platform ?? { os: 'linux', architecture: 'amd64' };
    for (const entry of opts.insecureRegistries ?? []) {
      const plain = entry.startsWith('http://');
      this.insecure.set(entry.replace(/^https?:\/\//, '').replace(/\/+$/, '').toLowerCase(), plain ? 'http' : 'any');
    }
  }

  async resolve(ref: ImageReference, platform?: Platform): Promise<ResolvedImage> {
    const target = this.target(ref);
    const top = await this.manifestFor(target);
    const want = platform ?? this.defaultPlatform;
    let index: ResolvedImage['index'];
    let fetched: Extract<FetchedManifest, { kind: 'manifest' }>;
    let selected: Platform | undefined;
    if (top.kind === 'index') {
      const platforms = platformsOf(top.index);
      index = { digest: top.digest, mediaType: top.mediaType, index: top.index, platforms };
      const entry = selectPlatform(top.index, want);
      if (!entry) {
        const have = platforms.map(formatPlatform).join(', ') || 'none';
        throw new RegistryError({ kind: 'platform', endpoint: target.endpoint, detail: `no match for platform ${formatPlatform(want)} in the index of ${target.ref.canonical} (it has: ${have})` });
      }
      const child = await this.manifestByDigest(target, entry.digest);
      if (child.kind !== 'manifest') throw new RegistryError({ kind: 'bad-response', endpoint: target.endpoint, detail: `index entry ${entry.digest} is itself an index` });
      fetched = child;
      selected = entry.platform;
    } else {
      fetched = top;
    }
    const manifest = fetched.manifest;
    const config = await this.configOf(target, manifest.config);
    return {
      reference: target.ref,
      digest: top.digest,
      ...(index ? { index } : {}),
      platform: selected ?? { os: config.os, architecture: config.architecture, ...(config.variant ? { variant: config.variant } : {}) },
      manifestDigest: fetched.digest,
      manifestMediaType: fetched.mediaType,
      manifest,
      configDigest: manifest.config.digest,
      config,
      layers: manifest.layers,
    };
  }

  async digest(ref: ImageReference): Promise<string> {
    const target = this.target(ref);
    if (target.ref.digest) return target.ref.digest;
    const head = await this.headTag(target);
    if (head) return head;
    return (await this.manifestFor(target)).digest;
  }

  async manifest(ref: ImageReference): Promise<FetchedManifest> {
    return this.manifestFor(this.target(ref));
  }

  async openBlob(ref: ImageReference, desc: Descriptor, opts: { signal?: AbortSignal } = {}): Promise<Readable> {
    const target = this.target(ref);
    this.checkDigest(target, desc.digest);
    return this.limiter.run(async () => {
      const sent = await this.exchange(target, 'GET', `blobs/${desc.digest}`, { signal: opts.signal });
      const { res, record } = sent;
      if (res.status !== 200) throw await this.failure(target, sent, { subject: `blob ${desc.digest}`, lookup: 'blob' });
      const verifier = new VerifyingStream({ digest: desc.digest, size: desc.size, endpoint: target.endpoint, onBytes: (n) => this.count(record, desc.digest, n) });
      res.body.on('error', (err) => verifier.destroy(isRegistryError(err) ? err : fromNetworkError(err, target.endpoint, res.url.protocol === 'http:' ? 'http' : 'https')));
      verifier.on('close', () => {
        if (!res.body.readableEnded) res.body.destroy();
      });
      res.body.pipe(verifier);
      return verifier;
    });
  }

  async request(ref: ImageReference, req: RawRequest): Promise<RawResponse> {
    const target = this.target(ref);
    return this.limiter.run(async () => {
      const sent = await this.exchange(target, req.method, req.path, { headers: req.headers, body: req.body, actions: req.actions });
      const { res, record } = sent;
      if (res.status >= 400) throw await this.failure(target, sent, { subject: `${req.method} ${pathOnly(req.path)}`, lookup: 'other' });
      const body = await this.read(res, record, CONFIG_LIMIT, target);
      return { status: res.status, headers: res.headers, body };
    });
  }

  stats(): RegistryStats {
    const requests = this.records.map((r) => ({ ...r }));
    return { requests, bytes: requests.reduce((n, r) => n + r.bytes, 0), blobBytes: { ...this.blobBytes } };
  }

  resetStats(): void {
    this.records = [];
    this.blobBytes = {};
  }

  close(): void {
    this.transport.close();
  }

  private target(ref: ImageReference): Target {
    const n = typeof ref === 'object' && 'canonical' in ref ? ref : normalizeImageRef(ref);
    const endpoint = `${n.host}/${n.repository}`;
    if (!REPOSITORY.test(n.repository)) throw new RegistryError({ kind: 'invalid-reference', endpoint, detail: `invalid repository name "${n.repository}"` });
    if (n.tag !== undefined && !TAG.test(n.tag)) throw new RegistryError({ kind: 'invalid-reference', endpoint, detail: `invalid tag "${n.tag}"` });
    if (n.digest !== undefined) this.checkDigest({ ref: n, host: n.host, repository: n.repository, endpoint }, n.digest);
    return { ref: n, host: n.host, repository: n.repository, endpoint };
  }

  private checkDigest(target: Target, digest: string): void {
    if (!isDigest(digest)) throw new RegistryError({ kind: 'invalid-reference', endpoint: target.endpoint, detail: `invalid digest "${digest}"` });
  }

  /** Digest references come from the cache when possible; tags cost a HEAD first. */
  private async manifestFor(target: Target): Promise<FetchedManifest> {
    if (target.ref.digest) return this.manifestByDigest(target, target.ref.digest);
    const digest = await this.headTag(target);
    if (digest) return this.manifestByDigest(target, digest);
    return this.fetchManifest(target, target.ref.tag!, undefined);
  }

  private async manifestByDigest(target: Target, digest: string): Promise<FetchedManifest> {
    const cached = await this.cache?.get(digest);
    if (cached) return parseManifest(cached, digest, undefined, target);
    return this.fetchManifest(target, digest, digest);
  }

  /** HEAD by tag → Docker-Content-Digest; undefined when the registry does not send one. */
  private async headTag(target: Target): Promise<string | undefined> {
    const tag = target.ref.tag!;
    return this.limiter.run(async () => {
      const sent = await this.exchange(target, 'HEAD', `manifests/${tag}`, { headers: { accept: MANIFEST_ACCEPT } });
      const { res } = sent;
      res.body.resume();
      if (res.status !== 200) return this.explainHeadFailure(target, tag);
      const header = res.headers['docker-content-digest'];
      return typeof header === 'string' && isDigest(header) ? header : undefined;
    });
  }

  /** HEAD answers carry no error body; the same GET tells a missing tag from a missing repository. */
  private async explainHeadFailure(target: Target, tag: string): Promise<never> {
    const sent = await this.exchange(target, 'GET', `manifests/${tag}`, { headers: { accept: MANIFEST_ACCEPT } });
    const { res } = sent;
    if (res.status === 200) {
      res.body.destroy();
      throw new RegistryError({ kind: 'bad-response', endpoint: target.endpoint, detail: `HEAD of tag ${tag} failed but GET succeeded` });
    }
    throw await this.tagFailure(target, sent, tag);
  }

  /**
   * distribution answers MANIFEST_UNKNOWN for a tag whether or not the repository exists; its tag
   * list tells the two apart (NAME_UNKNOWN), so the error can say which name is wrong.
   */
  private async tagFailure(target: Target, sent: Exchanged, tag: string): Promise<RegistryError> {
    const err = await this.failure(target, sent, { subject: `tag ${tag}`, lookup: 'tag' });
    if (err.kind !== 'not-found' || err.reason !== 'tag') return err;
    const probe = await this.exchange(target, 'GET', 'tags/list?n=1', {});
    if (probe.res.status !== 404) {
      probe.res.body.resume();
      return err;
    }
    const repoErr = await this.failure(target, probe, { subject: 'repository', lookup: 'other' });
    return repoErr.reason === 'repository' ? repoErr : err;
  }

  private async fetchManifest(target: Target, reference: string, digest: string | undefined): Promise<FetchedManifest> {
    const subject = digest ? `manifest ${digest}` : `tag ${reference}`;
    const bytes = await this.limiter.run(async () => {
      const sent = await this.exchange(target, 'GET', `manifests/${reference}`, { headers: { accept: MANIFEST_ACCEPT } });
      const { res, record } = sent;
      if (res.status !== 200) throw digest ? await this.failure(target, sent, { subject, lookup: 'manifest' }) : await this.tagFailure(target, sent, reference);
      const body = await this.read(res, record, MANIFEST_LIMIT, target);
      const header = res.headers['docker-content-digest'];
      const expected = digest ?? (typeof header === 'string' && isDigest(header) ? header : undefined);
      if (expected && !matchesDigest(body, expected)) {
        throw new RegistryError({ kind: 'digest-mismatch', endpoint: target.endpoint, detail: `${subject}: content hashes to ${digestOf(body)}, not ${expected}` });
      }
      return { body, contentType: res.headers['content-type'], digest: expected ?? digestOf(body) };
    });
    const fetched = parseManifest(bytes.body, bytes.digest, bytes.contentType, target);
    await this.cache?.put(fetched.digest, bytes.body);
    return fetched;
  }

  private async configOf(target: Target, desc: Descriptor): Promise<ImageConfig> {
    this.checkDigest(target, desc.digest);
    let bytes = await this.cache?.get(desc.digest);
    if (!bytes) {
      bytes = await this.limiter.run(async () => {
        const sent = await this.exchange(target, 'GET', `blobs/${desc.digest}`, {});
        const { res, record } = sent;
        if (res.status !== 200) throw await this.failure(target, sent, { subject: `config blob ${desc.digest}`, lookup: 'blob' });
        const body = await this.read(res, record, CONFIG_LIMIT, target);
        this.blobBytes[desc.digest] = (this.blobBytes[desc.digest] ?? 0) + body.length;
        return body;
      });
      if (!matchesDigest(bytes, desc.digest)) {
        throw new RegistryError({ kind: 'digest-mismatch', endpoint: target.endpoint, detail: `config blob ${desc.digest}: content hashes to ${digestOf(bytes)}` });
      }
      await this.cache?.put(desc.digest, bytes);
    }
    try {
      const config = JSON.parse(bytes.toString('utf8')) as ImageConfig;
      if (typeof config !== 'object' || config === null || typeof config.os !== 'string') throw new Error('not an image config');
      return config;
    } catch {
      throw new RegistryError({ kind: 'bad-response', endpoint: target.endpoint, detail: `config blob ${desc.digest} is not an image config` });
    }
  }

  /**
   * Sends one request with whatever authorization worked before for this host and scope; on a
   * 401 it answers the challenge (Basic, or a Bearer token per scope) with each credential in turn.
   */
  private async exchange(
    target: Target,
    method: HttpMethod,
    path: string,
    init: { headers?: Record<string, string> | undefined; body?: Buffer | undefined; actions?: ('pull' | 'push')[] | undefined; signal?: AbortSignal | undefined },
  ): Promise<Exchanged> {
    const scope = `repository:${target.repository}:${(init.actions ?? ['pull']).join(',')}`;
    const authKey = `${target.host} ${scope}`;
    const known = this.auth.get(authKey);
    const send = (authorization?: string): Promise<Exchanged> =>
      this.send(target, method, path, { ...init.headers, ...(authorization ? { authorization } : {}) }, init.body, init.signal);
    let sent = await send(known && known.expiresAt > Date.now() ? known.header : undefined);
    if (sent.res.status !== 401) return sent;

    const challenge = parseChallenge(sent.res.headers['www-authenticate']);
    if (!challenge) return sent;
    const creds = await this.credentialsFor(target);
    const authNote = creds.length ? `credentials from ${creds.map((c) => c.source).join(', ')} were rejected` : `no credentials for ${target.ref.domain}`;
    for (const cred of creds.length > 0 ? creds : [undefined]) {
      if (challenge.scheme === 'basic' && !cred?.password) continue;
      let header: { header: string; expiresAt: number };
      try {
        header = await this.authorization(target, challenge, scope, cred, init.signal);
      } catch (err) {
        if (!isRegistryError(err)) throw err;
        if (err.kind !== 'unauthorized' && err.kind !== 'denied') throw err;
        throw new RegistryError({ kind: err.kind, endpoint: target.endpoint, detail: `${err.detail}; ${authNote}`, ...(err.code ? { code: err.code } : {}), ...(err.status ? { status: err.status } : {}) });
      }
      sent.res.body.resume();
      sent = await send(header.header);
      if (sent.res.status !== 401) {
        this.auth.set(authKey, header);
        return sent;
      }
    }
    return { ...sent, authNote };
  }

  private async authorization(target: Target, challenge: Challenge, scope: string, cred: Credential | undefined, signal: AbortSignal | undefined): Promise<{ header: string; expiresAt: number }> {
    const forever = Number.MAX_SAFE_INTEGER;
    if (challenge.scheme === 'basic' && cred) return { header: basicHeader(cred), expiresAt: forever };
    if (cred?.registryToken) return { header: `Bearer ${cred.registryToken}`, expiresAt: forever };
    // One token per realm, service, scope and credential, shared by concurrent requests.
    const key = [challenge.realm, challenge.service, scope, cred?.source ?? '', cred?.username ?? ''].join(' ');
    const cached = await this.tokens.get(key)?.catch(() => undefined);
    if (cached && cached.expiresAt > Date.now()) return cached;
    const pending = this.bearer(target, challenge, scope, cred, signal);
    this.tokens.set(key, pending);
    pending.catch(() => this.tokens.delete(key));
    return pending;
  }

  private async bearer(target: Target, challenge: Challenge, scope: string, cred: Credential | undefined, signal: AbortSignal | undefined): Promise<{ header: string; expiresAt: number }> {
    const state = this.hostState(target.host);
    try {
      const token = await fetchToken((req) => this.sendRecorded(req), { challenge, scope, endpoint: target.endpoint, insecureTls: state.insecureTls, ...(cred ? { credential: cred } : {}), ...(signal ? { signal } : {}) });
      // Refresh a little early so a token never expires between the check and the request.
      return { header: `Bearer ${token.token}`, expiresAt: token.expiresAt - 5_000 };
    } catch (err) {
      if (isRegistryError(err)) throw err;
      throw fromNetworkError(err, target.endpoint, challenge.realm?.startsWith('http:') ? 'http' : 'https');
    }
  }

  private credentialsFor(target: Target): Promise<Credential[]> {
    const key = `${target.ref.domain}/${target.repository}`;
    let found = this.credentialLookups.get(key);
    if (!found) {
      found = this.opts.credentials ? this.opts.credentials.lookup({ domain: target.ref.domain, repository: target.repository }) : Promise.resolve([]);
      this.credentialLookups.set(key, found);
    }
    return found;
  }

  /** A request outside any repository (the token service), recorded in the stats like the rest. */
  private async sendRecorded(req: HttpRequest): Promise<HttpResponse> {
    const res = await this.transport.send(req);
    const body = await readBody(res.body, 1 << 20);
    this.records.push({ method: req.method, host: res.url.host, path: res.url.pathname + res.url.search, status: res.status, bytes: body.length });
    return { ...res, body: Readable.from([body]) };
  }

  private hostState(host: string): HostState {
    let state = this.hosts.get(host);
    if (!state) {
      const mode = this.insecure.get(host.toLowerCase());
      state = { scheme: mode === 'http' ? 'http' : 'https', insecureTls: mode !== undefined, mayFallBack: mode === 'any' };
      this.hosts.set(host, state);
    }
    return state;
  }

  private async send(target: Target, method: HttpMethod, path: string, headers: Record<string, string>, body: Buffer | undefined, signal: AbortSignal | undefined): Promise<{ res: HttpResponse; record: RequestRecord }> {
    const state = this.hostState(target.host);
    const url = this.url(target, state, path);
    let res: HttpResponse;
    try {
      res = await this.transport.send({ url, method, headers: { 'user-agent': 'kubewhy', ...headers }, insecureTls: state.insecureTls, ...(body ? { body } : {}), ...(signal ? { signal } : {}) });
    } catch (err) {
      const classified = fromNetworkError(err, target.endpoint, state.scheme);
      if (state.mayFallBack && state.scheme === 'https' && classified.kind !== 'network') {
        state.scheme = 'http';
        state.mayFallBack = false;
        return this.send(target, method, path, headers, body, signal);
      }
      throw classified;
    }
    state.mayFallBack = false;
    const record: RequestRecord = { method, host: res.url.host, path: res.url.pathname + res.url.search, status: res.status, bytes: 0 };
    this.records.push(record);
    return { res, record };
  }

  private url(target: Target, state: HostState, path: string): URL {
    if (/^https?:\/\//.test(path)) {
      const given = new URL(path);
      return new URL(`${state.scheme}://${target.host}${given.pathname}${given.search}`);
    }
    const rel = path.startsWith('/') ? path : `/v2/${target.repository}/${path}`;
    return new URL(`${state.scheme}://${target.host}${rel}`);
  }

  private async read(res: HttpResponse, record: RequestRecord, limit: number, target: Target): Promise<Buffer> {
    try {
      const body = await readBody(res.body, limit);
      record.bytes += body.length;
      return body;
    } catch (err) {
      if (typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'ERR_RESPONSE_TOO_LARGE') {
        throw new RegistryError({ kind: 'bad-response', endpoint: target.endpoint, detail: `response larger than ${limit} bytes` });
      }
      throw fromNetworkError(err, target.endpoint, res.url.protocol === 'http:' ? 'http' : 'https');
    }
  }

  private count(record: RequestRecord, digest: string, n: number): void {
    record.bytes += n;
    this.blobBytes[digest] = (this.blobBytes[digest] ?? 0) + n;
  }

  private async failure(target: Target, sent: Exchanged, what: Pick<HttpFailure, 'subject' | 'lookup'>): Promise<RegistryError> {
    const body = await readBody(sent.res.body, 1 << 20).catch(() => Buffer.alloc(0));
    const retryAfter = sent.res.headers['retry-after'];
    const err = fromHttpFailure({ status: sent.res.status, body: body.toString('utf8'), endpoint: target.endpoint, ...what, retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined });
    if (!sent.authNote) return err;
    return new RegistryError({ kind: err.kind, endpoint: err.endpoint, detail: `${err.detail}; ${sent.authNote}`, ...(err.code ? { code: err.code } : {}), ...(err.status ? { status: err.status } : {}) });
  }
}

function pathOnly(path: string): string {
  return path.replace(/^https?:\/\/[^/]+/, '').split('?')[0]!;
}
