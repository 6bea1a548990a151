import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { createRegistryClient, type RegistryClient, type RegistryClientOptions } from '../../../src/image/registry/index.js';
import type { RegistryInfo } from './harness.js';

/** The registries the global setup started; null when it skipped them (it said why on stderr). */
export const registry: RegistryInfo | null = inject('registry');
export const skipReason: string = inject('registrySkipReason');

/** A unique repository per test, so tests never see each other's pushes. */
export function repo(prefix = 'test'): string {
  return `${prefix}/r${Math.random().toString(36).slice(2, 10)}`;
}

const dirs: string[] = [];

/** A scratch directory, removed by closeClients(). */
export function tmp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `kubewhy-${prefix}-`));
  dirs.push(dir);
  return dir;
}

const clients: RegistryClient[] = [];

/** A client with a fresh cache directory (or the given options), closed by closeClients(). */
export function client(opts: RegistryClientOptions = {}): RegistryClient {
  const c = createRegistryClient({ timeoutMs: 10_000, ...opts, cacheDir: opts.cacheDir ?? tmp('cache') });
  clients.push(c);
  return c;
}

/** Closes every client and removes every scratch directory of the test file (its afterAll). */
export function closeClients(): void {
  for (const c of clients.splice(0)) c.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** alice's credentials as a Credentials provider. */
export function alice(info: RegistryInfo): RegistryClientOptions['credentials'] {
  return { lookup: async () => [{ username: 'alice', password: info.users.alice, source: 'test' }] };
}
