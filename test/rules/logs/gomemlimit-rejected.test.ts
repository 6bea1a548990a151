import rule from '../../../src/rules/logs/gomemlimit-rejected.js';
import { logRuleTester, recorded } from '../../logs/helpers.js';

const LOG = 'GOMEMLIMIT=512Mi\nfatal error: malformed GOMEMLIMIT; see `go doc runtime/debug.SetMemoryLimit`\n\nruntime stack:\nruntime.throw({0x4ca014?, 0xa?})\n\t/usr/lib/go-1.25/src/runtime/panic.go:1094 +0x48 fp=0x7fffe3e192c0 sp=0x7fffe3e19290 pc=0x46e008\n';

logRuleTester(rule, {
  valid: [{ name: 'GOMEMLIMIT echoed by a start-up script', log: 'GOMEMLIMIT=512MiB\nlistening on :8080\n' }],
  invalid: [{ name: 'Kubernetes unit', log: LOG, findings: [{ line: 2, column: 1, message: 'GOMEMLIMIT=512Mi is not a Go byte count: the runtime exits before main (write 512MiB)' }] }],
});
