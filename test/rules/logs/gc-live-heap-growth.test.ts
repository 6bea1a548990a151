import rule from '../../../src/rules/logs/gc-live-heap-growth.js';
import { logRuleTester, recorded } from '../../logs/helpers.js';

function gc(live: (i: number) => number, n = 12): string {
  return Array.from({ length: n }, (_, i) => `gc ${i + 1} @${i}.000s 2%: 0.05+1.2+0.02 ms clock, 0.1+0.3/2.1/0+0.08 ms cpu, ${live(i) * 2}->${live(i) * 2}->${live(i)} MB, ${live(i) * 2} MB goal, 0 MB stacks, 0 MB globals, 4 P`).join('\n');
}

logRuleTester(rule, {
  valid: [
    { name: 'steady live heap', log: gc(() => 60) },
    { name: 'a saw-tooth', log: gc((i) => (i % 2 ? 200 : 30)) },
  ],
  invalid: [
    {
      name: 'live heap only grows',
      log: gc((i) => 30 + i * 20),
      findings: [{ line: 12, column: 1, message: 'live heap grew from 30 MB to 250 MB over 11 GC cycles (11.0 s) and did not come back down', evidenceLines: [1, 12] }],
    },
  ],
});
