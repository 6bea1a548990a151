import { defineRule } from '../../core/rule.js';
import { lineSpan, numberOption, refSpan } from '../../logs/rule-support.js';

export default defineRule({
  meta: {
    id: 'sched-thread-growth',
    fault: 'E5',
    severity: 'warning',
    needs: ['logs'],
    title: 'OS threads keep growing (goroutines blocked in syscalls or cgo)',
    why:
      'Go multiplexes goroutines on few threads, except that a goroutine blocked in a system call or a cgo call holds ' +
      'its thread and the runtime starts another. `threads=` climbing in schedtrace means blocking syscalls or C calls ' +
      'pile up (file I/O on a slow volume, cgo DNS, C libraries); at 10,000 threads the runtime aborts ' +
      '(`thread exhaustion`), and a pids limit stops it earlier (`newosproc`).',
    fix: 'Find what blocks (kill -QUIT dump: goroutines in `syscall` state), bound its concurrency, use the pure-Go resolver (GODEBUG=netdns=go), move slow file I/O off the request path.',
    verify: 'kubectl exec <pod> -- sh -c "ls /proc/1/task | wc -l"',
    tags: ['logs', 'scheduler'],
  },
  check({ ws, settings, report }) {
    const facts = ws.logs;
    const s = facts?.sched;
    if (!facts || !s) return;
    const grew = s.maxThreads - s.first.threads;
    if (grew < numberOption(settings, 'minGrowth', 50) || s.maxThreads < s.first.threads * 2) return;
    report({
      message: `OS threads grew from ${s.first.threads} to ${s.maxThreads} (SCHED ${s.first.ms}ms–${s.last.ms}ms): goroutines are holding threads in blocking syscalls or cgo calls`,
      at: { span: refSpan(facts, s.at) },
      evidence: [
        { message: `threads=${s.first.threads} at SCHED ${s.first.ms}ms`, span: lineSpan(facts, s.first.line) },
        { message: `threads=${s.last.threads} at SCHED ${s.last.ms}ms`, span: lineSpan(facts, s.last.line) },
      ],
    });
  },
});
