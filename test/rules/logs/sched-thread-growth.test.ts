import rule from '../../../src/rules/logs/sched-thread-growth.js';
import { logRuleTester, recorded } from '../../logs/helpers.js';

function sched(threads: number[]): string {
  return threads.map((t, i) => `SCHED ${i * 100}ms: gomaxprocs=2 idleprocs=1 threads=${t} spinningthreads=0 needspinning=0 idlethreads=0 runqueue=0 [0 0]`).join('\n');
}

logRuleTester(rule, {
  valid: [{ name: 'stable thread count', log: sched([5, 6, 6, 7, 6]) }],
  invalid: [
    {
      name: 'threads pile up',
      log: sched([4, 40, 120, 203]),
      findings: [{ line: 1, column: 1, message: 'OS threads grew from 4 to 203 (SCHED 0ms–300ms): goroutines are holding threads in blocking syscalls or cgo calls', evidenceLines: [1, 4] }],
    },
  ],
});
