import rule from '../../../src/rules/logs/sched-stall.js';
import { logRuleTester, recorded } from '../../logs/helpers.js';

function sched(ticks: number[]): string {
  return ticks.map((t, i) => `SCHED ${i * 100}ms: gomaxprocs=2 idleprocs=2 threads=4 spinningthreads=0 needspinning=0 idlethreads=2 runqueue=0 [ 0 0 ] schedticks=[ ${t} 0 ]`).join('\n');
}

logRuleTester(rule, {
  valid: [
    { name: 'idle but scheduling (a server between requests)', log: sched([1, 2, 3, 4, 5, 6, 7, 8]) },
    { name: 'Go 1.24 summary lines cannot tell', log: recorded('schedtrace-go1.21.txt') },
  ],
  invalid: [
    {
      name: 'nothing scheduled for 6 ticks',
      log: sched([5, 9, 9, 9, 9, 9, 9]),
      findings: [{ line: 1, column: 1, message: 'no goroutine ran for 5 scheduler ticks (SCHED 200ms–600ms) while the process stayed up', evidenceLines: [3] }],
    },
  ],
});
