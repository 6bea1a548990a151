import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import type { Frame } from '../../model/logs.js';
import { frameEvidence, frameLabel, lineSpan, refEvidence, refSpan, stateLabel } from '../../logs/rule-support.js';

const INIT_FUNC = /\.init(?:\.\d+)?$/;

export default defineRule({
  meta: {
    id: 'package-init-hang',
    fault: 'D1',
    severity: 'error',
    needs: ['logs'],
    title: 'A package init() was still running when the goroutines were dumped',
    why:
      'While packages initialise, goroutine 1 is locked to the main thread and runs `<pkg>.init` functions above ' +
      'runtime.doInit; main() has not started, so no listener or probe endpoint exists. An init that dials a ' +
      'database or waits for a file blocks start-up until the liveness probe kills the container (or forever, in an init container).',
    fix: 'Move network calls and waits out of init() into main, behind a context with a timeout, and report readiness only after they succeed; add a startupProbe sized to the real start-up.',
    verify: 'GODEBUG=inittrace=1 ./app 2>&1 | tail -3   # the last finished package; kill -QUIT shows the stuck one',
    tags: ['logs', 'startup'],
  },
  check({ ws, report }) {
    const facts = ws.logs;
    if (!facts) return;
    for (const crash of facts.crashes) {
      const g = crash.groups.find((x) => x.ids.includes(1));
      if (!g || !g.frames.some((f) => f.func.startsWith('runtime.doInit'))) continue;
      const init: Frame | undefined = g.frames.find((f) => INIT_FUNC.test(f.func));
      if (!init) continue;
      const pkg = init.func.replace(INIT_FUNC, '');
      const evidence: Evidence[] = [
        refEvidence(facts, g.at, `goroutine 1 [${stateLabel(g)}${g.locked ? ', locked to thread' : ''}]`),
        frameEvidence(facts, init, `stuck in ${frameLabel(init)}`),
      ];
      const last = facts.init?.last;
      if (last) evidence.push({ message: `last package to finish init: ${last.pkg} @${last.atMs} ms`, span: lineSpan(facts, last.line) });
      report({
        message: `package ${pkg} never finished init(): goroutine 1 [${g.state}] in ${frameLabel(init)}, main() never started`,
        at: { span: refSpan(facts, crash.at) },
        evidence,
      });
    }
  },
});
