import { defineRule } from '../../core/rule.js';
import { getIn } from '../../model/pod-templates.js';
import { objectSubject } from '../../model/subjects.js';

/** Hook annotations whose tool deletes the Job itself. */
const SELF_CLEANING = ['helm.sh/hook-delete-policy', 'argocd.argoproj.io/hook-delete-policy'];

export default defineRule({
  meta: {
    id: 'job-no-ttl',
    fault: 'F5',
    severity: 'info',
    title: 'Job has no ttlSecondsAfterFinished',
    why:
      'A finished Job and its pods stay until someone deletes them: they pile up in `kubectl get pods`, keep their ' +
      'logs on the node, and the next `kubectl apply` of the same Job with a new image fails ("The Job \\"migrate\\" ' +
      'is invalid: spec.template: Invalid value: ...: field is immutable"), so CD pipelines delete it by hand.',
    fix: 'Let the TTL controller delete it once it is done (keep long enough to read the logs):\nspec:\n  ttlSecondsAfterFinished: 3600',
    verify: 'kubectl get jobs  # finished Jobs disappear after the TTL',
    needs: ['manifests'],
    tags: ['jobs', 'hygiene'],
  },
  check({ ws, report }) {
    for (const o of ws.manifests.objects) {
      if (o.kind !== 'Job' || !o.apiVersion.startsWith('batch/')) continue;
      // generateName creates a new Job per apply; hook tools delete their own.
      if (getIn(o.raw, ['metadata', 'generateName']) !== undefined || SELF_CLEANING.some((a) => o.annotations[a] !== undefined)) continue;
      if (getIn(o.raw, ['spec', 'ttlSecondsAfterFinished']) !== undefined) continue;
      report({ message: `Job ${o.name} has no ttlSecondsAfterFinished: it and its pods stay after it finishes, and re-applying it with a new template fails`, at: objectSubject(o, ['spec'], 'key') });
    }
  },
});
