import { defineRule } from '../../core/rule.js';
import type { GcCycle } from '../../model/logs.js';
import { lineSpan, mb, numberOption } from '../../logs/rule-support.js';

export default defineRule({
  meta: {
    id: 'gc-cpu-high',
    fault: 'E1',
    severity: 'warning',
    needs: ['logs'],
    title: 'The garbage collector is eating a large share of the CPU or running back to back',
    why:
      'gctrace\'s `N%` is the CPU share spent in GC since start. A high share with cycles back to back means the ' +
      'heap goal is pinned near the live heap — GOMEMLIMIT or the memory limit is too close to what the program ' +
      'really needs (a "death spiral": the runtime caps GC at about 50% CPU, and the next step is usually OOMKilled) ' +
      '— or the program allocates far more than it keeps.',
    fix: 'Give the heap room (raise the memory limit and GOMEMLIMIT together, or lower the live heap); cut allocation in the hot path (pprof alloc profile); do not set GOGC=off with a tight GOMEMLIMIT.',
    verify: 'GODEBUG=gctrace=1 ./app 2>&1 | tail -5   # the % and the cycle spacing',
    tags: ['logs', 'memory', 'gc'],
  },
  check({ ws, settings, report }) {
    const facts = ws.logs;
    const gc = facts?.gc;
    if (!facts || !gc || gc.count < 2) return;
    const last = gc.last;
    const rate = cyclesPerSecond(gc.first, last);
    const tight = last.goalMB <= last.liveMB * 1.1;
    // A goal pinned at the live heap with cycles back to back is GOMEMLIMIT reached, whatever the average share says.
    const spiral = tight && rate !== undefined && rate >= numberOption(settings, 'minCyclesPerSecond', 20);
    if (last.cpuPct < numberOption(settings, 'minCpuPercent', 25) && !spiral) return;
    report({
      message:
        `GC used ${last.cpuPct}% of the CPU by gc ${last.n} @${last.atSec}s` +
        (rate !== undefined ? `, ${rate.toFixed(1)} cycles/s` : '') +
        (tight ? `; the heap goal (${mb(last.goalMB)}) is pinned at the live heap (${mb(last.liveMB)}): a memory-limit death spiral` : ''),
      at: { span: lineSpan(facts, last.line) },
      evidence: [
        { message: `gc ${gc.first.n} @${gc.first.atSec}s: ${gc.first.cpuPct}%`, span: lineSpan(facts, gc.first.line) },
        { message: `gc ${last.n} @${last.atSec}s: ${last.cpuPct}%, heap ${mb(last.heapStartMB)} → ${mb(last.heapEndMB)}, goal ${mb(last.goalMB)}`, span: lineSpan(facts, last.line) },
      ],
    });
  },
});

function cyclesPerSecond(first: GcCycle, last: GcCycle): number | undefined {
  const span = last.atSec - first.atSec;
  return span > 0 ? (last.n - first.n) / span : undefined;
}
