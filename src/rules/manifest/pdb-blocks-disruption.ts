import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import type { Json, KubeObject, ManifestSet } from '../../model/manifest.js';
import { getIn } from '../../model/pod-templates.js';
import { hasReplicas, isZeroIntOrPercent, pdbsSelecting, replicaCount, scaleIntOrPercent } from '../../model/rollout.js';
import { objectSubject } from '../../model/subjects.js';

export default defineRule({
  meta: {
    id: 'pdb-blocks-disruption',
    fault: 'K1',
    severity: 'warning',
    title: 'PodDisruptionBudget allows no voluntary disruption at all',
    why:
      'A PDB with maxUnavailable 0, minAvailable 100%, or a minAvailable that equals the replica count leaves ' +
      '"Allowed disruptions: 0" for good. Every eviction is refused ("Cannot evict pod as it would violate the ' +
      'pod\'s disruption budget"): kubectl drain retries forever, node upgrades and cluster-autoscaler scale-downs ' +
      'stall until someone deletes the PDB by hand. Kubernetes rounds a percentage minAvailable up, so 90% of 3 ' +
      'replicas is 3.',
    fix:
      'Allow one pod at a time to go, whatever the replica count:\n' +
      'apiVersion: policy/v1\nkind: PodDisruptionBudget\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels: { app: api }',
    verify: 'kubectl get pdb -A  # ALLOWED DISRUPTIONS must be ≥ 1',
    needs: ['manifests'],
    tags: ['availability', 'rollout'],
  },
  check({ ws, report }) {
    const objects = ws.manifests.objects;
    const covered = workloadsByPdb(ws.manifests);
    for (const pdb of objects) {
      if (pdb.kind !== 'PodDisruptionBudget' || !pdb.apiVersion.startsWith('policy/')) continue;
      const maxUnavailable = getIn(pdb.raw, ['spec', 'maxUnavailable']);
      const minAvailable = getIn(pdb.raw, ['spec', 'minAvailable']);
      if (isZeroIntOrPercent(maxUnavailable)) {
        report({ message: `PodDisruptionBudget ${pdb.name} has maxUnavailable ${String(maxUnavailable)}: no pod it covers can ever be evicted`, at: objectSubject(pdb, ['spec', 'maxUnavailable']) });
        continue;
      }
      if (minAvailable === '100%') {
        report({ message: `PodDisruptionBudget ${pdb.name} has minAvailable 100%: no pod it covers can ever be evicted`, at: objectSubject(pdb, ['spec', 'minAvailable']) });
        continue;
      }
      if (minAvailable === undefined || maxUnavailable !== undefined) continue;
      const blocked = blockedAtMinScale(objects, covered.get(pdb) ?? [], minAvailable);
      if (!blocked) continue;
      report({
        message:
          `PodDisruptionBudget ${pdb.name} requires ${blocked.needed} available ${blocked.needed === 1 ? 'pod' : 'pods'} (minAvailable ${String(minAvailable)}) ` +
          `but ${blocked.names.join(' and ')} ${blocked.names.length === 1 ? 'runs' : 'run'} ${blocked.total}${blocked.hpa ? ' at the autoscaler minimum' : ''}: no pod can be evicted`,
        at: objectSubject(pdb, ['spec', 'minAvailable']),
        evidence: blocked.evidence,
      });
    }
  },
});

/** Each PDB's scalable workloads, found in one pass over the templates. */
function workloadsByPdb(manifests: ManifestSet): Map<KubeObject, KubeObject[]> {
  const out = new Map<KubeObject, KubeObject[]>();
  for (const t of manifests.podTemplates) {
    if (!hasReplicas(t)) continue;
    for (const pdb of pdbsSelecting(manifests.objects, t)) out.set(pdb, [...(out.get(pdb) ?? []), t.object]);
  }
  return out;
}

/**
 * The disruption controller's arithmetic: expected pods = the replicas of every workload the PDB
 * selects, desiredHealthy = minAvailable (a percentage rounded up); blocked when desiredHealthy ≥
 * expected. With an HPA the lowest count is the one a drain may meet.
 */
function blockedAtMinScale(
  objects: KubeObject[],
  workloads: KubeObject[],
  minAvailable: Json,
): { needed: number; total: number; names: string[]; hpa: boolean; evidence: Evidence[] } | undefined {
  let total = 0;
  let hpa = false;
  const names: string[] = [];
  const evidence: Evidence[] = [];
  for (const w of workloads) {
    const count = replicaCount(objects, w);
    if (!count) return undefined;
    total += count.min;
    hpa ||= count.hpa !== undefined;
    names.push(`${w.kind} ${w.name}`);
    evidence.push(
      count.hpa
        ? { message: `HorizontalPodAutoscaler ${count.hpa.name} minReplicas ${count.min}`, ...objectSubject(count.hpa, ['spec', 'minReplicas']) }
        : { message: `${w.kind} ${w.name} replicas ${count.min}`, ...objectSubject(w, ['spec', 'replicas']) },
    );
  }
  if (total === 0) return undefined;
  const needed = scaleIntOrPercent(minAvailable, total, true);
  if (needed === undefined || needed < total) return undefined;
  return { needed, total, names, hpa, evidence };
}

