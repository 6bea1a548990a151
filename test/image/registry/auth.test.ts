import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chainCredentials, dockerConfigCredentials, isRegistryError, pullSecretCredentials, type RegistryClient } from '../../../src/image/registry/index.js';
import { buildLayer, pushImage } from '../../helpers/oci-push.js';
import { alice, client, closeClients, registry, repo, tmp } from './context.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

/** Pushes one tagged image as alice and returns its name and manifest digest. */
async function seed(host: string, pusher: RegistryClient, prefix = 'team'): Promise<{ name: string; digest: string }> {
  const name = `${host}/${repo(prefix)}`;
  const layer = await buildLayer([{ path: 'hello', content: 'world' }]);
  const pushed = await pushImage(pusher, name, { layers: [layer], tag: 'v1' });
  return { name, digest: pushed.manifest.digest };
}

async function tokensIssued(tokenUrl: string): Promise<number> {
  const res = await fetch(new URL('/stats', tokenUrl));
  return ((await res.json()) as { issued: number }).issued;
}

describe.skipIf(!registry)('registry authentication against real servers', () => {
  const info = registry!;
  afterAll(closeClients);

  describe('htpasswd (Basic) over TLS with the test CA', () => {
    it('pulls with alice from ~/.docker/config.json `auths` (base64 auth), honouring DOCKER_CONFIG', async () => {
      const { name, digest } = await seed(info.tls.host, client({ caFiles: [info.caFile], credentials: alice(info) }));
      const dir = tmp('docker-config');
      writeFileSync(join(dir, 'config.json'), JSON.stringify({ auths: { [`https://${info.tls.host}`]: { auth: b64(`alice:${info.users.alice}`) } } }));
      const c = client({ caFiles: [info.caFile], credentials: dockerConfigCredentials({ env: { ...process.env, DOCKER_CONFIG: dir } }) });
      expect((await c.resolve(`${name}:v1`)).digest).toBe(digest);
    });

    it('pulls with username/password from a kubernetes.io/dockerconfigjson Secret', async () => {
      const { name, digest } = await seed(info.tls.host, client({ caFiles: [info.caFile], credentials: alice(info) }));
      const secret = {
        metadata: { name: 'regcred', namespace: 'shop' },
        type: 'kubernetes.io/dockerconfigjson',
        data: { '.dockerconfigjson': b64(JSON.stringify({ auths: { [info.tls.host]: { username: 'alice', password: info.users.alice } } })) },
      };
      const c = client({ caFiles: [info.caFile], credentials: pullSecretCredentials([secret]) });
      expect((await c.resolve(`${name}:v1`)).digest).toBe(digest);
    });

    it.each(['credHelpers', 'credsStore'] as const)('pulls through a docker-credential-<name> helper found on PATH (%s)', async (how) => {
      const { name, digest } = await seed(info.tls.host, client({ caFiles: [info.caFile], credentials: alice(info) }));
      const dir = tmp('cred-helper');
      mkdirSync(join(dir, 'bin'));
      const helper = join(dir, 'bin', 'docker-credential-test');
      // The helper protocol: server URL on stdin, JSON on stdout; unknown servers exit 1.
      writeFileSync(
        helper,
        `#!/bin/sh\n[ "$1" = get ] || exit 2\nread server\n[ "$server" = "${info.tls.host}" ] || { echo "credentials not found in native keychain"; exit 1; }\nprintf '{"ServerURL":"%s","Username":"alice","Secret":"${info.users.alice}"}' "$server"\n`,
      );
      chmodSync(helper, 0o755);
      writeFileSync(join(dir, 'config.json'), JSON.stringify(how === 'credHelpers' ? { credHelpers: { [info.tls.host]: 'test' } } : { credsStore: 'test' }));
      const env = { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH}` };
      const c = client({ caFiles: [info.caFile], credentials: dockerConfigCredentials({ configDir: dir, env }) });
      expect((await c.resolve(`${name}:v1`)).digest).toBe(digest);
    });

    it('tries each matching credential in order, as the kubelet does with several pull secrets', async () => {
      const { name, digest } = await seed(info.tls.host, client({ caFiles: [info.caFile], credentials: alice(info) }));
      const stale = { metadata: { name: 'old' }, type: 'kubernetes.io/dockercfg', data: { '.dockercfg': b64(JSON.stringify({ [info.tls.host]: { auth: b64('alice:expired-password') } })) } };
      const good = { metadata: { name: 'new' }, type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64(JSON.stringify({ auths: { [info.tls.host]: { auth: b64(`alice:${info.users.alice}`) } } })) } };
      const c = client({ caFiles: [info.caFile], credentials: chainCredentials(pullSecretCredentials([stale]), pullSecretCredentials([good])) });
      expect((await c.resolve(`${name}:v1`)).digest).toBe(digest);
    });

    it('reports a wrong password as B2 naming where the credential came from', async () => {
      const { name } = await seed(info.tls.host, client({ caFiles: [info.caFile], credentials: alice(info) }));
      const c = client({ caFiles: [info.caFile], credentials: pullSecretCredentials([{ metadata: { name: 'regcred', namespace: 'shop' }, type: 'kubernetes.io/dockerconfigjson', stringData: { '.dockerconfigjson': JSON.stringify({ auths: { [info.tls.host]: { username: 'alice', password: 'not-the-password' } } }) } }]) });
      const err = await c.resolve(`${name}:v1`).catch((e: unknown) => e);
      expect(isRegistryError(err) && [err.kind, err.fault, err.code, err.message]).toEqual([
        'unauthorized',
        'B2',
        'UNAUTHORIZED',
        `${name}: authentication required for tag v1; credentials from Secret shop/regcred ["${info.tls.host}"] were rejected [UNAUTHORIZED]`,
      ]);
    });

    it('reports no credentials at all as B2', async () => {
      const { name } = await seed(info.tls.host, client({ caFiles: [info.caFile], credentials: alice(info) }));
      const err = await client({ caFiles: [info.caFile] }).resolve(`${name}:v1`).catch((e: unknown) => e);
      expect(isRegistryError(err) && [err.kind, err.fault, err.code, err.message]).toEqual(['unauthorized', 'B2', 'UNAUTHORIZED', `${name}: authentication required for tag v1; no credentials for ${info.tls.host} [UNAUTHORIZED]`]);
    });
  });

  describe('token service (Bearer) in front of a TLS registry', () => {
    const pusher = (): RegistryClient => client({ caFiles: [info.caFile], credentials: alice(info) });

    it('pulls anonymously where the token service grants anonymous pull', async () => {
      const { name, digest } = await seed(info.token.host, pusher(), 'public');
      expect((await client({ caFiles: [info.caFile] }).resolve(`${name}:v1`)).digest).toBe(digest);
    });

    it('fetches one token per scope with Basic credentials and reuses it', async () => {
      const { name, digest } = await seed(info.token.host, pusher());
      const c = client({ caFiles: [info.caFile], credentials: alice(info) });
      const before = await tokensIssued(info.token.tokenUrl);
      expect((await c.resolve(`${name}:v1`)).digest).toBe(digest);
      expect(await tokensIssued(info.token.tokenUrl)).toBe(before + 1);
      const requests = c.stats().requests.map((r) => `${r.method} ${r.status}`);
      // The first HEAD is challenged, the token fetched, then every request carries the token.
      expect(requests).toEqual(['HEAD 401', 'GET 200', 'HEAD 200', 'GET 200', 'GET 200']);

      // Concurrent first requests of a new client share one token fetch.
      const parallel = client({ caFiles: [info.caFile], credentials: alice(info), cacheDir: false });
      const digests = await Promise.all([1, 2, 3].map(() => parallel.resolve(`${name}:v1`).then((r) => r.digest)));
      expect(digests).toEqual([digest, digest, digest]);
      expect(await tokensIssued(info.token.tokenUrl)).toBe(before + 2);
    });

    it('exchanges an identity token (OAuth2 refresh token) from docker config for an access token', async () => {
      const { name, digest } = await seed(info.token.host, pusher());
      const dir = tmp('docker-config');
      writeFileSync(join(dir, 'config.json'), JSON.stringify({ auths: { [info.token.host]: { identitytoken: info.refreshToken } } }));
      const c = client({ caFiles: [info.caFile], credentials: dockerConfigCredentials({ configDir: dir }) });
      expect((await c.resolve(`${name}:v1`)).digest).toBe(digest);
    });

    it('reports the token service refusing a wrong password as B2', async () => {
      const { name } = await seed(info.token.host, pusher());
      const c = client({ caFiles: [info.caFile], credentials: { lookup: async () => [{ username: 'alice', password: 'wrong-password-123', source: 'test credentials' }] } });
      const err = await c.resolve(`${name}:v1`).catch((e: unknown) => e);
      expect(isRegistryError(err) && [err.kind, err.fault, err.code, err.message]).toEqual([
        'unauthorized',
        'B2',
        'UNAUTHORIZED',
        `${name}: the token service refused the credentials: invalid username, password or refresh token; credentials from test credentials were rejected [UNAUTHORIZED]`,
      ]);
    });

    it('reports an anonymous pull of a private repository as B2 from the registry', async () => {
      const { name } = await seed(info.token.host, pusher());
      const err = await client({ caFiles: [info.caFile] }).resolve(`${name}:v1`).catch((e: unknown) => e);
      expect(isRegistryError(err) && [err.kind, err.fault, err.code, err.message]).toEqual(['unauthorized', 'B2', 'UNAUTHORIZED', `${name}: authentication required for tag v1; no credentials for ${info.token.host} [UNAUTHORIZED]`]);
    });
  });
});
