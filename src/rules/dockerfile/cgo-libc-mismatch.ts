import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { describeBaseImage, type BaseImage } from '../../model/base-images.js';
import { chainInstructions, copyFromStage, stageChain } from '../../model/go-build.js';
import { copiesLoader, copyDestination, shippedBinaries } from '../../model/go-shipped-binaries.js';
import { runScript } from '../../model/shell.js';
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
      if (copiesLoader(copies)) continue;
      const scripts = runtimeIns.filter((i) => i.keyword === 'RUN').map(runScript).join('\n');
      const provides = { glibc: GLIBC_COMPAT.test(scripts), musl: MUSL_COMPAT.test(scripts) };
      // On a libc-less base with the Go source at hand, cgo-binary-on-libcless-base decides from the imports.
      const goBuilds = new Set(ws.links.mainPackageBuildsOf(df).map((b) => b.ins));

      for (const copy of copies) {
        const source = copyFromStage(df, copy);
        if (!source || runtimeChain.includes(source)) continue;
        const bin = shippedBinaries(df, source, copy).find(
          (b) => b.needs && breaks(b.needs, runtime, provides) && !(runtime.libc === 'none' && goBuilds.has(b.cmd.ins)),
        );
        if (!bin?.needs) continue;
        const dest = copyDestination(copy);
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
