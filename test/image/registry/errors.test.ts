import { createHash } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isRegistryError, RegistryError, type RegistryClient } from '../../../src/image/registry/index.js';
import { buildLayer, pushBlob, pushImage } from '../../helpers/oci-push.js';
import { alice, client, closeClients, registry, repo, tmp } from './context.js';
import { startRegistry } from './harness.js';

async function failure(p: Promise<unknown>): Promise<RegistryError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isRegistryError(err)) throw new Error(`expected a RegistryError, got ${String(err)}`);
  return err;
}

const summary = (e: RegistryError): [string, string, string | undefined, string | undefined, string] => [e.kind, e.fault, e.reason, e.code, e.message];

async function drain(stream: NodeJS.ReadableStream): Promise<number> {
  let n = 0;
  for await (const c of stream) n += (c as Buffer).length;
  return n;
}

/** The file distribution's filesystem driver keeps a blob's bytes in. */
function blobFile(storage: string, digest: string): string {
  const hex = digest.slice('sha256:'.length);
  return join(storage, 'docker/registry/v2/blobs/sha256', hex.slice(0, 2), hex, 'data');
}

describe.skipIf(!registry)('classified registry errors, each produced for real', () => {
  const info = registry!;
  afterAll(closeClients);
  const plain = (): RegistryClient => client({ insecureRegistries: [`http://${info.plain.host}`] });

  it('missing tag in an existing repository → B1 MANIFEST_UNKNOWN (tag)', async () => {
    const c = plain();
    const name = `${info.plain.host}/${repo()}`;
    await pushImage(c, name, { layers: [await buildLayer([{ path: 'a', content: 'a' }])], tag: 'v1' });
    expect(summary(await failure(c.resolve(`${name}:v2`)))).toEqual(['not-found', 'B1', 'tag', 'MANIFEST_UNKNOWN', `${name}: tag v2 not found: manifest unknown [MANIFEST_UNKNOWN]`]);
  });

  it('missing repository → B1 NAME_UNKNOWN (repository)', async () => {
    const name = `${info.plain.host}/${repo('nobody')}`;
    expect(summary(await failure(plain().resolve(`${name}:v1`)))).toEqual(['not-found', 'B1', 'repository', 'NAME_UNKNOWN', `${name}: repository not found: repository name not known to registry [NAME_UNKNOWN]`]);
  });

  it('missing manifest digest → B1 MANIFEST_UNKNOWN (manifest)', async () => {
    const c = plain();
    const name = `${info.plain.host}/${repo()}`;
    await pushImage(c, name, { layers: [await buildLayer([{ path: 'a', content: 'a' }])], tag: 'v1' });
    const digest = `sha256:${'0'.repeat(64)}`;
    expect(summary(await failure(c.resolve(`${name}@${digest}`)))).toEqual(['not-found', 'B1', 'manifest', 'MANIFEST_UNKNOWN', `${name}: manifest ${digest} not found: manifest unknown [MANIFEST_UNKNOWN]`]);
  });

  it('certificate from an unknown CA → B3 unknown-authority', async () => {
    const name = `${info.tls.host}/${repo()}`;
    expect(summary(await failure(client().resolve(`${name}:v1`)))).toEqual([
      'tls',
      'B3',
      'unknown-authority',
      undefined,
      `${name}: x509: certificate signed by unknown authority (UNABLE_TO_VERIFY_LEAF_SIGNATURE): trust the registry's CA or mark the registry insecure`,
    ]);
  });

  it('certificate for another name → B3 hostname-mismatch', async () => {
    const host = info.tls.host.replace('127.0.0.1', 'localhost');
    const e = await failure(client({ caFiles: [info.caFile] }).resolve(`${host}/${repo()}:v1`));
    expect([e.kind, e.fault, e.reason]).toEqual(['tls', 'B3', 'hostname-mismatch']);
    expect(e.message).toMatch(/^localhost:\d+\/test\/\w+: x509: certificate is not valid for this host \(Hostname\/IP does not match certificate's altnames: Host: localhost\. is not cert's CN: 127\.0\.0\.1\)$/);
  });

  it('expired certificate → B3 expired', async () => {
    const name = `${info.expired.host}/${repo()}`;
    expect(summary(await failure(client({ caFiles: [info.caFile] }).resolve(`${name}:v1`)))).toEqual(['tls', 'B3', 'expired', undefined, `${name}: x509: certificate has expired or is not yet valid (CERT_HAS_EXPIRED)`]);
  });

  it('plain HTTP to the HTTPS port → B3 http-to-https', async () => {
    const name = `${info.tls.host}/${repo()}`;
    const c = client({ insecureRegistries: [`http://${info.tls.host}`] });
    expect(summary(await failure(c.resolve(`${name}:v1`)))).toEqual(['protocol-mismatch', 'B3', 'http-to-https', undefined, `${name}: plain HTTP sent to a port that serves HTTPS: reach it over https`]);
  });

  it('HTTPS to the plain HTTP port → B3 https-to-http', async () => {
    const name = `${info.plain.host}/${repo()}`;
    expect(summary(await failure(client().resolve(`${name}:v1`)))).toEqual(['protocol-mismatch', 'B3', 'https-to-http', undefined, `${name}: server gave an HTTP response to an HTTPS client: the registry serves plain HTTP (mark it insecure)`]);
  });

  it('an insecure registry skips verification, and falls back to HTTP when the port has no TLS', async () => {
    const pusher = client({ caFiles: [info.caFile], credentials: alice(info) });
    const tlsName = `${info.tls.host}/${repo()}`;
    const pushed = await pushImage(pusher, tlsName, { layers: [await buildLayer([{ path: 'a', content: 'a' }])], tag: 'v1' });
    expect((await client({ insecureRegistries: [info.tls.host], credentials: alice(info) }).resolve(`${tlsName}:v1`)).digest).toBe(pushed.manifest.digest);

    const plainName = `${info.plain.host}/${repo()}`;
    const pushedPlain = await pushImage(plain(), plainName, { layers: [await buildLayer([{ path: 'b', content: 'b' }])], tag: 'v1' });
    const c = client({ insecureRegistries: [info.plain.host] });
    expect((await c.resolve(`${plainName}:v1`)).digest).toBe(pushedPlain.manifest.digest);
    expect(new Set(c.stats().requests.map((r) => r.host))).toEqual(new Set([info.plain.host]));
  });

  it('registry stopped → B5 connection refused', async () => {
    const dir = tmp('stopped-registry');
    const proc = await startRegistry({ binDir: info.binDir, dir });
    const c = client({ insecureRegistries: [`http://${proc.host}`] });
    const name = `${proc.host}/${repo()}`;
    await pushImage(c, name, { layers: [await buildLayer([{ path: 'a', content: 'a' }])], tag: 'v1' });
    await proc.stop();
    expect(summary(await failure(client({ insecureRegistries: [`http://${proc.host}`] }).resolve(`${name}:v1`)))).toEqual(['network', 'B5', 'refused', undefined, `${name}: connection refused (http)`]);
  });

  it('a peer that never answers → B5 timeout', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((s) => sockets.push(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const host = `127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      const e = await failure(client({ timeoutMs: 300, insecureRegistries: [`http://${host}`] }).resolve(`${host}/app:v1`));
      expect(summary(e)).toEqual(['network', 'B5', 'timeout', undefined, `${host}/app: i/o timeout (http)`]);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('a layer whose bytes were changed in the registry storage → digest mismatch at the end of the stream', async () => {
    const c = plain();
    const name = `${info.plain.host}/${repo()}`;
    const layer = await buildLayer([{ path: 'app', content: Buffer.alloc(100_000, 1) }]);
    const desc = await pushBlob(c, name, layer.bytes, layer.mediaType);
    const corrupt = Buffer.from(layer.bytes);
    corrupt.writeUInt8(corrupt.readUInt8(corrupt.length - 100) ^ 0xff, corrupt.length - 100);
    writeFileSync(blobFile(info.plain.storage, desc.digest), corrupt);

    const e = await failure(c.openBlob(name, desc).then(drain));
    expect([e.kind, e.fault, e.endpoint]).toEqual(['digest-mismatch', 'B1', name]);
    expect(e.message).toBe(`${name}: blob ${desc.digest} failed verification: ${layer.bytes.length} bytes hashing to sha256:${createHash('sha256').update(corrupt).digest('hex')}`);
  });

  it('a config blob changed in storage fails resolve before the config is used', async () => {
    const c = plain();
    const name = `${info.plain.host}/${repo()}`;
    const pushed = await pushImage(c, name, { layers: [await buildLayer([{ path: 'a', content: 'a' }])], tag: 'v1', config: { User: 'root' } });
    const file = blobFile(info.plain.storage, pushed.config.digest);
    expect(readdirSync(join(file, '..'))).toContain('data');
    writeFileSync(file, JSON.stringify({ architecture: 'amd64', os: 'linux', config: { User: 'evil' }, rootfs: { type: 'layers', diff_ids: [] } }));
    const e = await failure(c.resolve(`${name}:v1`));
    expect([e.kind, e.fault]).toEqual(['digest-mismatch', 'B1']);
    expect(e.message).toMatch(new RegExp(`^${name}: config blob ${pushed.config.digest}: content hashes to sha256:[0-9a-f]{64}$`));
  });

  it('an invalid reference is B1 before any request', async () => {
    const c = plain();
    expect(summary(await failure(c.resolve(`${info.plain.host}/Bad_Repo!:v1`)))).toEqual(['invalid-reference', 'B1', undefined, undefined, `${info.plain.host}/bad_repo!: invalid repository name "bad_repo!"`]);
    expect(c.stats().requests).toEqual([]);
  });

  it('never puts a password, token or refresh token into any error text', async () => {
    const secrets = [info.users.alice, info.refreshToken, 'not-the-password-S3cr3t', Buffer.from(`alice:${info.users.alice}`).toString('base64'), Buffer.from('alice:not-the-password-S3cr3t').toString('base64')];
    const wrong = { lookup: async () => [{ username: 'alice', password: 'not-the-password-S3cr3t', source: 'test' }] };
    const name = (host: string): string => `${host}/${repo()}`;
    const errors = await Promise.all([
      failure(client({ caFiles: [info.caFile], credentials: wrong }).resolve(`${name(info.tls.host)}:v1`)),
      failure(client({ caFiles: [info.caFile], credentials: wrong }).resolve(`${name(info.token.host)}:v1`)),
      failure(client({ caFiles: [info.caFile], credentials: alice(info) }).resolve(`${name(info.tls.host)}:missing`)),
      failure(client({ caFiles: [info.caFile], credentials: alice(info) }).resolve(`${name(info.token.host)}:missing`)),
      failure(client({ credentials: alice(info) }).resolve(`${name(info.tls.host)}:v1`)),
      failure(client({ caFiles: [info.caFile], credentials: { lookup: async () => [{ identityToken: 'not-the-refresh-token-S3cr3t', source: 'test' }] } }).resolve(`${name(info.token.host)}:v1`)),
    ]);
    secrets.push('not-the-refresh-token-S3cr3t');
    expect(errors.map((e) => e.kind)).toEqual(['unauthorized', 'unauthorized', 'not-found', 'not-found', 'tls', 'unauthorized']);
    for (const e of errors) {
      const text = [e.message, String(e), e.stack ?? '', JSON.stringify({ ...e }), e.cause instanceof Error ? e.cause.message : ''].join('\n');
      for (const s of secrets) expect(text).not.toContain(s);
    }
  });
});
