import rule from '../../../src/rules/logs/log-exec-format-error.js';
import { logRuleTester } from '../../logs/helpers.js';

logRuleTester(rule, {
  valid: [{ name: 'unrelated lines', log: 'format error in request body\n' }],
  invalid: [{ name: 'the Go error text', log: 'starting\nexec /app: exec format error\n', findings: [{ line: 2, column: 1, message: "/app: exec format error: the binary's architecture does not match the node" }] }],
});
