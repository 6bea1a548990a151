/**
 * What one container image says about how its Go service will start, read from the image's
 * config and its layers without running it (src/image/facts/collect.ts gathers it).
 *
 * Conventions, so rules can tell "no" from "don't know":
 * - `FactState` `absent` is definite (every layer below was read, or a whiteout/opaque
 *   directory hides the path); `unknown` means reading stopped first (a fact nobody asked
 *   for, or a layer that could not be read — see `errors`).
 * - Paths are absolute, normalised, inside the image (`/usr/bin/app`).
 * - Layer indexes follow the manifest: 0 is the base layer, the last one is the top.
 */

export type FactState = 'present' | 'absent' | 'unknown';

export type LayerCompression = 'gzip' | 'zstd' | 'none';

/** Go runtime settings read from the environment at start-up. */
export const GO_RUNTIME_ENV = ['GOMEMLIMIT', 'GOMAXPROCS', 'GOGC', 'GODEBUG', 'GOTRACEBACK'] as const;
export type GoRuntimeEnvName = (typeof GO_RUNTIME_ENV)[number];

/** The image config's `config` object and platform, as the runtime will apply them. */
export interface ImageConfigFacts {
  os?: string;
  architecture?: string;
  variant?: string;
  /** `User` as written (`''` = root): `app`, `1000`, `1000:1000`, `app:staff`. */
  user: string;
  entrypoint: string[];
  cmd: string[];
  /** `Env` as a map; a name set twice keeps the last value, as the runtime does. */
  env: Record<string, string>;
  /** `WorkingDir`, `/` when unset. */
  workingDir: string;
  /** `ExposedPorts` keys, e.g. `8080/tcp`, in config order. */
  exposedPorts: string[];
  labels: Record<string, string>;
  stopSignal?: string;
  /** The Go runtime variables present in `Env` (GOMEMLIMIT, GOMAXPROCS, GOGC, GODEBUG, GOTRACEBACK). */
  goRuntimeEnv: Partial<Record<GoRuntimeEnvName, string>>;
}

export type ImageFileType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

/** A file of the merged root filesystem (after whiteouts), symlinks already followed. */
export interface ImageFile {
  /** The path after following symlinks. */
  path: string;
  type: ImageFileType;
  /** Permission bits (`0o755`), without the file-type bits. */
  mode: number;
  uid: number;
  gid: number;
  size: number;
  /** The layer (0 = base) the file comes from. */
  layer: number;
  /** For a hard link: the path it links to (its content is that file's). */
  linkTarget?: string;
}

/** Whether a path exists in the merged filesystem, and what it is. */
export interface PathFact {
  /** The path asked about. */
  path: string;
  state: FactState;
  file?: ImageFile;
  /** Symlinks followed on the way, in order (`/bin/sh -> busybox`). */
  symlinks: string[];
  /** Why it is absent or unknown: `whiteout in layer 3`, `symlink loop`, `not a directory: /etc`. */
  reason?: string;
}

/** ELF header facts of the entrypoint binary. */
export interface ElfFacts {
  class: 32 | 64;
  endianness: 'little' | 'big';
  /** `e_machine`, e.g. 62 (x86-64), 183 (AArch64). */
  machine: number;
  /** The GOARCH this machine runs (`amd64`, `arm64`, …); undefined for machines Go does not target. */
  goarch?: string;
  type: 'relocatable' | 'executable' | 'shared-object' | 'core' | 'other';
  /** `PT_INTERP`: the loader the kernel must find in the image (`/lib64/ld-linux-x86-64.so.2`). */
  interpreter?: string;
  /** `dynamic` when there is a `PT_INTERP` (the kernel needs the loader), else `static`. */
  linkage: 'static' | 'dynamic';
  /** `DT_NEEDED` libraries in order; `undefined` when they could not be read (see `neededError`). */
  needed?: string[];
  neededError?: string;
  /** Position-independent executable (`DF_1_PIE`, or an ET_DYN with an interpreter). */
  pie: boolean;
}

/** A script entrypoint's `#!` line. */
export interface ScriptFacts {
  /** The interpreter path as written (`/bin/sh`), CR included if the script has CRLF line ends. */
  interpreter: string;
  /** The optional argument after it (`-e`). */
  argument?: string;
}

export interface GoModule {
  path: string;
  version: string;
  sum?: string;
  replace?: GoModule;
}

export interface GoBuildSetting {
  key: string;
  value: string;
}

/** The Go build information the linker embeds (what `go version -m` prints). */
export interface GoBuildInfo {
  /**
   * `inline` (Go 1.18+: strings inside the blob) or `pointer` (Go 1.13–1.17: only detected —
   * its strings live elsewhere in the file, so version, modules and settings stay empty).
   */
  format: 'inline' | 'pointer';
  /** e.g. `go1.25.12`; undefined for the pointer format (its strings live elsewhere in the file). */
  goVersion?: string;
  /** Main package import path. */
  path?: string;
  main?: GoModule;
  deps: GoModule[];
  /** `build` lines, in the order the go command wrote them. */
  settings: GoBuildSetting[];
  /** Derived from `settings`, for rules. */
  cgoEnabled?: boolean;
  goos?: string;
  goarch?: string;
  trimpath: boolean;
  /** `-ldflags` as recorded (the go command omits it when -trimpath is set). */
  ldflags?: string;
  tags: string[];
  vcs?: { system: string; revision?: string; time?: string; modified?: boolean };
}

