import { defineRule } from '../../core/rule.js';
import { refSpan } from '../../logs/rule-support.js';

const K8S_UNITS: Record<string, string> = { Ki: 'KiB', Mi: 'MiB', Gi: 'GiB', Ti: 'TiB' };

export default defineRule({
  meta: {
    id: 'gomemlimit-rejected',
    fault: 'E1',
    severity: 'error',
    needs: ['logs'],
    title: 'The Go runtime refused to start: GOMEMLIMIT is malformed',
    why:
      'GOMEMLIMIT takes a byte count with an optional B, KiB, MiB, GiB or TiB suffix (or `off`). Kubernetes quantities ' +
      'such as 512Mi, 1G or 1e9 are rejected while the runtime starts: it prints `fatal error: malformed GOMEMLIMIT` ' +
      'and exits with status 2 before main runs, on every restart.',
    fix: 'Write GOMEMLIMIT with a Go suffix (512MiB), or set it from the limit in bytes with valueFrom.resourceFieldRef {resource: limits.memory, divisor: 1}, ideally ~90% of it.',
    verify: 'kubectl set env deploy/<name> --list | grep GOMEMLIMIT',
    tags: ['logs', 'crash', 'memory'],
  },
  check({ ws, report }) {
    const facts = ws.logs;
    if (!facts) return;
    const seen = new Set<string>();
    for (const c of facts.crashes) {
      if (c.kind !== 'fatal' || !(c.fatal ?? '').startsWith('malformed GOMEMLIMIT')) continue;
      const value = c.gomemlimit;
      if (seen.has(value ?? '')) continue;
      seen.add(value ?? '');
      const suggestion = value !== undefined ? suggest(value) : undefined;
      report({
        message: value !== undefined
          ? `GOMEMLIMIT=${value} is not a Go byte count: the runtime exits before main${suggestion ? ` (write ${suggestion})` : ''}`
          : 'GOMEMLIMIT is malformed: the runtime exits before main',
        at: { span: refSpan(facts, c.at) },
        evidence: [{ message: 'accepted: an integer with B, KiB, MiB, GiB or TiB, or off' }],
        ...(suggestion ? { fix: `Set GOMEMLIMIT=${suggestion} (Go units end in iB), or from limits.memory through resourceFieldRef.` } : {}),
      });
    }
  },
});

function suggest(value: string): string | undefined {
  const m = /^(\d+)(Ki|Mi|Gi|Ti)$/.exec(value);
  return m ? `${m[1]}${K8S_UNITS[m[2]!]}` : undefined;
}
