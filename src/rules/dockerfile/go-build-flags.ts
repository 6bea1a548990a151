import { defineRule } from '../../core/rule.js';
import { boolFlag, shellWords } from '../../model/dockerfile-words.js';
import { effectiveArgs, flagValue, goCommands } from '../../model/go-build.js';

export default defineRule({
  meta: {
    id: 'go-build-flags',
    fault: 'A6',
    severity: 'info',
    title: 'Go binary built without -trimpath or without stripping',
    why:
      'Without -trimpath the binary embeds the builder\'s absolute paths (/src/…, /go/pkg/mod/…), so identical ' +
      'source gives different binaries on different builders and stack traces leak the build layout. Without ' +
      '-ldflags="-s -w" it keeps the symbol table and DWARF: typically 25–30% larger, pulled on every node. ' +
      'Debug builds (-gcflags with -N) are left alone.',
    fix: 'RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/app ./cmd/app',
    verify: 'go version -m <binary> | grep -E "trimpath|ldflags"',
    needs: ['dockerfile'],
    tags: ['build', 'reproducibility', 'size'],
  },
  check({ ws, report }) {
    for (const df of ws.dockerfiles) {
      for (const stage of df.stages) {
        for (const ins of stage.instructions) {
          for (const cmd of goCommands(ins)) {
            if (cmd.subcommand !== 'build' && cmd.subcommand !== 'install') continue;
            // `go install tool@v1.2.3` installs a build tool, not the shipped binary.
            if (cmd.subcommand === 'install' && cmd.args.some((a) => a.includes('@'))) continue;
            const args = effectiveArgs(cmd, stage.vars);
            // `go build ./...` with no -o only type-checks (multiple packages write nothing).
            if (cmd.subcommand === 'build' && flagValue(args, 'o') === undefined && cmd.args.some((a) => a.endsWith('/...'))) continue;
            if (/(^|\s)-N(\s|$)/.test(flagValue(args, 'gcflags')?.replace(/^all=/, '') ?? '')) continue;
            const missing: string[] = [];
            if (boolFlag(args, 'trimpath') !== true) missing.push('-trimpath');
            // cmd/link: -s implies -w since Go 1.22; accept -s alone.
            const ld = shellWords(flagValue(args, 'ldflags') ?? '');
            if (!ld.includes('-s')) missing.push('-ldflags="-s -w"');
            if (missing.length === 0) continue;
            report({ message: `go ${cmd.subcommand} without ${missing.join(' and ')}`, at: { span: ins.span } });
            break;
          }
        }
      }
    }
  },
});
