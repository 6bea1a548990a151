import { defineRule } from '../../core/rule.js';
import { lineSpan, numberOption, refSpan } from '../../logs/rule-support.js';

export default defineRule({
  meta: {
    id: 'sched-cpu-starved',
    fault: 'E2',
    severity: 'warning',
    needs: ['logs'],
    title: 'Runnable goroutines kept waiting for a CPU (run queues never drained)',
    why:
      'A schedtrace tick with `idleprocs=0` and goroutines in the global or per-P run queues means every P was busy ' +
      'and work was queueing. Tick after tick, that is a CPU-starved process: GOMAXPROCS too low for the load, or ' +
      'the container throttled by its CPU limit; request latency and probe timeouts grow with the queue.',
    fix: 'Raise the CPU limit (or remove it and keep the request), check throttling in cpu.stat, and align GOMAXPROCS with the limit; profile the busy goroutines if the CPU use itself is the bug.',
    verify: 'kubectl top pod <pod> --containers && kubectl exec <pod> -- cat /sys/fs/cgroup/cpu.stat',
    tags: ['logs', 'cpu', 'scheduler'],
  },
  check({ ws, settings, report }) {
    const s = ws.logs?.sched;
    const facts = ws.logs;
    if (!s || !facts) return;
    const minTicks = numberOption(settings, 'minTicks', 3);
    const share = s.starvedTicks / s.count;
    if (s.longestStarved.ticks < minTicks || share < numberOption(settings, 'minShare', 0.5)) return;
    const run = s.longestStarved;
    report({
      message:
        `goroutines queued with no idle P in ${s.starvedTicks} of ${s.count} scheduler ticks ` +
        `(longest run ${run.ticks} ticks, SCHED ${run.fromMs}ms–${run.toMs}ms; up to ${s.maxQueued} queued, global runqueue up to ${s.maxRunqueue})`,
      at: { span: refSpan(facts, s.at) },
      evidence: [
        { message: `starved from SCHED ${run.fromMs}ms`, span: lineSpan(facts, run.fromLine) },
        { message: `gomaxprocs=${s.last.gomaxprocs}, threads=${s.last.threads} at SCHED ${s.last.ms}ms`, span: lineSpan(facts, s.last.line) },
      ],
    });
  },
});
