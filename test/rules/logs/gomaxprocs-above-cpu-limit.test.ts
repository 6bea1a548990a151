import rule from '../../../src/rules/logs/gomaxprocs-above-cpu-limit.js';
import { logRuleTester, recorded } from '../../logs/helpers.js';

const SCHED = recorded('schedtrace-go1.25.txt');
const GC = recorded('gctrace-go1.21.txt');

logRuleTester(rule, {
  valid: [
    { name: 'no CPU limit given', log: SCHED },
    { name: 'GOMAXPROCS within the limit', log: SCHED, limits: { cpuCores: 4 } },
    { name: 'Go 1.25 keeps 2 Ps under a 1-CPU limit', log: GC, limits: { cpuCores: 1 } },
  ],
  invalid: [
    {
      name: '4 Ps for 2 CPUs',
      log: SCHED,
      limits: { cpuCores: 2 },
      findings: [{ line: 1, column: 1, message: 'GOMAXPROCS is 4 but the container may use 2 CPU: 4 Ps compete for a 2-CPU quota and get throttled' }],
    },
    {
      name: 'from gctrace alone',
      log: GC.replace(/2 P/g, '8 P'),
      limits: { cpuCores: 0.5 },
      findings: [{ line: 1, column: 1, message: 'GOMAXPROCS is 8 but the container may use 500m CPU: 8 Ps compete for a 500m-CPU quota and get throttled' }],
    },
  ],
});
