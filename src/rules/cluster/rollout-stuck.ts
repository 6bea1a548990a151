import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { asNumber, asObject } from '../../model/cluster.js';
import { formatAge } from '../../triage/clock.js';
import { objectName } from '../../triage/describe.js';
import { stuckRollouts } from '../../triage/rollouts.js';

export default defineRule({
  meta: {
    id: 'rollout-stuck',
    fault: 'K1',
    severity: 'error',
    title: 'Deployment rollout stuck past its progress deadline',
    why:
      'When the new ReplicaSet makes no progress for progressDeadlineSeconds (600 s by default) the Deployment ' +
      'controller sets Progressing=False ProgressDeadlineExceeded ("ReplicaSet "api-5d8b7f9c44" has timed out ' +
      'progressing.") and `kubectl rollout status` fails — but nothing rolls back: the old pods keep serving the old ' +
      'version and the release silently never ships. The reason is on the new ReplicaSet\'s pods.',
    fix: 'Fix what the new pods are stuck on (the finding names it and the rule that explains it), or roll back with kubectl rollout undo.',
    verify: 'kubectl rollout status deployment/<name> -n <namespace> --timeout=10m',
    needs: ['cluster'],
    tags: ['live', 'rollout'],
  },
  check({ ws, report }) {
    if (!ws.cluster) return;
    for (const s of stuckRollouts(ws.cluster)) {
      const d = s.deployment;
      const ns = d.namespace ?? 'default';
      const spec = asObject(d.raw.spec);
      const status = asObject(d.raw.status);
      const deadline = asNumber(spec?.progressDeadlineSeconds) ?? 600;
      const rs = s.newRs ? `new ReplicaSet ${s.newRs.name}` : 'the new ReplicaSet';
      const see = s.rule ? ` (see ${s.rule})` : '';
      const evidence: Evidence[] = [
        {
          message: `Progressing=False ProgressDeadlineExceeded${s.stuckSeconds !== undefined ? ` for ${formatAge(s.stuckSeconds)}` : ''} (deadline ${deadline}s): ${s.progressing.message ?? ''}`,
          object: d.ref,
          fieldPath: 'status.conditions[type=Progressing]',
        },
        {
          message: `replicas: ${asNumber(spec?.replicas) ?? 1} desired, ${asNumber(status?.updatedReplicas) ?? 0} updated, ${asNumber(status?.readyReplicas) ?? 0} ready (${s.oldReady} on older ReplicaSets)`,
          object: d.ref,
          fieldPath: 'status',
        },
        ...s.evidence,
        { message: `root cause: ${rs} ${s.cause}${see}` },
      ];
      report({
        message: `${objectName(d)}: rollout stuck (ProgressDeadlineExceeded) — ${rs} ${s.cause}${see}`,
        at: { object: d.ref, fieldPath: 'spec.template' },
        evidence,
        fix: `Fix what ${rs} is stuck on${see}; the rollout carries on once the new pods can start (a template fix starts a new revision). Until then ${s.oldReady} old pod${s.oldReady === 1 ? '' : 's'} keep serving the previous version; to go back explicitly: kubectl rollout undo deployment/${d.name} -n ${ns}.`,
        verify: `kubectl rollout status deployment/${d.name} -n ${ns} --timeout=${deadline}s`,
      });
    }
  },
});
