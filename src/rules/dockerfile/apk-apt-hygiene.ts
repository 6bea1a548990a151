import { defineRule } from '../../core/rule.js';
import type { Instruction } from '../../model/dockerfile.js';
import { hasCacheMountAt } from '../../model/dockerfile-words.js';
import { runScript } from '../../model/shell.js';
import { shippedInstructions } from '../../model/shipped-stages.js';

export default defineRule({
  meta: {
    id: 'apk-apt-hygiene',
    fault: 'A6',
    severity: 'info',
    title: 'Package installs in the shipped image leave caches or pull extras',
    why:
      'In the stage that ships, `apk add` without --no-cache keeps the APK index, `apt-get install` without ' +
      'cleaning /var/lib/apt/lists keeps ~20–40 MB of lists, and without --no-install-recommends pulls packages ' +
      'nobody asked for; `apt-get upgrade` makes the image depend on the day it was built. All of it is pulled on ' +
      'every node. Builder stages are not checked: their layers never ship.',
    fix:
      'RUN apk add --no-cache ca-certificates tzdata\n' +
      'RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*\n' +
      '(and bump the base tag instead of apt-get upgrade)',
    verify: 'docker history <image>  # the package layer should be small',
    needs: ['dockerfile'],
    tags: ['image', 'size'],
  },
  check({ ws, report }) {
    for (const df of ws.dockerfiles) {
      for (const ins of shippedInstructions(df)) {
        const problems = problemsOf(ins);
        if (problems.length === 0) continue;
        report({ message: `package install in the shipped image: ${problems.join('; ')}`, at: { span: ins.span } });
      }
    }
  },
});

function problemsOf(ins: Instruction): string[] {
  if (ins.keyword !== 'RUN') return [];
  const script = runScript(ins);
  const out: string[] = [];
  const apk = /\bapk\s+(?:[^;&|\n]*\s)?add\b[^;&|\n]*/.exec(script);
  if (apk && !/--no-cache\b/.test(apk[0]) && !/rm\s+-[rf]+\s+[^;&|\n]*\/var\/cache\/apk/.test(script) && !hasCacheMountAt(ins, /^\/(var\/cache\/apk|etc\/apk\/cache)$/)) {
    out.push('`apk add` without --no-cache keeps the package index');
  }
  const install = /\bapt(?:-get)?\s+(?:[^;&|\n]*\s)?install\b[^;&|\n]*/.exec(script);
  if (install) {
    const cached = hasCacheMountAt(ins, /^\/var\/(lib|cache)\/apt/);
    // `apt-get clean` empties /var/cache/apt/archives, not the lists, so it does not count.
    if (!cached && !/rm\s+-[rf]+\s+[^;&|\n]*\/var\/lib\/apt\/lists/.test(script)) {
      out.push('`apt-get install` without `rm -rf /var/lib/apt/lists/*` in the same RUN');
    }
    if (!/--no-install-recommends\b/.test(install[0])) out.push('`apt-get install` without --no-install-recommends');
  }
  if (/\bapt(?:-get)?\s+(?:[^;&|\n]*\s)?(dist-)?upgrade\b/.test(script)) out.push('`apt-get upgrade` makes the image depend on the build date');
  return out;
}
