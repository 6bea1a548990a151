import { defineRule } from '../../core/rule.js';
import { contextIsDockerfileDir, wholeContextCopies } from '../../model/dockerignore.js';
import { finalStage } from '../../model/stages.js';

export default defineRule({
  meta: {
    id: 'missing-dockerignore',
    fault: 'A5',
    severity: 'warning',
    title: 'Whole build context copied with no .dockerignore',
    why:
      'Without a .dockerignore, `COPY . .` takes everything in the directory: .git (history, often hundreds of MB, ' +
      'and a new hash on every commit, so the layer and all after it never cache), .env files with real credentials, ' +
      'local binaries and vendor caches. In the final stage they ship inside the image for anyone who can pull it.',
    fix: 'Add a .dockerignore beside the Dockerfile, e.g.\n.git\n**/.env\n*.env\nbin/\ndist/\n*.test\nDockerfile*\n.dockerignore',
    verify: 'docker build --no-cache --progress=plain . 2>&1 | grep "transferring context"  # should be small',
    needs: ['dockerfile'],
    tags: ['build', 'cache', 'security'],
  },
  check({ ws, report }) {
    for (const df of ws.dockerfiles) {
      if (df.dockerignore || !contextIsDockerfileDir(ws, df)) continue;
      const last = finalStage(df);
      // One finding per Dockerfile: the shipped stage's copy if it has one, else the first.
      const copies = df.stages.flatMap((s) => wholeContextCopies(s).map((ins) => ({ ins, shipped: s === last })));
      const hit = copies.find((c) => c.shipped) ?? copies[0];
      if (!hit) continue;
      report({
        message: hit.shipped
          ? 'the whole build context is copied into the shipped image and there is no .dockerignore: .git, .env files and local binaries end up in it'
          : 'the whole build context is copied and there is no .dockerignore: .git, .env files and local binaries go to the builder and every commit invalidates the layer',
        at: { span: hit.ins.span },
      });
    }
  },
});
