import { defineRule } from '../../core/rule.js';
import { lineSpan, numberOption, refSpan } from '../../logs/rule-support.js';

export default defineRule({
  meta: {
    id: 'slow-package-init',
    fault: 'D1',
    severity: 'warning',
    needs: ['logs'],
    title: 'Package initialisation is slow enough to eat the liveness budget',
    why:
      'inittrace prints when each package\'s init finished and how long it took. All of it runs before main(), so ' +
      'before any health endpoint exists: when start-up takes longer than initialDelaySeconds + failureThreshold × ' +
      'periodSeconds the liveness probe kills the container before it ever serves.',
    fix: 'Move slow work (network, file loading, big tables) out of init() into main after the listener is up; add a startupProbe that covers the real start-up time.',
    verify: 'GODEBUG=inittrace=1 ./app 2>&1 | sort -t, -k2 -rn | head',
    tags: ['logs', 'startup'],
  },
  check({ ws, settings, report }) {
    const facts = ws.logs;
    const init = facts?.init;
    if (!facts || !init || init.totalMs < numberOption(settings, 'minMs', 1000)) return;
    const top = init.slowest.slice(0, 3);
    report({
      message: `package init took ${seconds(init.totalMs)} before main() started; slowest: ${top.map((e) => `${e.pkg} ${seconds(e.clockMs)}`).join(', ')}`,
      at: { span: refSpan(facts, init.at) },
      evidence: top.map((e) => ({ message: `init ${e.pkg}: ${e.clockMs} ms clock, ${e.allocs} allocs`, span: lineSpan(facts, e.line) })),
    });
  },
});

function seconds(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}
