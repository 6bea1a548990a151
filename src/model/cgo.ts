import type { Span } from '../core/finding.js';
import { compareGoVersions } from '../load/go-version.js';
import { describeBaseImage, golangImageVersion, type BaseImage } from './base-images.js';
import type { Dockerfile, FromLine, Stage } from './dockerfile.js';
import { buildTags, chainInstructions, effectiveArgs, flagValue, goCommands, goEnvWrites, type GoCommand } from './go-build.js';
import { runScript } from './shell.js';
import { rootFrom } from './stages.js';

/** Whether cgo is on for one go command, and the line that decides it. */
export interface CgoSetting {
  /** undefined = cannot tell statically (rules stay quiet). */
  enabled: boolean | undefined;
  /** In the user's terms, e.g. "golang:1.23 ships gcc, so cgo defaults to on". */
  reason: string;
  span: Span;
}

/** What a `go build` in a Dockerfile produces, as far as linking goes. */
export interface GoBinary {
  cmd: GoCommand;
  cgo: CgoSetting;
  /** The external image the building stage starts from, and what kubewhy knows about it. */
  builderFrom: FromLine;
  builder?: BaseImage;
  /**
   * The libc whose dynamic loader the binary asks for (its ELF PT_INTERP), undefined when it is
   * static or we cannot tell. `dynamicBecause` says why it is dynamic.
   */
  needs?: 'glibc' | 'musl';
  dynamicBecause?: 'cgo' | 'pie';
}

/** A package install that brings a C compiler (what makes cgo default to on). */
const C_COMPILER_INSTALL = /\b(?:apk\s+add|apt-get\s+install|apt\s+install|microdnf\s+install|dnf\s+install|yum\s+install)\b[^;&|]*?\s(?:gcc|build-base|build-essential|clang|g\+\+)(?=[\s;&|]|$)/;

function parseCgo(value: string): boolean | undefined {
  const v = value.trim();
  return v === '0' ? false : v === '1' ? true : undefined;
}

/**
 * The cgo setting one go command runs with. Precedence, as the go command sees it: the
 * script's own environment (prefix, `export`), `go env -w` in an earlier RUN, the stage's
 * ENV/ARG, then Go's default: on when a C compiler is present and the build is native.
 */
export function cgoSetting(df: Dockerfile, stage: Stage, cmd: GoCommand): CgoSetting {
  const inScript = cmd.env.CGO_ENABLED;
  if (inScript !== undefined) {
    return { enabled: parseCgo(inScript), reason: `CGO_ENABLED=${inScript} on the go command`, span: cmd.ins.span };
  }

  const before = instructionsBefore(df, stage, cmd);
  for (const ins of [...before].reverse()) {
    const v = goCommands(ins).map((c) => goEnvWrites(c).CGO_ENABLED).find((w) => w !== undefined);
    if (v !== undefined) {
      return { enabled: parseCgo(v), reason: `go env -w CGO_ENABLED=${v}`, span: ins.span };
    }
  }

  const declared = [...before].reverse().find((i) => (i.keyword === 'ENV' || i.keyword === 'ARG') && /\bCGO_ENABLED\b/.test(i.args));
  if (declared) {
    const v = stage.vars.CGO_ENABLED;
    // `ARG CGO_ENABLED` with no default is set by `--build-arg` in CI: unknowable here.
    return { enabled: v === undefined ? undefined : parseCgo(v), reason: `${declared.keyword} CGO_ENABLED=${v ?? '(build arg)'}`, span: declared.span };
  }

  const from = rootFrom(df, stage);
  const base = from.unresolved ? undefined : describeBaseImage(from.image);
  const unknown: CgoSetting = { enabled: undefined, reason: 'cgo default unknown for this builder', span: from.imageSpan };
  if (!base?.goToolchain) return unknown;
  // Cross-compiling (GOOS/GOARCH differ from the host) turns cgo off unless CC is set; with
  // `GOARCH=$TARGETARCH` we cannot know whether it differs.
  if (cmd.xx || cmd.env.GOARCH !== undefined || cmd.env.GOOS !== undefined || stage.vars.GOARCH !== undefined || stage.vars.GOOS !== undefined) {
    return unknown;
  }
  if (base.cCompiler) return { enabled: true, reason: `${from.image.raw} ships gcc, so cgo defaults to on`, span: from.imageSpan };
  const install = before.find((i) => i.keyword === 'RUN' && C_COMPILER_INSTALL.test(runScript(i)));
  if (install) return { enabled: true, reason: 'a C compiler is installed, so cgo defaults to on', span: install.span };
  const version = golangImageVersion(from.image);
  // Before Go 1.20, cgo stayed on without a compiler (and the build failed or linked net's prebuilt cgo).
  if (version !== undefined && compareGoVersions(version, '1.20') < 0) return unknown;
  return { enabled: false, reason: `${from.image.raw} has no C compiler, so cgo is off`, span: from.imageSpan };
}

/** How a go build links: static, or dynamic against the builder's libc. */
export function goBinary(df: Dockerfile, stage: Stage, cmd: GoCommand): GoBinary {
  const cgo = cgoSetting(df, stage, cmd);
  const builderFrom = rootFrom(df, stage);
  const builder = builderFrom.unresolved ? undefined : describeBaseImage(builderFrom.image);
  const bin: GoBinary = { cmd, cgo, builderFrom };
  if (builder) bin.builder = builder;

  const args = effectiveArgs(cmd, stage.vars);
  const ldflags = flagValue(args, 'ldflags') ?? '';
  const tags = buildTags(args);
  const staticLink = /-extldflags\b.*-static\b/.test(ldflags);
  // netgo + osusergo replace the only cgo users in a typical service (resolver, user lookup).
  const pureGoStd = tags.includes('netgo') && tags.includes('osusergo');
  // PIE executables get a PT_INTERP from the internal linker even with cgo off.
  const pie = flagValue(args, 'buildmode') === 'pie';

  const libc = builder?.libc;
  if (staticLink || (libc !== 'glibc' && libc !== 'musl')) return bin;
  if (cgo.enabled === true && !pureGoStd) {
    bin.needs = libc;
    bin.dynamicBecause = 'cgo';
  } else if (pie) {
    bin.needs = libc;
    bin.dynamicBecause = 'pie';
  }
  return bin;
}

/** Instructions the command's stage (and the stages it is built on) ran before the command's RUN. */
function instructionsBefore(df: Dockerfile, stage: Stage, cmd: GoCommand) {
  const all = chainInstructions(df, stage);
  const at = all.indexOf(cmd.ins);
  return at < 0 ? all : all.slice(0, at);
}
