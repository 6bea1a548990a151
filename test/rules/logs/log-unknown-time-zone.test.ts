import rule from '../../../src/rules/logs/log-unknown-time-zone.js';
import { logRuleTester } from '../../logs/helpers.js';

logRuleTester(rule, {
  valid: [{ name: 'unrelated lines', log: 'time zone set to UTC\n' }],
  invalid: [{ name: 'the Go error text', log: 'starting\nscheduler: unknown time zone America/New_York\n', findings: [{ line: 2, column: 1, message: 'unknown time zone America/New_York: the image has no zoneinfo and the binary does not embed time/tzdata' }] }],
});
