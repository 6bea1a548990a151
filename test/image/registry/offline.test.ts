// Parts of the registry client that need no server: reference normalisation, the kubelet keyring,
// docker config lookups without helpers, and the classification of responses no test registry
// can be made to send (429, 403 DENIED) or networks this machine cannot reach (DNS).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fromHttpFailure, fromNetworkError } from '../../../src/image/registry/errors.js';
import { dockerConfigCredentials, formatPlatform, parsePlatform, pullSecretCredentials } from '../../../src/image/registry/index.js';
import { Keyring } from '../../../src/image/registry/keyring.js';
import { closeClients, tmp } from './context.js';

afterAll(closeClients);

const b64 = (s: string): string => Buffer.from(s).toString('base64');

describe('Keyring (kubelet credential matching)', () => {
  const ring = new Keyring<string>();
  for (const key of ['https://index.docker.io/v1/', 'quay.io', 'quay.io/coreos', '*.gcr.io', 'registry.local:5000', 'http://plain.example.com/v2/', 'ghcr.io/org/team']) ring.add(key, key);

  it.each([
    ['docker.io/library/nginx', ['https://index.docker.io/v1/']],
    ['docker.io/bitnami/redis', ['https://index.docker.io/v1/']],
    ['quay.io/coreos/etcd', ['quay.io/coreos', 'quay.io']],
    ['quay.io/prometheus/node-exporter', ['quay.io']],
    ['eu.gcr.io/project/app', ['*.gcr.io']],
    ['gcr.io/project/app', []],
    ['registry.local:5000/app', ['registry.local:5000']],
    ['registry.local/app', []],
    ['registry.local:5001/app', []],
    ['plain.example.com/x', ['http://plain.example.com/v2/']],
    ['ghcr.io/org/team/app', ['ghcr.io/org/team']],
    ['ghcr.io/org/other', []],
  ])('%s', (image, want) => {
    expect(ring.lookup(image)).toEqual(want);
  });
});

describe('pullSecretCredentials', () => {
  it('reads dockerconfigjson and dockercfg Secrets, ignores other types and unreadable data', async () => {
    const creds = pullSecretCredentials([
      { metadata: { name: 'opaque', namespace: 'shop' }, type: 'Opaque', data: { '.dockerconfigjson': b64(JSON.stringify({ auths: { 'ghcr.io': { auth: b64('x:y') } } })) } },
      { metadata: { name: 'broken', namespace: 'shop' }, type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64('{not json') } },
      { metadata: { name: 'json', namespace: 'shop' }, type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64(JSON.stringify({ auths: { 'ghcr.io': { auth: b64('bot:pw1') } } })) } },
      { metadata: { name: 'cfg', namespace: 'shop' }, type: 'kubernetes.io/dockercfg', data: { '.dockercfg': b64(JSON.stringify({ 'https://ghcr.io': { username: 'bot2', password: 'pw2' } })) } },
    ]);
    expect(await creds.lookup({ domain: 'ghcr.io', repository: 'org/app' })).toEqual([
      { username: 'bot', password: 'pw1', source: 'Secret shop/json ["ghcr.io"]' },
      { username: 'bot2', password: 'pw2', source: 'Secret shop/cfg ["https://ghcr.io"]' },
    ]);
    expect(await creds.lookup({ domain: 'quay.io', repository: 'org/app' })).toEqual([]);
  });
});

