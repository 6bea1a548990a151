import rule from '../../../src/rules/logs/log-dns-no-such-host.js';
import { logRuleTester } from '../../logs/helpers.js';

logRuleTester(rule, {
  valid: [{ name: 'unrelated lines', log: 'resolved postgres to 10.96.3.4\n' }],
  invalid: [{ name: 'the Go error text', log: 'starting\ndial tcp: lookup postgres on 10.96.0.10:53: no such host\n', findings: [{ line: 2, column: 1, message: 'host "postgres" does not resolve on 10.96.0.10:53 (kube-dns): no such host' }] }],
});
