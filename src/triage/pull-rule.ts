import { defineRule, type Rule, type RuleMeta } from '../core/rule.js';
import type { Evidence } from '../core/finding.js';
import { parseImageRef } from '../load/image-ref.js';
import { eventEvidence, objectName, ownerSubject, podsLabel, waitingEvidence } from './describe.js';
import { pullProblems, type PullFailure, type PullProblem } from './image-pull.js';

/**
 * The image-pull rules differ only in which cause they own and how they explain it; the
 * grouping (owner → pods → newest informative event) is shared.
 */
export function pullRule(meta: Omit<RuleMeta, 'needs'>, failures: readonly PullFailure[], cause: (p: PullProblem) => string): Rule {
  return defineRule({
    meta: { ...meta, needs: ['cluster'] },
    check({ ws, report }) {
      if (!ws.cluster) return;
      for (const p of pullProblems(ws.cluster)) {
        if (!failures.includes(p.failure)) continue;
        const first = p.pods[0]!;
        const evidence: Evidence[] = [waitingEvidence(first)];
        if (p.detailEvent) evidence.push(eventEvidence(p.detailEvent, first.pod));
        else if (p.detail && p.detail !== first.waiting?.message) evidence.push({ message: p.detail, object: first.pod.ref });
        evidence.push({ message: `root cause: ${cause(p)}` });
        report({
          message: `${podsLabel(p.owner, p.pods.length, p.total)}: ${first.waiting?.reason ?? 'ImagePullBackOff'} — ${cause(p)}`,
          at: ownerSubject(p.owner, first, '.image'),
          evidence,
          verify: meta.verify.replaceAll('<image>', p.image),
          fix: meta.fix.replaceAll('<owner>', objectName(p.owner)),
        });
      }
    },
  });
}

export function registryOf(image: string): string {
  return parseImageRef(image).registry ?? 'docker.io';
}
