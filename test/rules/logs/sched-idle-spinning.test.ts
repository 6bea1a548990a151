import rule from '../../../src/rules/logs/sched-idle-spinning.js';
import { logRuleTester, recorded } from '../../logs/helpers.js';

function sched(spinning: number, n: number): string {
  return Array.from({ length: n }, (_, i) => `SCHED ${i * 100}ms: gomaxprocs=8 idleprocs=6 threads=10 spinningthreads=${spinning} needspinning=0 idlethreads=2 runqueue=0 [0 0 0 0 0 0 0 0]`).join('\n');
}

logRuleTester(rule, {
  valid: [
    { name: 'no spinning', log: sched(0, 12) },
    { name: 'too few ticks to judge', log: sched(2, 5) },
  ],
  invalid: [{ name: 'spinning on empty queues', log: sched(2, 12), findings: [{ line: 1, column: 1, message: 'threads were spinning with nothing queued in 12 of 12 scheduler ticks (gomaxprocs=8)' }] }],
});
