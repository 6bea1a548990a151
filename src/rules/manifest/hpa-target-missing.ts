import { defineRule } from '../../core/rule.js';
import { isHpa, scaleTarget } from '../../model/autoscaling.js';
import { objectSubject } from '../../model/subjects.js';
import { didYouMean, namespacesWithWorkloads, nsOf, unrendered } from '../../model/wiring.js';

/** Kinds with a scale subresource that a manifest set of a Go service would define. */
const SCALABLE = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

export default defineRule({
  meta: {
    id: 'hpa-target-missing',
    fault: 'I1',
    severity: 'error',
    title: 'HorizontalPodAutoscaler targets a workload that is not defined',
    why:
      'The HPA reads and writes the scale of the object named in scaleTargetRef (kind and name, same namespace). ' +
      'When none exists it never scales anything: `kubectl describe hpa` shows AbleToScale False, FailedGetScale ' +
      '"the HPA controller was unable to get the target\'s current scale: deployments/scale.apps \\"api\\" not found".',
    fix: 'Name the workload exactly, including its kind:\nscaleTargetRef:\n  apiVersion: apps/v1\n  kind: Deployment\n  name: api',
    verify: 'kubectl describe hpa <hpa>  # Conditions: AbleToScale True',
    needs: ['manifests'],
    tags: ['autoscaling', 'wiring'],
  },
  check({ ws, report }) {
    const templates = ws.manifests.podTemplates;
    const judged = namespacesWithWorkloads(templates);
    for (const hpa of ws.manifests.objects) {
      if (!isHpa(hpa) || !judged.has(nsOf(hpa))) continue;
      const target = scaleTarget(hpa);
      if (!target || !SCALABLE.has(target.kind) || unrendered(target.name)) continue;
      const sameNs = templates.filter((t) => nsOf(t.object) === nsOf(hpa));
      if (sameNs.some((t) => t.object.kind === target.kind && t.object.name === target.name)) continue;
      const otherKind = sameNs.find((t) => t.object.name === target.name && SCALABLE.has(t.object.kind));
      const names = sameNs.filter((t) => t.object.kind === target.kind).map((t) => t.object.name);
      report({
        message: otherKind
          ? `HorizontalPodAutoscaler ${hpa.name} targets ${target.kind} ${target.name}, but ${target.name} is a ${otherKind.object.kind}`
          : `HorizontalPodAutoscaler ${hpa.name} targets ${target.kind} ${target.name}, which is not in ${nsOf(hpa) === '' ? 'the set' : `namespace ${nsOf(hpa)}`}${didYouMean(target.name, names)}`,
        at: objectSubject(hpa, ['spec', 'scaleTargetRef', otherKind ? 'kind' : 'name']),
        evidence: otherKind ? [{ message: `${otherKind.object.kind} ${otherKind.object.name}`, ...objectSubject(otherKind.object, ['kind']) }] : [],
      });
    }
  },
});
