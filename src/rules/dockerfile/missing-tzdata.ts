import type { Evidence } from '../../core/finding.js';
import { packagesInBinary } from '../../model/go-packages.js';
import { valueOf } from '../../model/go-values.js';
import { defineRule } from '../../core/rule.js';
import { describeBaseImage } from '../../model/base-images.js';
import { buildsWithTag, shippedVar, shipsPackageOrFiles } from '../../model/runtime-files.js';
import { finalStage, rootFrom } from '../../model/stages.js';

export default defineRule({
  meta: {
    id: 'missing-tzdata',
    fault: 'A6',
    severity: 'info',
    title: 'Runtime image has no time zone database',
    why:
      'time.LoadLocation("Europe/Berlin") reads /usr/share/zoneinfo (or ZONEINFO). scratch, alpine, busybox and ' +
      'ubuntu have none, so code that converts to a named zone fails at run time with "unknown time zone ' +
      'Europe/Berlin" (only UTC and Local work). Services that never name a zone are unaffected.',
    fix:
      'Embed the database in the binary: `go build -tags timetzdata …` or `import _ "time/tzdata"` in main (≈450 KB); ' +
      'or COPY --from=build /usr/share/zoneinfo /usr/share/zoneinfo; on alpine `apk add --no-cache tzdata`.',
    verify: 'grep -rn "LoadLocation\\|time/tzdata" --include=*.go .',
    needs: ['dockerfile'],
    tags: ['runtime', 'time'],
  },
  check({ ws, report }) {
    for (const df of ws.dockerfiles) {
      const stage = finalStage(df);
      if (!stage) continue;
      const from = rootFrom(df, stage);
      const base = from.unresolved ? undefined : describeBaseImage(from.image);
      // A golang runtime is runtime-stage-golang-image's problem; its alpine variant lacks tzdata but ships GOROOT's zoneinfo.zip.
      if (!base || base.tzdata || base.goToolchain) continue;
      if (shipsPackageOrFiles(df, 'tzdata', /zoneinfo/) || shippedVar(df, 'ZONEINFO') !== undefined) continue;
      if (buildsWithTag(df, 'timetzdata')) continue;
      const evidence: Evidence[] = from === stage.from ? [] : [{ message: `base image ${base.label}`, span: from.imageSpan }];
      // When the Go code is in the workspace it decides: no named zones, or zones embedded (`import _ "time/tzdata"`), is fine.
      const builds = ws.links.mainPackageBuildsOf(df);
      if (builds.length > 0) {
        const pkgs = builds.flatMap((b) => packagesInBinary(b.pkg, ws.goPackages));
        const calls = pkgs.flatMap((p) => p.needs.loadLocation);
        if (pkgs.some((p) => p.needs.tzdata !== undefined) || calls.length === 0) continue;
        evidence.push(
          ...calls.slice(0, 3).map((l) => {
            const zone = l.name ? valueOf(l.name) : undefined;
            return { message: `time.LoadLocation(${zone !== undefined ? JSON.stringify(zone) : l.name?.expr ?? ''}) reads the zone database`, span: l.span };
          }),
          ...builds.map((b) => ({ message: `${df.file} builds ${b.pkg.dir} into the image`, span: b.ins.span })),
        );
      }
      report({
        message: `${from.image.raw} has no /usr/share/zoneinfo and the build does not embed time/tzdata: time.LoadLocation fails with "unknown time zone"`,
        at: { span: stage.from.imageSpan },
        evidence,
      });
    }
  },
});
