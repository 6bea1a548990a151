import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { defaultConfig } from '../../../src/core/config.js';
import { lint } from '../../../src/core/lint.js';
import type { RunResult } from '../../../src/core/result.js';
import type { Rule } from '../../../src/core/rule.js';
import type { ImageConfig, Platform } from '../../../src/image/registry/types.js';
import type { RegistryFlags } from '../../../src/image/inspect/index.js';
import { buildLayer, pushImage, pushIndex, type LayerFile, type PushedImage } from '../../helpers/oci-push.js';
import { writeTree } from '../../helpers/workspace.js';
import { alice, client, registry, repo, tmp } from '../../image/registry/context.js';

/** The Go binaries of test/fixtures/image/build.sh ('' when they could not be built: tests skip). */
export const FIXTURES = inject('imageFixtures');
export const SKIP = !registry ? `no registry: ${inject('registrySkipReason')}` : !FIXTURES ? inject('imageFixturesSkip') : '';

export type FixtureBinary = 'server-static' | 'server-arm64' | 'cgo-dynamic' | 'hello';

export function binary(name: FixtureBinary): Buffer {
  return readFileSync(join(FIXTURES, name));
}

/** A pusher on the plain-HTTP test registry. */
export function plainClient() {
  return client({ insecureRegistries: [`http://${registry!.plain.host}`] });
}

/** A fresh repository on the plain-HTTP registry: `127.0.0.1:port/rule/rxxxx`. */
export function plainRepo(): string {
  return `${registry!.plain.host}/${repo('rule')}`;
}

export interface GoImageSpec {
  binary: FixtureBinary;
  /** Where the binary goes (default /app). */
  path?: string;
  mode?: number;
  /** More files in the top layer (CA bundle, /etc/passwd, …). */
  files?: LayerFile[];
  config?: ImageConfig['config'];
  platform?: Platform;
  tag?: string;
}

/** Pushes a one-layer image holding a real Go binary; returns the reference `repo:tag`. */
export async function pushGoImage(name: string, spec: GoImageSpec): Promise<{ ref: string; pushed: PushedImage }> {
  const c = plainClient();
  const path = (spec.path ?? '/app').replace(/^\//, '');
  const layer = await buildLayer([{ path, content: binary(spec.binary), mode: spec.mode ?? 0o755 }, ...(spec.files ?? [])]);
  const tag = spec.tag ?? 'v1';
  const pushed = await pushImage(c, name, {
    layers: [layer],
    config: spec.config ?? { Entrypoint: [`/${path}`] },
    ...(spec.platform ? { platform: spec.platform } : {}),
    tag,
  });
  return { ref: `${name}:${tag}`, pushed };
}

/** An index over images already pushed (by digest), tagged `tag`. */
export async function pushGoIndex(name: string, tag: string, entries: { pushed: PushedImage; platform: Platform }[]): Promise<string> {
  await pushIndex(plainClient(), name, tag, entries.map((e) => ({ manifest: e.pushed.manifest, platform: e.platform })));
  return `${name}:${tag}`;
}

/** The registry flags a lint --images run of these tests uses (plain registry, fresh caches). */
export function registryFlags(extra: RegistryFlags = {}): RegistryFlags {
  return { insecureRegistry: [`http://${registry!.plain.host}`], cacheDir: tmp('lint-images'), ...extra };
}

/** `lint --images` over files, with `rules` only. */
export async function lintImages(files: Record<string, string>, rules: readonly Rule[], flags: RegistryFlags = registryFlags()): Promise<RunResult> {
  const root = await writeTree(files);
  return lint({ paths: [root], root, config: defaultConfig(), rules, images: flags });
}

/** A Deployment with one container `api` running `image`; `extra` is appended under the pod spec (YAML, 6-space indented). */
export function deployment(image: string, extra = ''): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: api',
    'spec:',
    '  selector:',
    '    matchLabels: {app: api}',
    '  template:',
    '    metadata:',
    '      labels: {app: api}',
    '    spec:',
    '      containers:',
    '        - name: api',
    `          image: ${image}`,
    ...(extra ? [extra] : []),
    '',
  ].join('\n');
}

/** `file:line:col message` of each finding, for exact comparisons. */
export function lines(r: RunResult): string[] {
  return r.findings.map((f) => `${f.subject.span?.file ?? f.subject.object?.name}:${f.subject.span?.line ?? ''}:${f.subject.span?.column ?? ''} ${f.ruleId} ${f.fault} ${f.message}`);
}

/** A Docker config dir whose config.json holds `user:password` for `host`. */
export function dockerConfig(host: string, user: string, password: string): string {
  const dir = tmp('docker-config');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ auths: { [host]: { auth: Buffer.from(`${user}:${password}`).toString('base64') } } }));
  return dir;
}

/** A pusher on the TLS registry (test CA, htpasswd user alice). */
export function tlsClient() {
  return client({ caFiles: [registry!.caFile], credentials: alice(registry!) });
}
