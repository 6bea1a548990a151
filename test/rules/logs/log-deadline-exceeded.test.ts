import rule from '../../../src/rules/logs/log-deadline-exceeded.js';
import { logRuleTester } from '../../logs/helpers.js';

logRuleTester(rule, {
  valid: [{ name: 'unrelated lines', log: 'deadline set to 5s\n' }],
  invalid: [{ name: 'the Go error text', log: 'starting\n{"level":"error","msg":"payment","error":"Get \\"http://payments:8080/charge\\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"}\n', findings: [{ line: 2, column: 1, message: 'requests to http://payments:8080 run out of time: http.Client timeout exceeded while awaiting headers' }] }],
});
