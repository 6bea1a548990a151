import rule from '../../../src/rules/logs/go-out-of-memory.js';
import { logRuleTester, recorded } from '../../logs/helpers.js';

logRuleTester(rule, {
  valid: [{ name: 'a panic about memory in the value', log: 'panic: out of memory budget for cache\n\ngoroutine 1 [running]:\nmain.main()\n\t/app/main.go:3 +0x1\n' }],
  invalid: [
    {
      name: 'mmap failed under a ulimit',
      log: recorded('fatal-out-of-memory-ulimit-go1.25.txt'),
      findings: [{ line: 2, column: 1, message: 'Go runtime ran out of memory: out of memory: cannot allocate 1073741824-byte block (3932160 in use) in main.main (/src/demo/crash/main.go:84)' }],
    },
  ],
});
