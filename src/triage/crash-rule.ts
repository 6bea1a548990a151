import type { Evidence } from '../core/finding.js';
import { defineRule, type Rule, type RuleMeta } from '../core/rule.js';
import type { ClusterIndex } from '../model/cluster-index.js';
import { logEvidence, terminationEvidence } from './container-evidence.js';
import { crashProblems, type Clue, type CrashCause, type CrashProblem } from './crash-causes.js';
import { eventEvidence, objectName, ownerSubject, podsLabel, waitingEvidence } from './describe.js';
import { excerptLines, tailLines } from './log-excerpt.js';
import { cut } from './start-errors.js';

/** What one crash rule adds to the shared chain: its reading of the cause, and case-specific advice. */
export interface CrashExplanation {
  cause: string;
  /** Facts between the symptom and the root cause (node architecture, memory limit, probe budget). */
  evidence?: Evidence[];
  /** Field of the container the fix changes, relative to it (`.command`, `.resources.limits.memory`). */
  field?: string;
  fix?: string;
  verify?: string;
}

/**
 * The crash rules differ in which causes they own and how they read them; the chain is
 * shared: waiting state → how the run ended → kubelet event → the telling output → root cause.
 */
export function crashRule(meta: Omit<RuleMeta, 'needs'>, causes: readonly CrashCause[], explain: (p: CrashProblem, index: ClusterIndex) => CrashExplanation): Rule {
  return defineRule({
    meta: { ...meta, needs: ['cluster'] },
    check({ ws, report }) {
      if (!ws.cluster) return;
      for (const p of crashProblems(ws.cluster)) {
        if (!causes.includes(p.cause)) continue;
        const first = p.pods[0]!;
        const x = explain(p, ws.cluster);
        const evidence: Evidence[] = [];
        if (first.waiting) evidence.push(waitingEvidence(first));
        const ended = terminationEvidence(first);
        if (ended) evidence.push(ended);
        const source = p.data.source;
        if (p.data.event && !(source && 'event' in source && source.event === p.data.event)) evidence.push(eventEvidence(p.data.event, first.pod));
        evidence.push(...(x.evidence ?? []), ...outputEvidence(p));
        evidence.push({ message: `root cause: ${x.cause}` });
        const state = first.waiting?.reason ?? p.data.ended?.reason ?? 'Error';
        const at = ownerSubject(p.owner, first, x.field ?? '');
        report({
          message: `${podsLabel(p.owner, p.pods.length, p.total)}: ${state} — ${x.cause}`,
          at,
          evidence,
          fix: (x.fix ?? meta.fix).replaceAll('<owner>', objectName(p.owner)).replaceAll('<field>', at.fieldPath ?? 'the container'),
          verify: (x.verify ?? meta.verify).replaceAll('<pod>', first.pod.name).replaceAll('<container>', first.name).replaceAll('<namespace>', first.pod.namespace ?? 'default').replaceAll('<image>', first.image ?? 'IMAGE'),
        });
      }
    },
  });
}

/** The telling line in context (a panic with its first frames), or the tail of the dead run's output. */
function outputEvidence(p: CrashProblem): Evidence[] {
  const { clue, source, log } = p.data;
  const first = p.pods[0]!;
  if (clue && source) {
    if ('log' in source) {
      const crash = clue.type === 'crash';
      const before = crash ? 0 : 2;
      const lines = excerptLines(source.log.text, clue.line, before, crash ? 9 : 0);
      return [logEvidence(source.log, lines, Math.max(1, clue.line - before))];
    }
    if ('event' in source) return [eventEvidence(source.event, first.pod)];
    // The waiting message is already the first link of the chain.
    if (source.status === 'waiting') return [];
    return [{ message: `${source.status} message: ${clueText(clue)}`, object: first.pod.ref }];
  }
  if (log) {
    const lines = tailLines(log.text, 5);
    if (lines.length > 0) return [logEvidence(log, lines)];
  }
  return [];
}

/** The telling line itself, as it was printed. */
export function clueText(clue: Clue): string {
  if (clue.type === 'start') return clue.start.excerpt;
  return cut(clue.type === 'crash' ? clue.crash.at.text : clue.error.at.text);
}
