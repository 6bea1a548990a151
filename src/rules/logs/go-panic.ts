import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import type { Crash } from '../../model/logs.js';
import { distinctCrashes, frameEvidence, frameLabel, refEvidence, refSpan, times } from '../../logs/rule-support.js';

export default defineRule({
  meta: {
    id: 'go-panic',
    fault: 'C2',
    severity: 'error',
    needs: ['logs'],
    title: 'The Go program died of an unrecovered panic',
    why:
      'An unrecovered panic prints `panic: <value>` and the panicking goroutine\'s stack, then exits with status 2; ' +
      'Kubernetes restarts the container (CrashLoopBackOff when it keeps happening at start-up). The first frame ' +
      'in your code, not the runtime frames above it, is where the bug is.',
    fix: 'Fix the code at the reported frame (nil checks, bounds, map initialisation, channel ownership); recover() only at goroutine boundaries you own, and log the value.',
    verify: 'kubectl logs <pod> --previous | kubewhy logs -',
    tags: ['logs', 'crash'],
  },
  check({ ws, report }) {
    const facts = ws.logs;
    if (!facts) return;
    const panics = facts.crashes.filter((c) => c.kind === 'panic');
    for (const { crash, times: n } of distinctCrashes(panics, key)) {
      const culprit = crash.culprit;
      const where = culprit?.userFrame ?? culprit?.frames[0];
      const evidence: Evidence[] = [];
      crash.panics.slice(1).forEach((p) => evidence.push({ message: `then panic: ${p.value}${p.recovered ? ' [recovered]' : ''}` }));
      if (crash.signal) evidence.push({ message: `signal ${crash.signal.name} (${crash.signal.description}) at addr=${crash.signal.addr ?? '?'}: ${signalHint(crash)}` });
      if (culprit) {
        const created = culprit.createdBy ? `, created by ${culprit.createdBy.func}${culprit.createdBy.parent !== undefined ? ` in goroutine ${culprit.createdBy.parent}` : ''}` : '';
        evidence.push(refEvidence(facts, culprit.at, `goroutine ${culprit.id} [${culprit.state}]${created}`));
      }
      if (where) evidence.push(frameEvidence(facts, where, `first frame in your code: ${frameLabel(where)}`));
      const first = crash.panics[0];
      const chain = crash.panics.length > 1 ? ` (${crash.panics.length} panics chained)` : '';
      report({
        message: `panic: ${firstLine(first?.value ?? '')}${where ? ` in ${frameLabel(where)}` : ''}${chain}${times(n)}`,
        at: { span: refSpan(facts, crash.at) },
        evidence,
      });
    }
  },
});

function key(c: Crash): string {
  const f = c.culprit?.userFrame ?? c.culprit?.frames[0];
  return `${c.panics.map((p) => p.value).join('|')}@${f ? `${f.file}:${f.line}` : ''}`;
}

function firstLine(v: string): string {
  const nl = v.indexOf('\n');
  return nl === -1 ? v : `${v.slice(0, nl)} …`;
}

function signalHint(c: Crash): string {
  const addr = c.signal?.addr;
  if (c.signal?.name === 'SIGSEGV' && addr !== undefined && /^0x[0-9a-f]{1,4}$/.test(addr)) return 'a nil pointer (or a field of one) was dereferenced';
  return 'the program touched memory it does not own';
}
