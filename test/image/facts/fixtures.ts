import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { GoBuildSetting, GoModule } from '../../../src/model/image.js';

/** The binaries built by test/fixtures/image/build.sh ('' when unavailable: the tests skip and say why). */
export const FIXTURES = inject('imageFixtures');
export const SKIP_REASON = inject('imageFixturesSkip');
export const ZSTD = inject('zstdCli');

export type FixtureBinary = 'server-static' | 'server-ldflags' | 'server-arm64' | 'server-pie' | 'cgo-dynamic' | 'hello' | 'hello-386';

export function binary(name: FixtureBinary): Buffer {
  return readFileSync(join(FIXTURES, name));
}

export function binaryPath(name: FixtureBinary): string {
  return join(FIXTURES, name);
}

export const meta = (): { goVersion: string; vcsRevision: string; vcsTime: string } => JSON.parse(readFileSync(join(FIXTURES, 'meta.json'), 'utf8'));

interface JsonModule {
  Path: string;
  Version: string;
  Sum?: string;
  Replace?: JsonModule;
}

/** `go version -m -json` of a fixture, in the model's shape: the Go toolchain's own decoding. */
export function goVersionM(name: FixtureBinary): { goVersion: string; path: string; main: GoModule; deps: GoModule[]; settings: GoBuildSetting[] } {
  const j = JSON.parse(readFileSync(join(FIXTURES, `${name}.buildinfo.json`), 'utf8')) as {
    GoVersion: string;
    Path: string;
    Main: JsonModule;
    Deps?: JsonModule[];
    Settings: Array<{ Key: string; Value?: string }>;
  };
  const mod = (m: JsonModule): GoModule => ({ path: m.Path, version: m.Version, ...(m.Sum ? { sum: m.Sum } : {}), ...(m.Replace ? { replace: mod(m.Replace) } : {}) });
  return {
    goVersion: j.GoVersion,
    path: j.Path,
    main: mod(j.Main),
    deps: (j.Deps ?? []).map(mod),
    settings: j.Settings.map((s) => ({ key: s.Key, value: s.Value ?? '' })),
  };
}

/** `readelf -lWd` of a fixture: the interpreter and DT_NEEDED libraries binutils reads. */
export function readelf(name: FixtureBinary): { interpreter?: string; needed: string[] } {
  const text = readFileSync(join(FIXTURES, `${name}.readelf`), 'utf8');
  const interp = /Requesting program interpreter: ([^\]]+)\]/.exec(text)?.[1];
  const needed = [...text.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1]!);
  return { ...(interp ? { interpreter: interp } : {}), needed };
}
