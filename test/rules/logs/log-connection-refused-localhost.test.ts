import rule from '../../../src/rules/logs/log-connection-refused-localhost.js';
import { logRuleTester } from '../../logs/helpers.js';

logRuleTester(rule, {
  valid: [{ name: 'unrelated lines', log: 'dial tcp 10.96.12.4:5432: connect: connection refused\n' }],
  invalid: [{ name: 'the Go error text', log: 'starting\n2026/01/01 10:00:00 db: dial tcp 127.0.0.1:5432: connect: connection refused\n2026/01/01 10:00:01 db: dial tcp 127.0.0.1:5432: connect: connection refused\n', findings: [{ line: 2, column: 21, message: "connection refused by 127.0.0.1:5432 (PostgreSQL's port): in a pod, localhost is the pod itself (2 times)" }] }],
});
