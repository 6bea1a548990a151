import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { distinctCrashes, frameEvidence, frameLabel, groupWhere, refEvidence, refSpan, times } from '../../logs/rule-support.js';

const MAP_CODE = /^(?:internal\/runtime\/maps\.|runtime\.map)/;

export default defineRule({
  meta: {
    id: 'go-concurrent-map-access',
    fault: 'C2',
    severity: 'error',
    needs: ['logs'],
    title: 'Two goroutines used the same map at once (a data race the runtime caught)',
    why:
      'Go maps are not safe for concurrent use. When the runtime notices a write racing another access it throws ' +
      '`fatal error: concurrent map writes` (or `concurrent map read and map write`); this cannot be recovered and ' +
      'the process exits with status 2, typically only under production load.',
    fix: 'Guard the map with a sync.Mutex/RWMutex (or use sync.Map for append-only caches), or give it a single owning goroutine.',
    verify: 'go test -race ./...',
    tags: ['logs', 'crash', 'race'],
  },
  check({ ws, report }) {
    const facts = ws.logs;
    if (!facts) return;
    const races = facts.crashes.filter((c) => c.kind === 'fatal' && (c.fatal ?? '').startsWith('concurrent map '));
    for (const { crash, times: n } of distinctCrashes(races, (c) => `${c.fatal}@${c.culprit?.userFrame?.file}:${c.culprit?.userFrame?.line}`)) {
      const w = crash.culprit?.userFrame;
      const evidence: Evidence[] = [];
      if (crash.culprit) evidence.push(refEvidence(facts, crash.culprit.at, `goroutine ${crash.culprit.id} [${crash.culprit.state}] caught in map code`));
      if (w) evidence.push(frameEvidence(facts, w, `map access in your code: ${frameLabel(w)}`));
      for (const g of crash.groups.slice(1)) {
        if (!g.frames.some((f) => MAP_CODE.test(f.func))) continue;
        evidence.push(refEvidence(facts, g.at, `also inside map code: goroutine ${g.ids[0]} [${g.state}] at ${groupWhere(g)}`));
      }
      report({
        message: `fatal error: ${crash.fatal}${w ? ` in ${frameLabel(w)}` : ''}${times(n)}`,
        at: { span: refSpan(facts, crash.at) },
        evidence,
      });
    }
  },
});
