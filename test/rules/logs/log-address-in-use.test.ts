import rule from '../../../src/rules/logs/log-address-in-use.js';
import { logRuleTester } from '../../logs/helpers.js';

logRuleTester(rule, {
  valid: [{ name: 'unrelated lines', log: 'listening on :8080\n' }],
  invalid: [{ name: 'the Go error text', log: 'starting\nlisten tcp :8080: bind: address already in use\n', findings: [{ line: 2, column: 1, message: 'listening on :8080 fails: address already in use' }] }],
});
