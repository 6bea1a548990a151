import { defineRule } from '../../core/rule.js';
import { groupEvidence, groupWhere, numberOption, refSpan, stateLabel } from '../../logs/rule-support.js';

/** States a goroutine cannot leave by itself; running/runnable ones are busy, not leaked. */
const BUSY = new Set(['running', 'runnable', 'dead', 'idle', 'copystack', 'preempted']);
const GROUPS_REPORTED = 3;

export default defineRule({
  meta: {
    id: 'goroutine-leak',
    fault: 'E5',
    severity: 'warning',
    needs: ['logs'],
    title: 'Thousands of goroutines are parked at the same place (a goroutine leak)',
    why:
      'Goroutines blocked on a network read (`IO wait`), a channel or `select` with nobody on the other side never ' +
      'exit. Each holds its stack and everything it references, so memory grows until the container is OOMKilled; ' +
      'the usual cause is a call without a timeout or context to a slow dependency, or a sender whose receiver left.',
    fix: 'Give the blocking call a deadline (http.Client{Timeout}, context.WithTimeout, server ReadHeaderTimeout) and make sure every channel send has a receiver that outlives it (or select on ctx.Done()).',
    verify: 'curl -s localhost:6060/debug/pprof/goroutine?debug=1 | head   # with net/http/pprof; or kill -QUIT the process and kubewhy logs the dump',
    tags: ['logs', 'goroutines'],
  },
  check({ ws, settings, report }) {
    const facts = ws.logs;
    if (!facts) return;
    const min = numberOption(settings, 'minGoroutines', 1000);
    for (const crash of facts.crashes) {
      const leaks = crash.groups.filter((g) => g.count >= min && !BUSY.has(g.state)).slice(0, GROUPS_REPORTED);
      for (const g of leaks) {
        const creator = g.createdBy ? `, created by ${g.createdBy.func}` : '';
        report({
          message: `${g.count} of ${crash.goroutines} goroutines blocked in ${stateLabel(g)} at ${groupWhere(g)}${creator}`,
          at: { span: refSpan(facts, g.at) },
          evidence: groupEvidence(facts, g),
        });
      }
    }
  },
});
