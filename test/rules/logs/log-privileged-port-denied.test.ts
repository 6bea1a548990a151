import rule from '../../../src/rules/logs/log-privileged-port-denied.js';
import { logRuleTester } from '../../logs/helpers.js';

logRuleTester(rule, {
  valid: [{ name: 'unrelated lines', log: 'listen tcp :8443: bind: permission denied\n' }],
  invalid: [{ name: 'the Go error text', log: 'starting\nlisten tcp :80: bind: permission denied\n', findings: [{ line: 2, column: 1, message: 'listening on :80 is denied: port 80 needs root or NET_BIND_SERVICE' }] }],
});
