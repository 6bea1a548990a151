import rule from '../../../src/rules/logs/goroutine-leak.js';
import { logRuleTester, recorded } from '../../logs/helpers.js';

function dump(n: number): string {
  const out = ['panic: giving up', '', 'goroutine 1 [running]:', 'main.main()', '\t/app/main.go:30 +0x1d', ''];
  for (let i = 0; i < n; i++) {
    out.push(`goroutine ${i + 10} [IO wait, ${1 + (i % 5)} minutes]:`, 'internal/poll.runtime_pollWait(0x7f0c, 0x72)', '\t/usr/local/go/src/runtime/netpoll.go:351 +0x85');
    out.push(`main.fetch(0xc0000${i})`, '\t/app/client.go:22 +0x4f', 'created by main.main in goroutine 1', '\t/app/main.go:18 +0x9a', '');
  }
  return out.join('\n');
}

logRuleTester(rule, {
  valid: [
    { name: 'a few blocked goroutines', log: dump(20) },
    { name: 'below a configured threshold', log: dump(1200), options: { minGoroutines: 5000 } },
  ],
  invalid: [
    {
      name: '1,200 goroutines in IO wait',
      log: dump(1200),
      findings: [{ line: 7, column: 1, message: '1200 of 1201 goroutines blocked in IO wait, 1~5 minutes at main.fetch (/app/client.go:22), created by main.main', evidenceLines: [7, 11] }],
    },
  ],
});
