import { defineRule } from '../../core/rule.js';
import { numberOption, refSpan } from '../../logs/rule-support.js';

export default defineRule({
  meta: {
    id: 'sched-idle-spinning',
    fault: 'J4',
    severity: 'info',
    needs: ['logs'],
    title: 'Threads kept spinning for work that was not there',
    why:
      'Spinning Ms (`spinningthreads>0`) look for runnable goroutines before parking. With nothing queued in most ' +
      'ticks, that spinning is CPU spent on nothing; it is counted against a CPU limit and is most often a sign of ' +
      'GOMAXPROCS above the CPU actually available or of bursts of very short tasks.',
    fix: 'Align GOMAXPROCS with the CPU limit; batch very short tasks instead of one goroutine each.',
    verify: 'GODEBUG=schedtrace=1000 ./app 2>&1 | grep SCHED',
    tags: ['logs', 'scheduler'],
  },
  check({ ws, settings, report }) {
    const facts = ws.logs;
    const s = facts?.sched;
    if (!facts || !s || s.count < numberOption(settings, 'minTicks', 10)) return;
    if (s.idleSpinningTicks / s.count < numberOption(settings, 'minShare', 0.5)) return;
    report({
      message: `threads were spinning with nothing queued in ${s.idleSpinningTicks} of ${s.count} scheduler ticks (gomaxprocs=${s.last.gomaxprocs})`,
      at: { span: refSpan(facts, s.at) },
    });
  },
});
