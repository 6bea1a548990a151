import rule from '../../../src/rules/logs/sched-cpu-starved.js';
import { logRuleTester, recorded } from '../../logs/helpers.js';

function sched(queues: number[]): string {
  return queues.map((q, i) => `SCHED ${i * 1000}ms: gomaxprocs=2 idleprocs=${q > 0 ? 0 : 2} threads=5 spinningthreads=0 needspinning=0 idlethreads=1 runqueue=${q} [0 ${q}]`).join('\n');
}

logRuleTester(rule, {
  valid: [
    { name: 'queues drain', log: sched([0, 3, 0, 0, 2, 0]) },
    { name: 'recorded 1.21 trace: short bursts', log: recorded('schedtrace-go1.21.txt') },
  ],
  invalid: [
    {
      name: 'run queues never drain',
      log: sched([0, 4, 9, 15, 30, 0]),
      findings: [{ line: 1, column: 1, message: 'goroutines queued with no idle P in 4 of 6 scheduler ticks (longest run 4 ticks, SCHED 1000ms–4000ms; up to 60 queued, global runqueue up to 30)', evidenceLines: [2, 6] }],
    },
  ],
});
