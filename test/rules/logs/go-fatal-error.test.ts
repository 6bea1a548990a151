import rule from '../../../src/rules/logs/go-fatal-error.js';
import { logRuleTester, recorded } from '../../logs/helpers.js';

logRuleTester(rule, {
  valid: [
    { name: 'deadlock has its own rule', log: recorded('panic-deadlock-go1.21.txt') },
    { name: 'a plain panic', log: recorded('panic-nilptr-go1.21.txt') },
  ],
  invalid: [
    {
      name: 'stack overflow with its runtime lines',
      log: recorded('fatal-stack-overflow-go1.21.txt'),
      findings: [{ line: 3, column: 1, message: 'fatal error: stack overflow in main.recurse (/src/demo/crash/main.go:20)', evidenceLines: [1, 2, 15] }],
    },
  ],
});
