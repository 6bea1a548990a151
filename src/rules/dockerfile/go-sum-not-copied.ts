import { posix } from 'node:path';
import { defineRule } from '../../core/rule.js';
import type { Dockerfile, Instruction } from '../../model/dockerfile.js';
import type { GoModule } from '../../model/gomod.js';
import { chainInstructions, effectiveArgs, goCommands, modFlag, type GoCommand } from '../../model/go-build.js';
import { copySources } from '../../model/shell.js';

/** Commands that verify every imported package's module against go.sum (default -mod=readonly). */
const NEEDS_SUM = /^(build|install|test|vet|run)$/;

export default defineRule({
  meta: {
    id: 'go-sum-not-copied',
    fault: 'A2',
    severity: 'error',
    title: 'go.mod is copied into the build without go.sum',
    why:
      'Since Go 1.16 builds run with -mod=readonly: every module an imported package comes from must have its hash in ' +
      'go.sum. With go.mod alone `go mod download` succeeds (it records only go.mod hashes), then `go build` fails with ' +
      '"missing go.sum entry for module providing package <pkg> (imported by <module>)".',
    fix: 'Copy both files before downloading: COPY go.mod go.sum ./',
    verify: 'docker build --no-cache --progress=plain . 2>&1 | grep -i "missing go.sum entry"  # want: no output',
    needs: ['dockerfile', 'gomod'],
    tags: ['build', 'modules'],
  },
  check({ ws, report }) {
    for (const df of ws.dockerfiles) {
      const mod = ws.links.goModuleOf(df);
      // Without requires there is nothing to hash; without a go.sum in the repo the repo itself is the problem.
      if (!mod?.sum || mod.requires.length === 0) continue;
      const sumIgnored = dockerignoreDropsSum(df);
      for (const stage of df.stages) {
        let modCopy: Instruction | undefined;
        let sumCopied = false;
        let sumWritten = false;
        let failing: GoCommand | undefined;
        for (const ins of chainInstructions(df, stage)) {
          if ((ins.keyword === 'COPY' || ins.keyword === 'ADD') && !ins.flags.some((f) => f.name === 'from')) {
            const sources = copySources(ins);
            if (sources.some((s) => globMatches(s, 'go.mod'))) modCopy ??= ins;
            if (sources.some((s) => globMatches(s, 'go.sum') || (!sumIgnored && coversModuleRoot(df, mod, s)))) sumCopied = true;
            continue;
          }
          for (const cmd of goCommands(ins)) {
            if (writesSum(cmd)) sumWritten = true;
            const own = stage.instructions.includes(ins);
            if (!own || !modCopy || sumCopied || sumWritten || !NEEDS_SUM.test(cmd.subcommand)) continue;
            const mode = modFlag(effectiveArgs(cmd, stage.vars));
            if (mode === 'mod' || mode === 'vendor') continue;
            failing ??= cmd;
          }
        }
        if (!modCopy || !failing) continue;
        const sumFile = posix.join(mod.dir, 'go.sum');
        report({
          message:
            `go.mod is copied without go.sum, so \`go ${failing.subcommand}\` in this stage fails with ` +
            '"missing go.sum entry for module providing package …"' +
            (sumIgnored ? ' (.dockerignore excludes go.sum)' : ''),
          at: { span: modCopy.span },
          evidence: [
            { message: `go ${failing.subcommand} runs here without go.sum`, span: failing.ins.span },
            { message: `${sumFile} exists (${mod.sum.size} entries) but never reaches the build`, span: { file: sumFile, line: 1, column: 1, endLine: 1, endColumn: 1 } },
          ],
          fix: sumIgnored ? 'Remove go.sum from .dockerignore and COPY go.mod go.sum ./' : undefined,
        });
      }
    }
  },
});

/** `go mod tidy`, `go get`, `go mod download <mods>` add the hashes a build needs. */
function writesSum(cmd: GoCommand): boolean {
  if (cmd.subcommand === 'mod tidy' || cmd.subcommand === 'get') return true;
  return cmd.subcommand === 'mod download' && cmd.args.some((a) => !a.startsWith('-'));
}

/** `.`, `./`, `*` or a directory at or above the module root brings go.sum along. */
function coversModuleRoot(df: Dockerfile, mod: GoModule, source: string): boolean {
  if (source === '*' || source === './*') return true;
  const dir = posix.normalize(posix.join(df.dir, source)).replace(/\/+$/, '');
  const modDir = posix.normalize(mod.dir);
  return dir === modDir || dir === '.' || modDir.startsWith(`${dir}/`);
}

function dockerignoreDropsSum(df: Dockerfile): boolean {
  const patterns = (df.dockerignore?.patterns ?? []).map((p) => p.trim());
  const drops = patterns.some((p) => /^(?:\*\*\/)?(?:go\.sum|\*\.sum|go\.\*)$/.test(p));
  return drops && !patterns.some((p) => /^!(?:\*\*\/)?go\.sum$/.test(p));
}

/** Whether a COPY source's last element (a Go filepath.Match glob, as BuildKit uses) names `file`. */
function globMatches(source: string, file: string): boolean {
  const base = posix.basename(source.replace(/\/+$/, ''));
  const re = base.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  try {
    return new RegExp(`^${re}$`).test(file);
  } catch {
    return base === file;
  }
}
