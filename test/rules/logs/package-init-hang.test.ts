import rule from '../../../src/rules/logs/package-init-hang.js';
import { logRuleTester, recorded } from '../../logs/helpers.js';

logRuleTester(rule, {
  valid: [{ name: 'a SIGQUIT dump of a running program', log: recorded('sigquit-dump-go1.21.txt') }],
  invalid: [
    {
      name: 'inittrace then SIGQUIT while db.init.0 sleeps',
      log: recorded('inittrace-plus-sigquit-init-hang-go1.25.txt'),
      findings: [{ line: 19, column: 1, message: 'package example.com/inithang/db never finished init(): goroutine 1 [sleep] in example.com/inithang/db.init.0 (/src/demo/inithang/db/db.go:17), main() never started', evidenceLines: [40, 46, 18] }],
    },
  ],
});
