import { defineRule } from '../../core/rule.js';
import { copiesWholeContext, hasModuleCacheMount, runsGo } from '../../model/shell.js';

export default defineRule({
  meta: {
    id: 'copy-before-mod-download',
    fault: 'A5',
    severity: 'warning',
    title: 'Whole build context copied before Go modules are downloaded',
    why:
      'Any source change invalidates the `COPY . .` layer and every layer after it, so `go mod download` runs again ' +
      'and refetches every module on each build: slow CI, and builds that fail whenever the proxy or a private ' +
      'host is flaky.',
    fix:
      'Copy go.mod and go.sum first, download, then copy the rest:\n' +
      'COPY go.mod go.sum ./\nRUN go mod download\nCOPY . .',
    verify: 'touch main.go && docker build . 2>&1 | grep -B1 "go mod download"  # the download step should say CACHED',
    needs: ['dockerfile'],
    tags: ['build', 'cache'],
  },
  check({ ws, report }) {
    for (const df of ws.dockerfiles) {
      for (const stage of df.stages) {
        const copyAll = stage.instructions.findIndex(copiesWholeContext);
        if (copyAll < 0) continue;
        const copy = stage.instructions[copyAll]!;
        const later = stage.instructions.slice(copyAll + 1);
        const download = later.find((i) => runsGo(i, /mod\s+download/));
        if (download) {
          if (hasModuleCacheMount(download)) continue;
          report({
            message: '`COPY . .` comes before `go mod download`: every source change re-downloads all modules',
            at: { span: copy.span },
            evidence: [{ message: 'modules are downloaded here, after the whole context was copied', span: download.span }],
          });
          continue;
        }
        // Modules fetched before the copy (from go.mod/go.sum alone) are the cached layer we want.
        if (stage.instructions.slice(0, copyAll).some((i) => runsGo(i, /mod\s+download/))) continue;
        // No download at all: `go build` after the copy fetches modules in the same uncached step.
        const build = later.find((i) => runsGo(i, /(build|install|test|vet|generate)\b/));
        if (!build || hasModuleCacheMount(build)) continue;
        report({
          message: '`COPY . .` then `go build` with no earlier `go mod download`: every source change re-downloads all modules',
          at: { span: copy.span },
          evidence: [{ message: 'modules are fetched by this build step', span: build.span }],
        });
      }
    }
  },
});
