import type { Span } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { compileDockerignore, contextIsDockerfileDir, wholeContextCopies } from '../../model/dockerignore.js';

export default defineRule({
  meta: {
    id: 'dockerignore-gaps',
    fault: 'A5',
    severity: 'info',
    title: '.dockerignore does not exclude .git',
    why:
      'The .dockerignore exists but lets .git through, so `COPY . .` copies the repository history: every commit ' +
      'changes the layer (no cache for it or anything after it), the context upload grows with the history, and a ' +
      'copy in the final stage ships the history (including secrets ever committed) in the image.',
    fix: 'Add `.git` (and `**/.env`) to the .dockerignore; for an allow-list style start with `*` and re-include with `!go.mod`, `!go.sum`, `!cmd/`, …',
    verify: 'docker build --progress=plain --no-cache . 2>&1 | grep "transferring context"',
    needs: ['dockerfile'],
    tags: ['build', 'cache', 'security'],
  },
  check({ ws, report }) {
    for (const df of ws.dockerfiles) {
      const ignore = df.dockerignore;
      if (!ignore || !contextIsDockerfileDir(ws, df)) continue;
      const copy = df.stages.flatMap(wholeContextCopies)[0];
      if (!copy) continue;
      const excluded = compileDockerignore(ignore.patterns);
      if (excluded('.git/HEAD')) continue;
      const leaked = ['.env'].filter((p) => !excluded(p));
      report({
        message: `${ignore.file} does not exclude .git${leaked.length ? ' (nor .env)' : ''}, and the whole context is copied`,
        at: { span: copy.span },
        evidence: [{ message: 'the ignore file in use', span: fileStart(ignore.file) }],
      });
    }
  },
});

/** The loader keeps only the patterns, so point at the file itself. */
function fileStart(file: string): Span {
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
}