describe('dockerConfigCredentials', () => {
  it('matches auths keys by host, Hub by https://index.docker.io/v1/, and skips a helper missing from PATH', async () => {
    const dir = tmp('docker-config');
    mkdirSync(join(dir, 'empty-bin'));
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({
        credsStore: 'does-not-exist',
        auths: {
          'https://index.docker.io/v1/': { auth: b64('hubuser:hubpw') },
          'https://registry.local:5000/v2/': { username: 'u', password: 'p' },
          'ghcr.io': { identitytoken: 'refresh' },
        },
      }),
    );
    const creds = dockerConfigCredentials({ configDir: dir, env: { PATH: join(dir, 'empty-bin') } });
    expect(await creds.lookup({ domain: 'docker.io', repository: 'library/nginx' })).toEqual([{ username: 'hubuser', password: 'hubpw', source: `${dir}/config.json auths["https://index.docker.io/v1/"]` }]);
    expect(await creds.lookup({ domain: 'registry.local:5000', repository: 'app' })).toEqual([{ username: 'u', password: 'p', source: `${dir}/config.json auths["https://registry.local:5000/v2/"]` }]);
    expect(await creds.lookup({ domain: 'ghcr.io', repository: 'org/app' })).toEqual([{ identityToken: 'refresh', source: `${dir}/config.json auths["ghcr.io"]` }]);
    expect(await creds.lookup({ domain: 'registry.local', repository: 'app' })).toEqual([]);
  });

  it('a missing config.json means no credentials', async () => {
    expect(await dockerConfigCredentials({ configDir: tmp('none') }).lookup({ domain: 'docker.io', repository: 'library/nginx' })).toEqual([]);
  });
});

describe('error classification of answers the test registries cannot give', () => {
  const endpoint = 'registry-1.docker.io/library/nginx';

  it('429 TOOMANYREQUESTS → B5 rate-limit with Retry-After', () => {
    const e = fromHttpFailure({ status: 429, body: JSON.stringify({ errors: [{ code: 'TOOMANYREQUESTS', message: 'You have reached your unauthenticated pull rate limit.' }] }), endpoint, subject: 'tag latest', lookup: 'tag', retryAfter: '60' });
    expect([e.kind, e.fault, e.code, e.message]).toEqual(['rate-limit', 'B5', 'TOOMANYREQUESTS', `${endpoint}: rate limited fetching tag latest (retry after 60s): You have reached your unauthenticated pull rate limit. [TOOMANYREQUESTS]`]);
  });

  it('403 DENIED → B2 denied', () => {
    const e = fromHttpFailure({ status: 403, body: JSON.stringify({ errors: [{ code: 'DENIED', message: 'requested access to the resource is denied' }] }), endpoint, subject: 'tag latest', lookup: 'tag' });
    expect([e.kind, e.fault, e.code, e.message]).toEqual(['denied', 'B2', 'DENIED', `${endpoint}: access denied to tag latest: requested access to the resource is denied [DENIED]`]);
  });

  it('DNS failures → B5 dns', () => {
    const e = fromNetworkError(Object.assign(new Error('getaddrinfo ENOTFOUND registry.invalid'), { code: 'ENOTFOUND' }), 'registry.invalid/app', 'https');
    expect([e.kind, e.fault, e.reason, e.message]).toEqual(['network', 'B5', 'dns', 'registry.invalid/app: DNS lookup failed (ENOTFOUND)']);
  });

  it('a registry message carrying a secret is masked', () => {
    const e = fromHttpFailure({ status: 401, body: JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'bad header Authorization: Basic YWxpY2U6c2VjcmV0cGFzc3dvcmQ=' }] }), endpoint, subject: 'tag latest', lookup: 'tag' });
    expect(e.message).not.toContain('YWxpY2U6c2VjcmV0cGFzc3dvcmQ=');
  });
});

describe('platforms', () => {
  it.each([
    ['linux/amd64', { os: 'linux', architecture: 'amd64' }],
    ['linux/arm64/v8', { os: 'linux', architecture: 'arm64', variant: 'v8' }],
  ])('%s', (text, p) => {
    expect(parsePlatform(text)).toEqual(p);
    expect(formatPlatform(p)).toBe(text);
  });
  it('rejects malformed platforms', () => {
    expect([parsePlatform('linux'), parsePlatform('a/b/c/d'), parsePlatform('')]).toEqual([undefined, undefined, undefined]);
  });
});
