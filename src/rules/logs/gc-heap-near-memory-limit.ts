import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { formatBytesQuantity } from '../../model/quantity.js';
import { lineSpan, mb, numberOption } from '../../logs/rule-support.js';

const MiB = 2 ** 20;

export default defineRule({
  meta: {
    id: 'gc-heap-near-memory-limit',
    fault: 'E1',
    severity: 'error',
    needs: ['logs'],
    title: 'The Go heap (or its GC goal) reached the container memory limit',
    why:
      'gctrace prints the heap at each GC and the goal the next one allows. The container\'s memory also holds ' +
      'stacks, runtime metadata, cgo and page cache, so a heap at ~90% of the limit — or a goal above it, which ' +
      'GOGC=100 reaches at twice the live heap without GOMEMLIMIT — ends with the kernel OOM killer (exit 137, ' +
      'OOMKilled, no Go output).',
    fix: 'Set GOMEMLIMIT to ~90% of the limit (512Mi limit → GOMEMLIMIT=460MiB) so the GC works harder before the kernel kills; raise the limit if the live heap itself is that big; find the leak if it keeps growing.',
    verify: 'kubectl get pod <pod> -o jsonpath="{.status.containerStatuses[*].lastState.terminated.reason}"',
    tags: ['logs', 'memory', 'gc'],
  },
  check({ ws, settings, report }) {
    const facts = ws.logs;
    const gc = facts?.gc;
    const limit = facts?.limits.memoryBytes;
    if (!facts || !gc || limit === undefined) return;
    const limitMB = limit / MiB;
    const share = numberOption(settings, 'share', 0.9);
    const peak = gc.peak;
    const heapHigh = peak.heapEndMB >= limitMB * share;
    const goalOver = gc.maxGoalMB > limitMB;
    if (!heapHigh && !goalOver) return;
    const evidence: Evidence[] = [
      { message: `gc ${peak.n} @${peak.atSec}s: heap ${mb(peak.heapStartMB)} → ${mb(peak.heapEndMB)}, live ${mb(peak.liveMB)}, goal ${mb(peak.goalMB)}`, span: lineSpan(facts, peak.line) },
      { message: `container memory limit: ${formatBytesQuantity(limit)} (--memory-limit)` },
    ];
    if (goalOver) evidence.push({ message: `heap goal up to ${mb(gc.maxGoalMB)}: the GC will let the heap grow past the limit` });
    const pct = Math.round((peak.heapEndMB / limitMB) * 100);
    report({
      message: heapHigh
        ? `Go heap reached ${mb(peak.heapEndMB)} (${pct}% of the ${formatBytesQuantity(limit)} limit) at gc ${peak.n}: the next growth is an OOMKill`
        : `GC heap goal ${mb(gc.maxGoalMB)} is above the ${formatBytesQuantity(limit)} memory limit: the heap is allowed to grow into an OOMKill`,
      at: { span: lineSpan(facts, peak.line) },
      evidence,
      fix: `Set GOMEMLIMIT=${Math.floor(limitMB * 0.9)}MiB (90% of the limit), raise the limit if the live heap (${mb(gc.maxLiveMB)}) needs it, or fix the growth.`,
    });
  },
});