/** The program the container runs, found in the image the way the runtime finds it. */
export interface EntrypointFacts {
  /** Entrypoint + Cmd (or the overrides passed in), as the runtime joins them. */
  argv: string[];
  /** Set when argv is `[shell, -c, script]` (Dockerfile shell form). */
  shellForm?: { shell: string; script: string };
  /** The program looked up: argv[0], or for the shell form the script's first command when it is a plain word. */
  program?: string;
  /** `path`: a bare name searched in $PATH; `absolute`; `relative` to WorkingDir. */
  lookup?: 'path' | 'absolute' | 'relative';
  /** The paths tried, in order (one unless searched in $PATH). */
  candidates: string[];
  /** The program file; for a $PATH search the first executable candidate (else the first existing one). */
  file: PathFact;
  /** Some execute bit is set. */
  executable?: boolean;
  /** The image user may execute it (owner/group/other bits against the resolved uid/gid; root needs any x bit). */
  executableByUser?: boolean;
  format?: 'elf' | 'script' | 'unknown';
  elf?: ElfFacts;
  script?: ScriptFacts;
  /** `PT_INTERP` or the `#!` interpreter, looked up in the image. */
  interpreter?: PathFact;
  goBuildInfo?: GoBuildInfo;
  /** For the shell form: the shell itself in the image. */
  shell?: PathFact;
}

export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  home: string;
  shell: string;
}

export interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

/** The config `User`, resolved against the image's /etc/passwd and /etc/group. */
export interface ImageUserFacts {
  raw: string;
  /** The part before `:` (`''` = root). */
  user: string;
  group?: string;
  /** The user part is a number: the only form the kubelet can check against runAsNonRoot. */
  numeric: boolean;
  uid?: number;
  gid?: number;
  /** `default`: no User (root); `numeric`; `passwd`: a name found in /etc/passwd; `unresolved`. */
  source: 'default' | 'numeric' | 'passwd' | 'unresolved';
  reason?: string;
}

/** A small text file of the image, parsed (`/etc/passwd`, `/etc/group`). */
export interface AccountFileFacts<T> {
  file: PathFact;
  entries: T[];
}

/** Go's crypto/x509 root loading on Linux (root_linux.go + root_unix.go), against this image. */
export interface CaBundleFacts {
  state: FactState;
  /** The bundle files Go tries in order (or `SSL_CERT_FILE`), and what was found. */
  files: PathFact[];
  /** The directories Go reads (or `SSL_CERT_DIR`), with the number of files seen in each. */
  dirs: Array<{ dir: PathFact; files: number }>;
  /** `SSL_CERT_FILE` / `SSL_CERT_DIR` from the config Env, when set. */
  env: { SSL_CERT_FILE?: string; SSL_CERT_DIR?: string };
}

/** Time zone data for time.LoadLocation (time/zoneinfo_unix.go platformZoneSources). */
export interface ZoneInfoFacts {
  state: FactState;
  /** The first of Go's zoneinfo directories that exists, if any. */
  dir?: string;
  /** Zone names seen under it (`Europe/Berlin`), sorted; capped at `ZONE_LIST_LIMIT`. */
  zones: string[];
  truncated: boolean;
  /** `ZONEINFO` from the config Env (Go reads it first). */
  zoneinfoEnv?: string;
  /** `TZ` from the config Env and whether that zone file exists. */
  tz?: { name: string; state: FactState };
}

export const ZONE_LIST_LIMIT = 5000;

/** How much of one layer was read. */
export interface LayerReadStat {
  index: number;
  digest: string;
  mediaType: string;
  compression?: LayerCompression;
  /** `full`; `partial` (stopped once every fact was known, or on an error); `unread`. */
  read: 'full' | 'partial' | 'unread';
  /** Compressed bytes taken from the layer stream(s), a second pass included. */
  compressedBytes: number;
  uncompressedBytes: number;
  entries: number;
  /** Opened again to fetch a file already streamed by (a symlink pointing back). */
  reopened: number;
}

export type ImageFactErrorKind =
  | 'config-invalid'
  | 'layer-unsupported'
  | 'layer-open'
  /** The layer stream itself failed part-way (connection dropped, digest mismatch reported by the source). */
  | 'layer-read'
  | 'layer-truncated'
  | 'layer-corrupt'
  | 'symlink-loop'
  | 'not-elf'
  | 'elf-corrupt'
  | 'buildinfo-corrupt'
  | 'too-large';

/** Something in the image could not be read; the facts it would have given are `unknown`. */
export interface ImageFactError {
  kind: ImageFactErrorKind;
  message: string;
  layer?: number;
  path?: string;
}

/** Facts that can be asked for; reading stops as soon as every asked-for fact is known. */
export const IMAGE_FACT_KEYS = ['entrypoint', 'user', 'caBundle', 'zoneinfo', 'shell'] as const;
export type ImageFactKey = (typeof IMAGE_FACT_KEYS)[number];

export interface ImageFacts {
  config: ImageConfigFacts;
  /** Undefined when not asked for. */
  entrypoint?: EntrypointFacts;
  user: ImageUserFacts;
  passwd: AccountFileFacts<PasswdEntry>;
  group: AccountFileFacts<GroupEntry>;
  caBundle: CaBundleFacts;
  zoneinfo: ZoneInfoFacts;
  /** `/bin/sh` (shell-form CMD, `sh -c` probes and hooks need it). */
  shell: PathFact;
  layers: LayerReadStat[];
  /** Compressed bytes read over all layers. */
  bytesRead: number;
  errors: ImageFactError[];
}
