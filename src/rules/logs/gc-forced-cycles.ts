import { defineRule } from '../../core/rule.js';
import { lineSpan, numberOption } from '../../logs/rule-support.js';

export default defineRule({
  meta: {
    id: 'gc-forced-cycles',
    fault: 'J4',
    severity: 'info',
    needs: ['logs'],
    title: 'The program forces garbage collections (runtime.GC / debug.FreeOSMemory)',
    why:
      'gctrace marks cycles started by runtime.GC() or debug.FreeOSMemory() with `(forced)`. Each is a full, ' +
      'blocking collection on the caller\'s goroutine; called on a timer or per request they cost CPU and latency ' +
      'that GOMEMLIMIT would get for free.',
    fix: 'Remove the manual GC calls and set GOMEMLIMIT (and GOGC) instead.',
    verify: 'grep -rn "runtime.GC()\\|FreeOSMemory" --include=*.go .',
    tags: ['logs', 'gc'],
  },
  check({ ws, settings, report }) {
    const facts = ws.logs;
    const gc = facts?.gc;
    if (!facts || !gc || gc.forced < numberOption(settings, 'minForced', 3)) return;
    const first = gc.cycles.find((c) => c.forced) ?? gc.last;
    report({
      message: `${gc.forced} of ${gc.count} GC cycles were forced by the program`,
      at: { span: lineSpan(facts, first.line) },
    });
  },
});
