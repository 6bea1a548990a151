import rule from '../../../src/rules/logs/slow-package-init.js';
import { logRuleTester, recorded } from '../../logs/helpers.js';

const SLOW = 'init runtime @0.024 ms, 0.063 ms clock, 0 bytes, 0 allocs\ninit example.com/app/geo @0.5 ms, 2400 ms clock, 52428800 bytes, 120000 allocs\ninit main @2401 ms, 0.2 ms clock, 0 bytes, 0 allocs\n';

logRuleTester(rule, {
  valid: [
    { name: 'recorded 1.21 inittrace: fast', log: recorded('inittrace-go1.21.txt') },
    { name: 'below a configured threshold', log: SLOW, options: { minMs: 5000 } },
  ],
  invalid: [
    {
      name: 'a 2.4 s init',
      log: SLOW,
      findings: [{ line: 1, column: 1, message: 'package init took 2.4 s before main() started; slowest: example.com/app/geo 2.4 s, main 0.2 ms, runtime 0.063 ms', evidenceLines: [2, 3, 1] }],
    },
  ],
});
