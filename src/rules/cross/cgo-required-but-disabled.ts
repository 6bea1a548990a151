import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { cgoSetting } from '../../model/cgo.js';
import { goCommands, isBuild } from '../../model/go-build.js';
import { packagesInBinary } from '../../model/go-packages.js';
import type { GoPackage } from '../../model/gosrc.js';

/** A cgo use the build loses; packages with a `!cgo` fallback file are left out (they build either way). */
function cgoUses(pkgs: readonly GoPackage[]): Evidence[] {
  const out: Evidence[] = [];
  for (const p of pkgs) {
    if (p.files.some((f) => f.constraint !== undefined && /!\s*cgo\b/.test(f.constraint))) continue;
    for (const span of p.needs.cgoImports) {
      const file = p.files.find((f) => f.file === span.file);
      // `//go:build cgo` files are meant to drop out when cgo is off.
      if (file?.constraint !== undefined && /\bcgo\b/.test(file.constraint)) continue;
      out.push({ message: `import "C" in ${p.dir}: the file is excluded when cgo is off`, span });
    }
    for (const imp of p.needs.cgoPackages) out.push({ message: `${imp.path} wraps a C library and needs cgo`, span: imp.span });
  }
  return out;
}

export default defineRule({
  meta: {
    id: 'cgo-required-but-disabled',
    fault: 'A3',
    severity: 'error',
    title: 'Code needs cgo but the image builds with CGO_ENABLED=0',
    why:
      'With cgo off the go command drops every file that says import "C", and cgo-only libraries either fail to compile ' +
      '("undefined: …", "build constraints exclude all Go files") or build a stub that fails at run time: ' +
      'mattn/go-sqlite3 returns "Binary was compiled with \'CGO_ENABLED=0\', go-sqlite3 requires cgo to work. This is a stub" on the first query.',
    fix:
      'Build with cgo and ship the C runtime it links against:\nFROM golang:1.23-bookworm AS build\nRUN CGO_ENABLED=1 go build -o /out/app ./cmd/app\n' +
      'FROM gcr.io/distroless/base-debian12\n(or switch to a pure-Go driver, e.g. modernc.org/sqlite)',
    verify: 'docker build . && docker run --rm <image>  # the first DB call must not say "requires cgo"',
    needs: ['dockerfile', 'go'],
    tags: ['build', 'cgo'],
  },
  check({ ws, report }) {
    for (const df of ws.dockerfiles) {
      for (const build of ws.links.mainPackageBuildsOf(df)) {
        const cmds = goCommands(build.ins).filter(isBuild);
        const settings = cmds.map((cmd) => cgoSetting(df, build.stage, cmd));
        // Several builds in one RUN: only when every one of them has cgo off.
        if (settings.length === 0 || settings.some((s) => s.enabled !== false)) continue;
        const uses = cgoUses(packagesInBinary(build.pkg, ws.goPackages));
        if (uses.length === 0) continue;
        const setting = settings[0]!;
        const off: Evidence[] = setting.span === build.ins.span ? [] : [{ message: setting.reason, span: setting.span }];
        report({
          message: `${df.file} builds ${build.pkg.dir} with cgo off (${setting.reason}) but it needs cgo: ${uses[0]!.message}`,
          at: { span: build.ins.span },
          evidence: [...uses, ...off],
        });
      }
    }
  },
});
