import rule from '../../../src/rules/logs/go-deadlock.js';
import { logRuleTester, recorded } from '../../logs/helpers.js';

logRuleTester(rule, {
  valid: [{ name: 'a panic', log: recorded('panic-nilptr-go1.21.txt') }],
  invalid: [
    {
      name: 'main and its worker both receiving',
      log: recorded('panic-deadlock-go1.25.txt'),
      findings: [{
        line: 1,
        column: 1,
        message: 'deadlock: all 2 goroutines blocked — goroutine 1 [chan receive] at main.main (/src/demo/crash/main.go:48) ⇄ goroutine 18 [chan receive] at main.worker (/src/demo/crash/main.go:13)',
        evidenceLines: [3, 5, 7, 9],
      }],
    },
  ],
});
