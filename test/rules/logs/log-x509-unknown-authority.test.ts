import rule from '../../../src/rules/logs/log-x509-unknown-authority.js';
import { logRuleTester } from '../../logs/helpers.js';

logRuleTester(rule, {
  valid: [{ name: 'unrelated lines', log: 'x509: certificate is valid for example.com, not api.internal\n' }],
  invalid: [{ name: 'the Go error text', log: 'starting\nGet "https://api.example.com/v1": tls: failed to verify certificate: x509: certificate signed by unknown authority\n', findings: [{ line: 2, column: 1, message: 'TLS to https://api.example.com fails: x509: certificate signed by unknown authority' }] }],
});
