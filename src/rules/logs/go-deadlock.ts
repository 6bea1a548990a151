import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import type { GoroutineGroup } from '../../model/logs.js';
import { distinctCrashes, groupEvidence, groupWhere, refSpan, stateLabel, times } from '../../logs/rule-support.js';

const SHOWN = 5;

export default defineRule({
  meta: {
    id: 'go-deadlock',
    fault: 'C2',
    severity: 'error',
    needs: ['logs'],
    title: 'Every goroutine was blocked: the Go runtime declared a deadlock',
    why:
      '`fatal error: all goroutines are asleep - deadlock!` means no goroutine can ever run again: each waits on a ' +
      'channel, mutex or WaitGroup that only another blocked goroutine could release. The process exits with status 2 ' +
      'and restarts into the same deadlock. (A program with a listener or timer never gets this message: it hangs instead.)',
    fix: 'Make the waits complete: close or send on the channel the receivers wait on, balance WaitGroup Add/Done, release locks on every path; give waits a context or timeout.',
    verify: 'go test -race -timeout 30s ./... && kubectl logs <pod> --previous | kubewhy logs -',
    tags: ['logs', 'crash'],
  },
  check({ ws, report }) {
    const facts = ws.logs;
    if (!facts) return;
    const deadlocks = facts.crashes.filter((c) => c.kind === 'fatal' && /deadlock!$/.test(c.fatal ?? ''));
    for (const { crash, times: n } of distinctCrashes(deadlocks, (c) => c.groups.map(groupWhere).join('|'))) {
      const cycle = crash.groups.slice(0, SHOWN).map(participant).join(' ⇄ ');
      const evidence: Evidence[] = crash.groups.slice(0, SHOWN).flatMap((g) => groupEvidence(facts, g));
      if (crash.groups.length > SHOWN) evidence.push({ message: `${crash.groups.length - SHOWN} more groups of blocked goroutines` });
      evidence.push({ message: 'the dump does not say which channel or lock each waits on: read the blocked lines together' });
      report({
        message: `deadlock: all ${crash.goroutines} goroutines blocked${cycle ? ` — ${cycle}` : ''}${times(n)}`,
        at: { span: refSpan(facts, crash.at) },
        evidence,
      });
    }
  },
});

function participant(g: GoroutineGroup): string {
  const who = g.count > 1 ? `${g.count} goroutines` : `goroutine ${g.ids[0]}`;
  return `${who} [${stateLabel(g)}] at ${groupWhere(g)}`;
}
