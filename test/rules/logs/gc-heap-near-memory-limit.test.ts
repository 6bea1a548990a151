import rule from '../../../src/rules/logs/gc-heap-near-memory-limit.js';
import { logRuleTester, recorded } from '../../logs/helpers.js';

const GC = recorded('gctrace-go1.21.txt');
const MiB = 2 ** 20;

logRuleTester(rule, {
  valid: [
    { name: 'no memory limit given', log: GC },
    { name: 'plenty of room', log: GC, limits: { memoryBytes: 512 * MiB } },
  ],
  invalid: [
    {
      name: 'heap at the limit',
      log: GC,
      limits: { memoryBytes: 100 * MiB },
      findings: [{ line: 7, column: 1, message: 'Go heap reached 99 MB (99% of the 100Mi limit) at gc 7: the next growth is an OOMKill', evidenceLines: [7] }],
    },
    {
      name: 'goal above the limit, heap below the configured share',
      log: GC,
      limits: { memoryBytes: 105 * MiB },
      options: { share: 0.99 },
      findings: [{ line: 7, column: 1, message: 'GC heap goal 108 MB is above the 105Mi memory limit: the heap is allowed to grow into an OOMKill' }],
    },
  ],
});
