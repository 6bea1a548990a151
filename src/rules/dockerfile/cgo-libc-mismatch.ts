import { posix } from 'node:path';
import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { describeBaseImage, type BaseImage } from '../../model/base-images.js';
import { goBinary, type GoBinary } from '../../model/cgo.js';
import type { Dockerfile, Instruction, Stage } from '../../model/dockerfile.js';
import { buildOutput, chainInstructions, copyFromStage, copyTakesOutput, goCommands, isBuild, stageChain } from '../../model/go-build.js';
import { copySources, runScript } from '../../model/shell.js';
import { finalStage, rootFrom } from '../../model/stages.js';

/** Runtime-stage installs that provide the other libc's loader. */
const GLIBC_COMPAT = /\bapk\s+add\b[^;&|]*\s(?:gcompat|libc6-compat)(?=[\s;&|]|$)/;
const MUSL_COMPAT = /\b(?:apt-get|apt)\s+install\b[^;&|]*\s(?:musl)(?=[\s;&|]|$)/;

export default defineRule({
  meta: {
    id: 'cgo-libc-mismatch',
    fault: 'A3',
    severity: 'error',
    title: 'Dynamically linked Go binary shipped on a base without its C library',
    why:
      'With cgo on (the default in Debian-based golang images, which ship gcc) a Go binary that imports net or ' +
      'os/user is linked against glibc and asks for /lib64/ld-linux-x86-64.so.2 at exec. scratch and ' +
      'distroless/static have no loader, alpine has only musl\'s, so the kernel cannot start it and the container ' +
      'dies at once with "exec /app: no such file or directory" although /app is there. A binary built with cgo on ' +
      'Alpine needs /lib/ld-musl-x86_64.so.1 and fails the same way on glibc or empty bases.',
    fix:
      'Build a static binary: RUN CGO_ENABLED=0 go build -o /out/app ./cmd/app\n' +
      'If the code really needs cgo (e.g. mattn/go-sqlite3), run it on a base with the same libc as the builder ' +
      '(gcr.io/distroless/base-debian12 for golang:<v>-bookworm, alpine for golang:<v>-alpine).',
    verify: 'docker build --target <builder-stage> -t app-build . && docker run --rm app-build ldd /out/app  # want: not a dynamic executable',
    needs: ['dockerfile'],
    tags: ['build', 'cgo', 'libc', 'runtime'],
  },
  check({ ws, report }) {
    for (const df of ws.dockerfiles) {
      const final = finalStage(df);
      if (!final) continue;
      const runtimeFrom = rootFrom(df, final);
      const runtime = runtimeFrom.unresolved ? undefined : describeBaseImage(runtimeFrom.image);
      if (!runtime || runtime.goToolchain) continue;

      const runtimeChain = stageChain(df, final);
      const runtimeIns = chainInstructions(df, final);
      const copies = runtimeIns.filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD');
      // Teams that ship the loader by hand (`COPY --from=build /lib64 /lib64`) know what they do.
      if (copies.some((c) => c.flags.some((f) => f.name === 'from') && copySources(c).some((s) => /(^|\/)(lib|lib64)(\/|$)|ld-/.test(s)))) continue;
      const scripts = runtimeIns.filter((i) => i.keyword === 'RUN').map(runScript).join('\n');
      const provides = { glibc: GLIBC_COMPAT.test(scripts), musl: MUSL_COMPAT.test(scripts) };

      for (const copy of copies) {
        const source = copyFromStage(df, copy);
        if (!source || runtimeChain.includes(source)) continue;
        const bin = shippedBinaries(df, source, copy).find((b) => b.needs && breaks(b.needs, runtime, provides));
        if (!bin?.needs) continue;
        const dest = destination(copy);
        const builder = bin.builderFrom.image.raw;
        const has = runtime.libc === 'none' ? 'has no libc at all' : `has ${runtime.libc}, not ${bin.needs}`;
        const linked = bin.dynamicBecause === 'pie' ? `-buildmode=pie in ${builder}` : `cgo on in ${builder}`;
        const evidence: Evidence[] = [{ message: `built here (${bin.cgo.reason})`, span: bin.cmd.ins.span }];
        if (bin.dynamicBecause === 'cgo' && bin.cgo.span !== bin.cmd.ins.span) evidence.push({ message: bin.cgo.reason, span: bin.cgo.span });
        evidence.push({ message: `copied into the runtime stage as ${dest}`, span: copy.span });
        report({
          message:
            `${dest} is dynamically linked against ${bin.needs} (${linked}) but ${runtimeFrom.image.raw} ${has}: ` +
            `the container fails with "exec ${dest}: no such file or directory"`,
          at: { span: runtimeFrom.imageSpan },
          evidence,
          fix:
            bin.dynamicBecause === 'pie'
              ? `Drop -buildmode=pie (or link it statically with -ldflags='-linkmode=external -extldflags=-static'), or run on a ${bin.needs} base.`
              : `Set CGO_ENABLED=0 on the go build in the ${source.name ?? `#${source.index}`} stage, or run on a ${bin.needs} base ` +
                `(${bin.needs === 'glibc' ? 'gcr.io/distroless/base-debian12' : 'alpine'}) if the code needs cgo.`,
        });
      }
    }
  },
});

function breaks(needs: 'glibc' | 'musl', runtime: BaseImage, provides: Record<'glibc' | 'musl', boolean>): boolean {
  return runtime.libc !== needs && !provides[needs];
}

/**
 * The go builds of `stage` whose output the COPY takes; when no build names its output with -o,
 * every build without -o is a candidate (Go names the binary after the package).
 */
function shippedBinaries(df: Dockerfile, stage: Stage, copy: Instruction): GoBinary[] {
  const builds = stageChain(df, stage).flatMap((s) =>
    s.instructions.flatMap((i) => goCommands(i).filter(isBuild).map((cmd) => ({ s, cmd, out: buildOutput(df, s, cmd) }))),
  );
  const sources = copySources(copy).map((src) => posix.resolve('/', src));
  const matched = builds.filter((b) => b.out !== undefined && sources.some((src) => copyTakesOutput(src, b.out!)));
  const candidates = matched.length > 0 ? matched : builds.filter((b) => b.out === undefined);
  return candidates.map((b) => goBinary(df, b.s, b.cmd));
}

/** The path the binary lands at: the COPY destination, plus the source name when it is a directory. */
function destination(copy: Instruction): string {
  const words = copy.json ?? copy.expanded.split(/\s+/).filter((w) => w !== '');
  const dest = words[words.length - 1] ?? '/';
  const src = copySources(copy)[0] ?? '';
  return dest.endsWith('/') || dest === '.' ? posix.join(dest, posix.basename(src)) : dest;
}
