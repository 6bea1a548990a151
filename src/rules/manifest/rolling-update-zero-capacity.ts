import { defineRule } from '../../core/rule.js';
import type { Json } from '../../model/manifest.js';
import { getIn, isJsonObject } from '../../model/pod-templates.js';
import { isZeroIntOrPercent, replicaCount, scaleIntOrPercent } from '../../model/rollout.js';
import { objectSubject } from '../../model/subjects.js';

const FIELD = ['spec', 'strategy', 'rollingUpdate'];

export default defineRule({
  meta: {
    id: 'rolling-update-zero-capacity',
    fault: 'K1',
    severity: 'error',
    title: 'Rolling update can take every replica down at once',
    why:
      'The Deployment controller resolves maxSurge rounding up and maxUnavailable rounding down against the replica ' +
      'count (raising maxUnavailable to 1 when both come out 0), then scales the old ReplicaSet down to replicas − ' +
      'maxUnavailable without waiting for new pods. When that is 0 every rollout empties the Service until the new ' +
      'pods are ready — 503s on each deploy, and a full outage when the new version fails to start. maxSurge 0 ' +
      'with maxUnavailable 0 never gets that far: the API server rejects it with "may not be 0 when `maxSurge` is 0".',
    fix: 'Add new pods before removing old ones:\nstrategy:\n  type: RollingUpdate\n  rollingUpdate:\n    maxSurge: 1\n    maxUnavailable: 0',
    verify: 'kubectl rollout restart deploy/<name> && kubectl get deploy <name> -w  # AVAILABLE never drops to 0',
    needs: ['manifests'],
    tags: ['rollout', 'availability'],
  },
  check({ ws, report }) {
    for (const t of ws.manifests.podTemplates) {
      const w = t.object;
      if (w.kind !== 'Deployment') continue;
      const strategy = getIn(w.raw, ['spec', 'strategy']);
      if (isJsonObject(strategy) && strategy.type !== undefined && strategy.type !== 'RollingUpdate') continue;
      const ru = getIn(w.raw, FIELD);
      // extensions/v1beta1 defaulted both to 1; every apps/* version to 25%.
      const dflt: Json = w.apiVersion.startsWith('extensions/') ? 1 : '25%';
      const surgeRaw = (isJsonObject(ru) ? ru.maxSurge : undefined) ?? dflt;
      const unavailRaw = (isJsonObject(ru) ? ru.maxUnavailable : undefined) ?? dflt;
      const at = objectSubject(w, [...FIELD, 'maxUnavailable']);
      if (isZeroIntOrPercent(surgeRaw) && isZeroIntOrPercent(unavailRaw)) {
        report({
          message: `Deployment ${w.name} sets maxSurge ${String(surgeRaw)} and maxUnavailable ${String(unavailRaw)}: the API server rejects it ("may not be 0 when \`maxSurge\` is 0")`,
          at,
        });
        continue;
      }
      const count = replicaCount(ws.manifests.objects, w);
      if (!count || count.min < 1) continue;
      const n = count.min;
      const surge = scaleIntOrPercent(surgeRaw, n, true);
      let unavail = scaleIntOrPercent(unavailRaw, n, false);
      if (surge === undefined || unavail === undefined) continue;
      const fencepost = surge === 0 && unavail === 0;
      if (fencepost) unavail = 1;
      if (unavail < n) continue;
      const of = `${n} ${n === 1 ? 'replica' : 'replicas'}${count.hpa ? ` (the autoscaler minimum of ${count.hpa.name})` : ''}`;
      const how = fencepost
        ? `maxSurge ${String(surgeRaw)} and maxUnavailable ${String(unavailRaw)} both round to 0 for ${of}, so the controller lets 1 pod go`
        : `maxUnavailable ${String(unavailRaw)} resolves to ${unavail} of ${of}`;
      report({
        message: `Deployment ${w.name} can take every pod down during a rollout: ${how}`,
        at,
        ...(n === 1 && surge === 0
          ? { fix: 'Set maxSurge: 1 and maxUnavailable: 0; if the gap is intended (e.g. a ReadWriteOnce volume only one pod can mount), say so with strategy: { type: Recreate }.' }
          : {}),
      });
    }
  },
});
