import type { Evidence } from '../../core/finding.js';
import type { Instruction, Stage } from '../../model/dockerfile.js';
import { defineRule } from '../../core/rule.js';
import { hasCacheMountAt } from '../../model/dockerfile-words.js';
import { effectiveArgs, goCommands, modFlag } from '../../model/go-build.js';

const BUILDS = new Set(['build', 'install', 'test']);

export default defineRule({
  meta: {
    id: 'no-build-cache-mount',
    fault: 'A5',
    severity: 'info',
    title: 'Go builds in the Dockerfile use no BuildKit cache mounts',
    why:
      'Layer caching is all-or-nothing: when any source file changes, `go build` starts from an empty build cache ' +
      'and recompiles every package (and re-fetches modules if they were not downloaded in an earlier layer). A ' +
      'cache mount keeps /root/.cache/go-build and /go/pkg/mod between builds, typically cutting rebuilds from ' +
      'minutes to seconds. BuildKit, the default builder since Docker 23, supports `RUN --mount` without a syntax line.',
    fix:
      'RUN --mount=type=cache,target=/go/pkg/mod \\\n    --mount=type=cache,target=/root/.cache/go-build \\\n' +
      '    CGO_ENABLED=0 go build -o /out/app ./cmd/app',
    verify: 'touch main.go && time docker build .  # the second build should compile only the changed package',
    needs: ['dockerfile'],
    tags: ['build', 'cache'],
  },
  check({ ws, report }) {
    for (const df of ws.dockerfiles) {
      const misses: { ins: Instruction; missing: string[] }[] = [];
      for (const stage of df.stages) {
        let downloaded = false;
        for (const ins of stage.instructions) {
          const missing = missingMounts(stage, ins, downloaded);
          if (goCommands(ins).some((c) => c.subcommand === 'mod download')) downloaded = true;
          if (missing.length) misses.push({ ins, missing });
        }
      }
      const [first, ...rest] = misses;
      if (!first) continue;
      // One finding per Dockerfile: the fix is the same two mount flags everywhere.
      const evidence: Evidence[] = rest.map((m) => ({ message: `also without a cache mount for ${m.missing.join(' and ')}`, span: m.ins.span }));
      report({
        message: `Go step runs without a cache mount for ${first.missing.join(' and ')}: every source change rebuilds from scratch`,
        at: { span: first.ins.span },
        evidence,
      });
    }
  },
});

function missingMounts(stage: Stage, ins: Instruction, downloaded: boolean): string[] {
  const cmds = goCommands(ins);
  const modCache = stage.vars.GOMODCACHE ?? `${stage.vars.GOPATH ?? '/go'}/pkg/mod`;
  const buildCache = stage.vars.GOCACHE ?? '/root/.cache/go-build';
  const missing: string[] = [];
  const builds = cmds.filter((c) => BUILDS.has(c.subcommand));
  const downloads = cmds.filter((c) => c.subcommand === 'mod download');
  const vendored = builds.length > 0 && builds.every((c) => modFlag(effectiveArgs(c, stage.vars)) === 'vendor');
  // With modules already in an earlier layer, a build fetches nothing; vendored builds never do.
  const needsModules = downloads.length > 0 || (builds.length > 0 && !downloaded && !vendored);
  if (needsModules && !hasCacheMountAt(ins, exactly(modCache)) && !hasCacheMountAt(ins, exactly('/go'))) missing.push(modCache);
  if (builds.length > 0 && !hasCacheMountAt(ins, exactly(buildCache))) missing.push(buildCache);
  return missing;
}

function exactly(dir: string): RegExp {
  return new RegExp(`^${dir.replace(/\/+$/, '').replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}$`);
}
