import rule from '../../../src/rules/logs/go-panic.js';
import { logRuleTester, recorded } from '../../logs/helpers.js';

logRuleTester(rule, {
  valid: [
    { name: 'a log line that mentions panic', log: 'level=error msg="recovered panic: boom"\n' },
    { name: 'a fatal error is another rule', log: recorded('panic-deadlock-go1.21.txt') },
  ],
  invalid: [
    {
      name: 'nil pointer dereference',
      log: recorded('panic-nilptr-go1.21.txt'),
      findings: [{ line: 1, column: 1, message: 'panic: runtime error: invalid memory address or nil pointer dereference in main.nilptr (/src/demo/crash/main.go:17)', evidenceLines: [4, 6] }],
    },
    {
      name: 'the same crash after two restarts, behind kubectl --timestamps',
      log: [1, 2].map(() => recorded('panic-index-go1.25.txt').replace(/\[exit status: 2\]\n/, '').split('\n').map((l) => `2026-01-01T00:00:00Z ${l}`).join('\n')).join('\n'),
      findings: [{ line: 1, column: 22, message: /^panic: runtime error: index out of range \[7\] with length 3 in main\.\S+ \(.*\) \(2 times\)$/ }],
    },
  ],
});
