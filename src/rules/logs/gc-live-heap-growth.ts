import { defineRule } from '../../core/rule.js';
import { lineSpan, mb, numberOption } from '../../logs/rule-support.js';

export default defineRule({
  meta: {
    id: 'gc-live-heap-growth',
    fault: 'E1',
    severity: 'warning',
    needs: ['logs'],
    title: 'The live heap grows GC after GC and never comes back down (a memory leak)',
    why:
      'The third heap number of a gctrace line is what survived the GC (marked, live). When it climbs steadily ' +
      'across many cycles the program keeps references it no longer needs — caches without eviction, leaked ' +
      'goroutines, growing maps — and it ends at the memory limit (OOMKilled) whatever GOMEMLIMIT says.',
    fix: 'Take two heap profiles some minutes apart (pprof -base) and find what grows; bound caches; fix goroutine leaks.',
    verify: 'go tool pprof -base heap1.pb.gz heap2.pb.gz   # from /debug/pprof/heap',
    tags: ['logs', 'memory', 'gc'],
  },
  check({ ws, settings, report }) {
    const facts = ws.logs;
    const gc = facts?.gc;
    if (!facts || !gc) return;
    const cycles = gc.cycles.filter((c) => !c.forced);
    if (cycles.length < numberOption(settings, 'minCycles', 10)) return;
    const first = cycles[0]!;
    const last = cycles[cycles.length - 1]!;
    const minGrowthMB = numberOption(settings, 'minGrowthMB', 50);
    if (last.liveMB - first.liveMB < minGrowthMB || last.liveMB < first.liveMB * 2) return;
    let rising = 0;
    for (let i = 1; i < cycles.length; i++) if (cycles[i]!.liveMB >= cycles[i - 1]!.liveMB) rising++;
    if (rising / (cycles.length - 1) < 0.7) return;
    report({
      message: `live heap grew from ${mb(first.liveMB)} to ${mb(last.liveMB)} over ${last.n - first.n} GC cycles (${(last.atSec - first.atSec).toFixed(1)} s) and did not come back down`,
      at: { span: lineSpan(facts, last.line) },
      evidence: [
        { message: `gc ${first.n} @${first.atSec}s: live ${mb(first.liveMB)}`, span: lineSpan(facts, first.line) },
        { message: `gc ${last.n} @${last.atSec}s: live ${mb(last.liveMB)}`, span: lineSpan(facts, last.line) },
      ],
    });
  },
});
