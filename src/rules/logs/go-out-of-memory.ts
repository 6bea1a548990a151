import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { distinctCrashes, frameEvidence, frameLabel, refEvidence, refSpan, times } from '../../logs/rule-support.js';

export default defineRule({
  meta: {
    id: 'go-out-of-memory',
    fault: 'E1',
    severity: 'error',
    needs: ['logs'],
    title: 'The Go runtime could not get memory from the kernel',
    why:
      '`fatal error: out of memory` means an mmap failed: a virtual-memory ulimit (ulimit -v), strict overcommit, or a ' +
      'single huge allocation. A Kubernetes memory limit does not produce this message — the kernel OOM killer sends ' +
      'SIGKILL instead (exit 137, OOMKilled, no Go output) — so this is either an allocation far beyond any limit or a ulimit.',
    fix: 'Bound the allocation at the reported frame (sizes from input, unbounded reads); check ulimit -v and vm.overcommit_memory on the node; set GOMEMLIMIT below the container limit.',
    verify: 'kubectl logs <pod> --previous | grep -B2 "fatal error: out of memory"',
    tags: ['logs', 'crash', 'memory'],
  },
  check({ ws, report }) {
    const facts = ws.logs;
    if (!facts) return;
    const ooms = facts.crashes.filter((c) => c.kind === 'fatal' && /out of memory|cannot allocate memory/.test(c.fatal ?? ''));
    for (const { crash, times: n } of distinctCrashes(ooms, (c) => `${c.culprit?.userFrame?.file}:${c.culprit?.userFrame?.line}`)) {
      const detail = crash.runtimeLines.find((r) => /out of memory|cannot allocate/.test(r.text));
      const w = crash.culprit?.userFrame;
      const evidence: Evidence[] = [];
      if (detail) evidence.push(refEvidence(facts, detail, detail.text));
      if (w) evidence.push(frameEvidence(facts, w, `allocation in your code: ${frameLabel(w)}`));
      const what = detail ? detail.text.replace(/^runtime: /, '') : crash.fatal ?? 'out of memory';
      report({
        message: `Go runtime ran out of memory: ${what}${w ? ` in ${frameLabel(w)}` : ''}${times(n)}`,
        at: { span: refSpan(facts, crash.at) },
        evidence,
      });
    }
  },
});
