import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCa, type KeyPair } from './pki.js';
import { startTokenServer, type TokenServer } from './token-server.js';

/**
 * Real registries on loopback for the registry client tests: Debian's docker-registry
 * (distribution 2.8) from scripts/registry/install.sh, each with its own storage directory.
 */
export interface RegistryEndpoint {
  /** `127.0.0.1:port`. */
  host: string;
  /** The registry's filesystem storage root (tests corrupt blobs here). */
  storage: string;
}

export interface RegistryInfo {
  binDir: string;
  /** PEM file of the test CA every TLS registry's certificate chains to. */
  caFile: string;
  /** TLS + htpasswd (user `alice`). */
  tls: RegistryEndpoint;
  /** Plain HTTP, no auth. */
  plain: RegistryEndpoint;
  /** TLS + token auth (alice pushes anywhere; anonymous pulls `public/*`). */
  token: RegistryEndpoint & { tokenUrl: string; service: string };
  /** TLS with an expired certificate, no auth. */
  expired: RegistryEndpoint;
  users: { alice: string };
  /** An OAuth2 refresh token the token service maps to alice. */
  refreshToken: string;
}

export interface RegistryProcess extends RegistryEndpoint {
  stop(): Promise<void>;
}

export interface RegistrySpec {
  binDir: string;
  dir: string;
  tls?: KeyPair;
  htpasswd?: string;
  token?: { realm: string; service: string; issuer: string; rootCertFile: string };
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starts one docker-registry on a random loopback port and waits until it listens. A port taken
 * between choosing and binding it (another test run) is retried with a new one.
 */
export async function startRegistry(spec: RegistrySpec): Promise<RegistryProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(spec, await freePort());
    } catch (err) {
      if (attempt >= 3 || !(err instanceof Error && /address already in use/.test(err.message))) throw err;
    }
  }
}

async function startOnce(spec: RegistrySpec, port: number): Promise<RegistryProcess> {
  const storage = join(spec.dir, 'storage');
  mkdirSync(storage, { recursive: true });
  const lines = [
    'version: 0.1',
    'log:',
    '  level: warn',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${storage}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: 127.0.0.1:${port}`,
  ];
  if (spec.tls) {
    writeFileSync(join(spec.dir, 'cert.pem'), spec.tls.certPem);
    writeFileSync(join(spec.dir, 'key.pem'), spec.tls.keyPem);
    lines.push('  tls:', `    certificate: ${join(spec.dir, 'cert.pem')}`, `    key: ${join(spec.dir, 'key.pem')}`);
  }
  if (spec.htpasswd) {
    writeFileSync(join(spec.dir, 'htpasswd'), spec.htpasswd);
    lines.push('auth:', '  htpasswd:', '    realm: kubewhy-test', `    path: ${join(spec.dir, 'htpasswd')}`);
  } else if (spec.token) {
    lines.push('auth:', '  token:', `    realm: ${spec.token.realm}`, `    service: ${spec.token.service}`, `    issuer: ${spec.token.issuer}`, `    rootcertbundle: ${spec.token.rootCertFile}`);
  }
  writeFileSync(join(spec.dir, 'config.yml'), `${lines.join('\n')}\n`);
  const log: Buffer[] = [];
  const child = spawn(join(spec.binDir, 'docker-registry'), ['serve', join(spec.dir, 'config.yml')], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (c: Buffer) => log.push(c));
  child.stderr!.on('data', (c: Buffer) => log.push(c));
  const host = `127.0.0.1:${port}`;
  await waitForPort(port, child, () => Buffer.concat(log).toString('utf8'));
  return { host, storage, stop: () => stopProcess(child) };
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`docker-registry exited with ${child.exitCode}: ${log().slice(-2000)}`);
    const open = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`docker-registry did not listen on ${port} within 15 s: ${log().slice(-2000)}`);
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export function htpasswdLine(binDir: string, user: string, password: string): string {
  return execFileSync(join(binDir, 'htpasswd'), [user], { input: `${password}\n`, encoding: 'utf8' });
}

export interface RunningRegistries {
  info: RegistryInfo;
  stop(): Promise<void>;
}

/** The four registries and the token service, in one scratch directory removed on stop. */
export async function startRegistries(binDir: string): Promise<RunningRegistries> {
  const root = mkdtempSync(join(tmpdir(), 'kubewhy-registry-'));
  const dir = (name: string): string => {
    const d = join(root, name);
    mkdirSync(d, { recursive: true });
    return d;
  };
  const ca = createCa();
  const caFile = join(root, 'ca.pem');
  writeFileSync(caFile, ca.certPem);
  const serving = ca.sign({ commonName: '127.0.0.1', ips: ['127.0.0.1'] });
  const alice = `alice-${Math.random().toString(36).slice(2, 10)}`;
  const refreshToken = `refresh-${Math.random().toString(36).slice(2, 12)}`;
  const service = 'kubewhy-test-registry';
  const issuer = 'kubewhy-test-issuer';
  const started: RegistryProcess[] = [];
  let tokenServer: TokenServer | undefined;
  const stop = async (): Promise<void> => {
    await Promise.all(started.map((p) => p.stop()));
    await tokenServer?.close();
    rmSync(root, { recursive: true, force: true });
  };
  try {
    tokenServer = await startTokenServer({ issuer, service, signer: ca.sign({ commonName: 'kubewhy test token signer' }), users: { alice }, refreshTokens: { [refreshToken]: 'alice' }, push: { alice: [''] } });
    const specs: RegistrySpec[] = [
      { binDir, dir: dir('tls'), tls: serving, htpasswd: htpasswdLine(binDir, 'alice', alice) },
      { binDir, dir: dir('plain') },
      { binDir, dir: dir('token'), tls: serving, token: { realm: `${tokenServer.url}/token`, service, issuer, rootCertFile: caFile } },
      { binDir, dir: dir('expired'), tls: ca.sign({ commonName: '127.0.0.1', ips: ['127.0.0.1'], expired: true }) },
    ];
    const [tls, plain, token, expired] = await Promise.all(specs.map(async (s) => {
      const p = await startRegistry(s);
      started.push(p);
      return p;
    }));
    const strip = (p: RegistryProcess): RegistryEndpoint => ({ host: p.host, storage: p.storage });
    const info: RegistryInfo = {
      binDir,
      caFile,
      tls: strip(tls!),
      plain: strip(plain!),
      token: { ...strip(token!), tokenUrl: `${tokenServer.url}/token`, service },
      expired: strip(expired!),
      users: { alice },
      refreshToken,
    };
    return { info, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
