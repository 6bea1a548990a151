import rule from '../../../src/rules/logs/log-config-file-missing.js';
import { logRuleTester } from '../../logs/helpers.js';

logRuleTester(rule, {
  valid: [{ name: 'unrelated lines', log: 'open /tmp/cache/item-42: no such file or directory\n' }],
  invalid: [{ name: 'the Go error text', log: 'starting\nconfig: open /etc/app/config.yaml: no such file or directory\n', findings: [{ line: 2, column: 1, message: 'the service cannot open /etc/app/config.yaml: no such file or directory' }] }],
});
