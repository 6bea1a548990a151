import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { describeBaseImage } from '../../model/base-images.js';
import { buildTags, chainInstructions, copyFromStage, effectiveArgs, stageChain } from '../../model/go-build.js';
import { cgoUsers } from '../../model/go-cgo-users.js';
import { packagesInBinary } from '../../model/go-packages.js';
import { copiesLoader, copyDestination, shippedBinaries } from '../../model/go-shipped-binaries.js';
import { finalStage, rootFrom } from '../../model/stages.js';

export default defineRule({
  meta: {
    id: 'cgo-binary-on-libcless-base',
    fault: 'A3',
    severity: 'error',
    title: 'Go code that uses cgo is built with cgo on and shipped on a base without libc',
    why:
      'With cgo on (CGO_ENABLED=1, or the default in golang images that ship gcc) every package with a cgo side — ' +
      'import "C", mattn/go-sqlite3, the net resolver behind net/http, os/user — links the binary against the ' +
      "builder's libc, and the ELF asks for its loader (/lib64/ld-linux-x86-64.so.2) at exec. scratch and " +
      'distroless/static have no libc and no loader: the container dies at once with "exec /app: no such file or ' +
      'directory" although /app is there. A cgo-enabled build of code without any of these is static and runs.',
    fix:
      'Build without cgo: RUN CGO_ENABLED=0 go build -o /out/app ./cmd/app (pure-Go net and os/user are used);\n' +
      'if the code needs cgo (import "C", go-sqlite3), ship it on a base with the builder\'s libc, e.g. gcr.io/distroless/base-debian12.',
    verify: 'docker run --rm --entrypoint /bin/sh <builder-image> -c "readelf -l /out/app | grep interpreter"  # want: nothing',
    needs: ['dockerfile', 'go'],
    tags: ['build', 'cgo', 'libc', 'runtime'],
  },
  check({ ws, report }) {
    for (const df of ws.dockerfiles) {
      const final = finalStage(df);
      const builds = ws.links.mainPackageBuildsOf(df);
      if (!final || builds.length === 0) continue;
      const runtimeFrom = rootFrom(df, final);
      const runtime = runtimeFrom.unresolved ? undefined : describeBaseImage(runtimeFrom.image);
      if (runtime?.libc !== 'none') continue;
      const runtimeChain = stageChain(df, final);
      const copies = chainInstructions(df, final).filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD');
      if (copiesLoader(copies)) continue;
      for (const copy of copies) {
        const source = copyFromStage(df, copy);
        if (!source || runtimeChain.includes(source)) continue;
        for (const bin of shippedBinaries(df, source, copy)) {
          const build = builds.find((b) => b.ins === bin.cmd.ins);
          if (!build || !bin.needs) continue;
          const dest = copyDestination(copy);
          const builder = bin.builderFrom.image.raw;
          const tags = buildTags(effectiveArgs(bin.cmd, build.stage.vars));
          const users = bin.dynamicBecause === 'cgo' ? cgoUsers(packagesInBinary(build.pkg, ws.goPackages), tags) : [];
          // cgo on, but nothing in the code has a cgo side: the linker still produces a static binary.
          if (bin.dynamicBecause === 'cgo' && users.length === 0) continue;
          const evidence: Evidence[] = [...users, { message: `built here (${bin.cgo.reason})`, span: bin.cmd.ins.span }];
          if (bin.dynamicBecause === 'cgo' && bin.cgo.span !== bin.cmd.ins.span) evidence.push({ message: bin.cgo.reason, span: bin.cgo.span });
          evidence.push({ message: `copied into the runtime stage as ${dest}`, span: copy.span });
          const why = bin.dynamicBecause === 'pie' ? `-buildmode=pie in ${builder}` : `${build.pkg.dir} uses cgo (${users[0]!.message}) and cgo is on in ${builder}`;
          report({
            message: `${dest} is dynamically linked against ${bin.needs} (${why}) but ${runtimeFrom.image.raw} has no libc: the container fails with "exec ${dest}: no such file or directory"`,
            at: { span: runtimeFrom.imageSpan },
            evidence,
          });
        }
      }
    }
  },
});
