import rule from '../../../src/rules/logs/log-dial-timeout.js';
import { logRuleTester } from '../../logs/helpers.js';

logRuleTester(rule, {
  valid: [{ name: 'unrelated lines', log: 'read tcp 10.1.1.1:5000->10.2.2.2:443: i/o timeout after idle\n' }],
  invalid: [{ name: 'the Go error text', log: 'starting\nupstream: dial tcp 10.0.0.7:443: i/o timeout\n', findings: [{ line: 2, column: 1, message: 'connecting to 10.0.0.7:443 times out (no answer, not refused)' }] }],
});
