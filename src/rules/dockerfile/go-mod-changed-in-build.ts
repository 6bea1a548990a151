import { defineRule } from '../../core/rule.js';
import { effectiveArgs, goCommands, modFlag } from '../../model/go-build.js';

export default defineRule({
  meta: {
    id: 'go-mod-changed-in-build',
    fault: 'A7',
    severity: 'info',
    title: 'The Docker build changes the module graph instead of using go.mod/go.sum as committed',
    why:
      '`go mod tidy`, `go get` or `-mod=mod` inside the build resolve dependencies at build time: the image can ' +
      'contain versions that are in no commit, two builds of one commit can differ, and a broken upstream release ' +
      'breaks the build. The committed go.mod/go.sum should be the only input (cmd/go defaults to -mod=readonly ' +
      'for exactly this).',
    fix: 'Run `go mod tidy` before committing (and check it in CI: `go mod tidy -diff`, Go ≥1.23); in the Dockerfile only `go mod download` and `go build`.',
    verify: 'go mod tidy && git diff --exit-code go.mod go.sum',
    needs: ['dockerfile'],
    tags: ['build', 'reproducibility'],
  },
  check({ ws, report }) {
    for (const df of ws.dockerfiles) {
      for (const stage of df.stages) {
        for (const ins of stage.instructions) {
          for (const cmd of goCommands(ins)) {
            let what: string | undefined;
            if (cmd.subcommand === 'mod tidy' && !cmd.args.includes('-diff')) what = '`go mod tidy` rewrites go.mod/go.sum during the build';
            // `go get tool@v` on Go ≥1.18 only edits go.mod too; any go get changes the graph.
            else if (cmd.subcommand === 'get') what = '`go get` changes go.mod during the build';
            else if (['build', 'install', 'test', 'run'].includes(cmd.subcommand) && modFlag(effectiveArgs(cmd, stage.vars)) === 'mod') {
              what = `\`go ${cmd.subcommand}\` with -mod=mod may update go.mod/go.sum during the build`;
            }
            if (!what) continue;
            report({ message: what, at: { span: ins.span } });
            break;
          }
        }
      }
    }
  },
});
