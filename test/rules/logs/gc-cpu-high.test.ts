import rule from '../../../src/rules/logs/gc-cpu-high.js';
import { logRuleTester, recorded } from '../../logs/helpers.js';

function gc(pcts: number[], goal: (i: number) => number, live: (i: number) => number, step = 1): string {
  return pcts.map((p, i) => `gc ${i + 1} @${(i * step).toFixed(3)}s ${p}%: 0.05+1.2+0.02 ms clock, 0.1+0.3/2.1/0+0.08 ms cpu, ${goal(i)}->${goal(i) + 2}->${live(i)} MB, ${goal(i)} MB goal, 0 MB stacks, 0 MB globals, 4 P`).join('\n');
}

logRuleTester(rule, {
  valid: [
    { name: 'recorded 1.21 trace', log: recorded('gctrace-go1.21.txt') },
    { name: 'moderate share, room in the goal', log: gc([3, 5, 6], () => 80, () => 40) },
  ],
  invalid: [
    {
      name: 'GC share climbing',
      log: gc([5, 18, 31], () => 80, () => 40),
      findings: [{ line: 3, column: 1, message: 'GC used 31% of the CPU by gc 3 @2s, 1.0 cycles/s', evidenceLines: [1, 3] }],
    },
    {
      name: 'goal pinned at the live heap, cycles back to back (GOMEMLIMIT reached)',
      log: gc([9, 10, 11, 11], () => 101, () => 101, 0.01),
      findings: [{ line: 4, column: 1, message: /^GC used 11% of the CPU by gc 4 @0.03s, 100.0 cycles\/s; the heap goal \(101 MB\) is pinned at the live heap \(101 MB\)/ }],
    },
  ],
});
