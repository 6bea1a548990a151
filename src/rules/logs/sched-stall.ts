import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { lineSpan, numberOption, refSpan } from '../../logs/rule-support.js';

export default defineRule({
  meta: {
    id: 'sched-stall',
    fault: 'D5',
    severity: 'warning',
    needs: ['logs'],
    title: 'The program sat completely idle while its goroutines waited',
    why:
      'Ticks where every P is idle, nothing is queued and no goroutine was scheduled since the previous tick ' +
      '(schedticks / scheddetail show no progress) mean the process is alive but every goroutine is parked — ' +
      'typically waiting for a dependency that never answers, like an init container polling for a Service, or a ' +
      'deadlock the runtime cannot see because a timer or listener is still open.',
    fix: 'Dump the goroutines (kill -QUIT 1 or kubectl debug) to see what they wait on; give the wait a timeout and log while waiting; for init containers check the awaited Service has ready endpoints.',
    verify: 'kubectl get pod <pod> -o jsonpath="{.status.initContainerStatuses[*].state}"; kubectl get endpoints <service>',
    tags: ['logs', 'scheduler', 'startup'],
  },
  check({ ws, settings, report }) {
    const facts = ws.logs;
    const s = facts?.sched;
    if (!facts || !s) return;
    const run = s.longestStall;
    if (run.ticks < numberOption(settings, 'minTicks', 5)) return;
    const waiting = run.waiting ? Object.entries(run.waiting).map(([state, n]) => `${n}× ${state}`).join(', ') : '';
    const evidence: Evidence[] = [{ message: `idle from SCHED ${run.fromMs}ms: idleprocs=gomaxprocs=${s.last.gomaxprocs}, runqueue=0, no goroutine switched`, span: lineSpan(facts, run.fromLine) }];
    if (waiting) evidence.push({ message: `goroutines waiting (scheddetail): ${waiting}` });
    report({
      message: `no goroutine ran for ${run.ticks} scheduler ticks (SCHED ${run.fromMs}ms–${run.toMs}ms) while the process stayed up${waiting ? `: ${waiting}` : ''}`,
      at: { span: refSpan(facts, s.at) },
      evidence,
    });
  },
});
