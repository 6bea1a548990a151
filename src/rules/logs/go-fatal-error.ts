import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import type { Crash } from '../../model/logs.js';
import { distinctCrashes, frameEvidence, frameLabel, refEvidence, refSpan, times } from '../../logs/rule-support.js';

/** Throws with a rule of their own. */
const SPECIFIC = /deadlock!$|^concurrent map |out of memory|^malformed GOMEMLIMIT/;

const HINTS: [RegExp, string][] = [
  [/^stack overflow/, 'unbounded recursion: the stack repeats the same frames'],
  [/^newosproc|^thread exhaustion/, 'the process ran out of OS threads: pids cgroup limit, ulimit -u, or goroutines blocked in syscalls/cgo each holding a thread'],
  [/^sync: (?:unlock|Unlock|RUnlock) of unlocked/, 'a mutex was unlocked twice or by code that never locked it'],
  [/^unexpected signal during runtime execution/, 'a crash inside cgo/C code or the runtime (often a C library or a race)'],
];

export default defineRule({
  meta: {
    id: 'go-fatal-error',
    fault: 'C2',
    severity: 'error',
    needs: ['logs'],
    title: 'The Go runtime aborted the program with a fatal error',
    why:
      '`fatal error:` is a throw: unlike a panic it cannot be recovered, the runtime prints the stacks and exits with ' +
      'status 2 (stack overflow, thread exhaustion, mutex misuse, crashes in cgo code, fatal signals).',
    fix: 'Fix the cause named by the error at the reported frame; for thread exhaustion raise the pids limit only after finding what blocks in syscalls.',
    verify: 'kubectl logs <pod> --previous | kubewhy logs -',
    tags: ['logs', 'crash'],
  },
  check({ ws, report }) {
    const facts = ws.logs;
    if (!facts) return;
    const fatal = facts.crashes.filter(
      (c) => (c.kind === 'fatal' && !SPECIFIC.test(c.fatal ?? '')) || (c.kind === 'signal' && c.signal?.name !== 'SIGQUIT'),
    );
    for (const { crash, times: n } of distinctCrashes(fatal, (c) => `${c.fatal ?? c.signal?.name}@${where(c)?.file}:${where(c)?.line}`)) {
      const what = crash.fatal ?? `${crash.signal?.name}: ${crash.signal?.description}`;
      const w = where(crash);
      const evidence: Evidence[] = crash.runtimeLines.map((r) => refEvidence(facts, r, r.text));
      const hint = HINTS.find(([re]) => re.test(what))?.[1];
      if (hint) evidence.push({ message: hint });
      if (w) evidence.push(frameEvidence(facts, w, `first frame in your code: ${frameLabel(w)}`));
      report({
        message: `fatal error: ${what}${w ? ` in ${frameLabel(w)}` : ''}${times(n)}`,
        at: { span: refSpan(facts, crash.at) },
        evidence,
      });
    }
  },
});

function where(c: Crash) {
  return c.culprit?.userFrame ?? c.groups.find((g) => g.userFrame)?.userFrame;
}
