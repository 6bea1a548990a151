import { defineRule } from '../../core/rule.js';
import { isJsonObject } from '../../model/pod-templates.js';
import { pdbsSelecting, replicaCount } from '../../model/rollout.js';
import { objectSubject } from '../../model/subjects.js';

export default defineRule({
  meta: {
    id: 'single-replica-no-pdb',
    fault: 'K1',
    severity: 'warning',
    title: 'Service-backed workload runs a single replica with no PodDisruptionBudget',
    why:
      'With one pod, every node drain (cluster upgrades, autoscaler scale-down, spot reclaims) evicts the only ' +
      'replica: the Service has no endpoints until the replacement is scheduled, pulled and ready — "no healthy ' +
      'upstream" / 503 from the ingress. Nothing in the cluster knows the pod must not go, because no ' +
      'PodDisruptionBudget says so. Only workloads a Service sends traffic to are checked.',
    fix:
      'Run at least two replicas and let drains take one at a time:\n' +
      'spec:\n  replicas: 2\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: api }\n' +
      'spec:\n  maxUnavailable: 1\n  selector:\n    matchLabels: { app: api }\n' +
      '(a PDB alone on one replica either allows the eviction or, with minAvailable: 1, blocks the drain forever)',
    verify: 'kubectl drain <node> --ignore-daemonsets --dry-run=server && kubectl get pdb -A',
    needs: ['manifests'],
    tags: ['availability', 'rollout'],
  },
  check({ ws, report }) {
    const objects = ws.manifests.objects;
    for (const t of ws.manifests.podTemplates) {
      const w = t.object;
      if (w.kind !== 'Deployment' && w.kind !== 'StatefulSet') continue;
      const count = replicaCount(objects, w);
      if (count?.min !== 1) continue;
      const svc = ws.links.servicesSelecting(t)[0];
      if (!svc || pdbsSelecting(objects, t).length > 0) continue;
      const how = count.hpa
        ? `its HorizontalPodAutoscaler ${count.hpa.name} allows scaling down to 1`
        : isJsonObject(w.raw.spec) && w.raw.spec.replicas !== undefined
          ? 'it runs 1 replica'
          : 'it runs 1 replica (replicas is unset)';
      report({
        message: `${w.kind} ${w.name} serves Service ${svc.name}, but ${how} and no PodDisruptionBudget covers it: a node drain takes the Service down`,
        at: objectSubject(w, ['spec', 'replicas']),
        evidence: [
          { message: `Service ${svc.name} selects these pods`, span: svc.locate(['spec', 'selector']).span, object: svc.ref },
          ...(count.hpa ? [{ message: `HorizontalPodAutoscaler ${count.hpa.name} minReplicas`, ...objectSubject(count.hpa, ['spec', 'minReplicas']) }] : []),
        ],
      });
    }
  },
});
