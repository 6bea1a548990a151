import { defineRule } from '../../core/rule.js';
import { compareGoVersions, goVersionFromImageTag } from '../../load/gomod.js';
import { isGolangImage, rootFrom } from '../../model/stages.js';

export default defineRule({
  meta: {
    id: 'go-toolchain-mismatch',
    fault: 'A1',
    severity: 'error',
    title: 'Builder image Go version is older than go.mod requires',
    why:
      'Official golang images set GOTOOLCHAIN=local, so a go.mod `go` line newer than the image fails the build with ' +
      '"go: go.mod requires go >= 1.N (running go 1.M; GOTOOLCHAIN=local)"; Go before 1.21 instead fails on new APIs ' +
      'with "note: module requires Go 1.N".',
    fix: 'Raise the builder FROM tag to at least the go.mod version (or lower the go line if the code allows).',
    verify: 'docker run --rm golang:<tag> go version',
    needs: ['dockerfile', 'gomod'],
    tags: ['build', 'go'],
  },
  check({ ws, report }) {
    for (const df of ws.dockerfiles) {
      const mod = ws.links.goModuleOf(df);
      if (!mod?.goVersion || !mod.goSpan) continue;
      for (const stage of df.stages) {
        const from = rootFrom(df, stage);
        if (stage.from.parentStage !== undefined || from.unresolved || !isGolangImage(from.image)) continue;
        const have = from.image.tag ? goVersionFromImageTag(from.image.tag) : undefined;
        if (!have || satisfies(have, mod.goVersion)) continue;
        report({
          message: `builder image ${from.image.raw} has Go ${have}, but ${mod.file} requires go ${mod.goVersion}`,
          at: { span: from.imageSpan },
          evidence: [{ message: `go ${mod.goVersion}`, span: mod.goSpan }],
          fix: `Use FROM ${from.image.repository === 'golang' ? 'golang' : from.image.repository}:${mod.goVersion} or newer.`,
          verify: `docker run --rm ${from.image.raw} go version`,
        });
      }
    }
  },
});

/**
 * A tag without a patch (`golang:1.23`) floats to the newest 1.23.x, so it satisfies any
 * `go 1.23.N`; a tag with a patch is compared exactly.
 */
function satisfies(imageVersion: string, required: string): boolean {
  if (imageVersion.split('.').length === 2 && /^\d+\.\d+$/.test(imageVersion)) {
    const [maj, min] = required.split('.');
    return compareGoVersions(imageVersion, `${maj}.${(min ?? '0').replace(/\D.*$/, '')}`) >= 0;
  }
  return compareGoVersions(imageVersion, required) >= 0;
}
