import type { Span } from '../../core/finding.js';
import { defineRule, type Report } from '../../core/rule.js';
import type { Dockerfile, Flag, Stage } from '../../model/dockerfile.js';
import { chainInstructions, envOf, goCommands, isBuild, type GoCommand } from '../../model/go-build.js';
import { runScript } from '../../model/shell.js';
import { finalStage } from '../../model/stages.js';

const GOARCHES = /^(amd64|arm64|arm|386|ppc64le|ppc64|s390x|riscv64|loong64|mips64le|mips64|mipsle|mips)$/;
const TARGET_ARGS = /\bTARGET(?:ARCH|PLATFORM)\b/;

export default defineRule({
  meta: {
    id: 'goarch-hardcoded',
    fault: 'A4',
    severity: 'warning',
    title: 'The Go binary or the image is pinned to one CPU architecture',
    why:
      'A hard-coded GOARCH (or `FROM --platform=linux/amd64`) produces an amd64 binary even when the image is built ' +
      'for arm64 (`docker buildx build --platform linux/arm64`, an Apple-silicon laptop, an arm64 CI runner). ' +
      'On nodes of the other architecture the container fails at start with "exec /app: exec format error" ' +
      '(CrashLoopBackOff). A builder on `--platform=$BUILDPLATFORM` that does not pass TARGETARCH to Go has the ' +
      'same effect: the binary is built for the build host.',
    fix:
      'Cross-compile for the platform being built:\n' +
      'FROM --platform=$BUILDPLATFORM golang:1.23 AS build\nARG TARGETOS TARGETARCH\n' +
      'RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app ./cmd/app\n' +
      'and leave the runtime FROM without --platform.',
    verify: 'docker buildx build --platform linux/arm64 -t app:arm64 --load . && docker run --rm --platform linux/arm64 app:arm64',
    needs: ['dockerfile'],
    tags: ['build', 'platform', 'arch'],
  },
  check({ ws, report }) {
    for (const df of ws.dockerfiles) {
      const final = finalStage(df);
      for (const stage of df.stages) {
        const builds = stage.instructions.flatMap(goCommands).filter(isBuild);
        const found = builds.length > 0 ? hardcodedGoarch(df, stage, builds) ?? pinnedBuilder(stage, builds) ?? hostArchBuild(df, stage, builds) : undefined;
        if (found) report(found);
        else if (stage === final) {
          const pinned = literalPlatform(stage);
          if (pinned) {
            report({
              message: `the runtime stage is pinned to --platform=${pinned.value}: the image is ${pinned.arch} whatever platform it is built for, and ${other(pinned.arch)} nodes fail with "exec format error"`,
              at: { span: pinned.flag.span },
              fix: 'Remove --platform from the runtime FROM (BuildKit then uses the target platform), or set it to $TARGETPLATFORM.',
            });
          }
        }
      }
    }
  },
});

function other(arch: string): string {
  return arch === 'amd64' ? 'arm64' : 'amd64';
}

function consequence(arch: string): string {
  return `the binary is ${arch} whatever platform the image is built for, and on ${other(arch)} nodes the container fails with "exec format error"`;
}

/** `GOARCH=amd64` in the go command, or from an ENV/ARG the stage declares. One architecture only: a release matrix builds several. */
function hardcodedGoarch(df: Dockerfile, stage: Stage, builds: GoCommand[]): Report | undefined {
  if (builds.some((b) => b.xx)) return undefined;
  const arches = new Set(builds.map((b) => envOf(b, stage.vars, 'GOARCH')));
  const [arch] = arches;
  if (arches.size !== 1 || arch === undefined || !GOARCHES.test(arch)) return undefined;
  const inScript = builds.find((b) => b.env.GOARCH !== undefined);
  let span: Span | undefined = inScript?.ins.span;
  if (!span) span = [...chainInstructions(df, stage)].reverse().find((i) => (i.keyword === 'ENV' || i.keyword === 'ARG') && /\bGOARCH\b/.test(i.args))?.span;
  if (!span) return undefined;
  return {
    message: `GOARCH is hard-coded to ${arch}: ${consequence(arch)}`,
    at: { span },
    evidence: [{ message: `the binary is built in this stage (FROM ${stage.from.image.raw})`, span: stage.from.instruction.span }],
  };
}

/** `FROM --platform=linux/amd64 golang` with a go build that does not set GOARCH. */
function pinnedBuilder(stage: Stage, builds: GoCommand[]): Report | undefined {
  const pinned = literalPlatform(stage);
  if (!pinned || builds.some((b) => envOf(b, stage.vars, 'GOARCH') !== undefined || b.xx)) return undefined;
  return {
    message: `the build stage is pinned to --platform=${pinned.value} and its go build sets no GOARCH: ${consequence(pinned.arch)}`,
    at: { span: pinned.flag.span },
    evidence: builds.slice(0, 1).map((b) => ({ message: 'built here for the stage platform', span: b.ins.span })),
    fix: 'Use FROM --platform=$BUILDPLATFORM and pass GOARCH=$TARGETARCH (and GOOS=$TARGETOS) to go build.',
  };
}

/** `FROM --platform=$BUILDPLATFORM` with no GOARCH: the binary targets the build host, not the image platform. */
function hostArchBuild(df: Dockerfile, stage: Stage, builds: GoCommand[]): Report | undefined {
  const flag = platformFlag(stage);
  if (!flag || !/BUILDPLATFORM/.test(flag.value ?? '')) return undefined;
  if (builds.some((b) => envOf(b, stage.vars, 'GOARCH') !== undefined || b.xx)) return undefined;
  // GOARCH computed in shell (`$(echo $TARGETPLATFORM | cut -d/ -f2)`) or in a script we cannot follow.
  if (chainInstructions(df, stage).some((i) => i.keyword === 'RUN' && TARGET_ARGS.test(runScript(i)))) return undefined;
  // `go install tool@version` builds a build-time tool, which must target the build host.
  const shipped = builds.find((b) => b.subcommand === 'build' || !b.args.some((a) => a.includes('@')));
  if (!shipped) return undefined;
  return {
    message:
      'this stage runs on $BUILDPLATFORM but go build sets no GOARCH: the binary is built for the build host, so an image built ' +
      'for another platform (docker buildx --platform linux/arm64 on an amd64 runner) fails with "exec format error"',
    at: { span: shipped.ins.span },
    evidence: [{ message: 'stage runs on the build platform', span: flag.span }],
  };
}

function platformFlag(stage: Stage): Flag | undefined {
  return stage.from.instruction.flags.find((f) => f.name === 'platform');
}

function literalPlatform(stage: Stage): { flag: Flag; value: string; arch: string } | undefined {
  const flag = platformFlag(stage);
  const value = flag?.value;
  if (!flag || value === undefined || value.includes('$')) return undefined;
  const arch = value.split('/')[1];
  return arch && GOARCHES.test(arch) ? { flag, value, arch } : undefined;
}
