import rule from '../../../src/rules/logs/go-concurrent-map-access.js';
import { logRuleTester, recorded } from '../../logs/helpers.js';

logRuleTester(rule, {
  valid: [{ name: 'a stack overflow', log: recorded('fatal-stack-overflow-go1.21.txt') }],
  invalid: [
    {
      name: 'concurrent map writes (1.25: internal/runtime/maps.fatal on top)',
      log: recorded('fatal-concurrent-map-writes-go1.25.txt'),
      findings: [{ line: 1, column: 1, message: 'fatal error: concurrent map writes in main.main.func1 (/src/demo/crash/main.go:56)' }],
    },
  ],
});
