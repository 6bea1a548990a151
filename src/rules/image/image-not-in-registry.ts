import { defineRule } from '../../core/rule.js';
import { registryEvidence, registryFailures } from '../../model/image-targets.js';

export default defineRule({
  meta: {
    id: 'image-not-in-registry',
    fault: 'B1',
    severity: 'error',
    title: 'The referenced image tag or digest is not in the registry',
    why:
      'The kubelet pulls exactly the reference in the pod spec. A tag that was never pushed (a CI job that failed, a ' +
      'typo, a repository renamed) or a digest that does not exist fails with ErrImagePull "manifest unknown" / ' +
      '"not found", then ImagePullBackOff — before the container ever starts.',
    fix: 'Push the image (or fix the tag/repository in the manifest) before deploying; pin what CI pushed by digest.',
    verify: 'crane digest <image>   # or: docker buildx imagetools inspect <image>',
    needs: ['image'],
    tags: ['image', 'registry'],
  },
  check({ ws, report }) {
    for (const t of registryFailures(ws, ['not-found', 'invalid-reference', 'digest-mismatch', 'bad-response'])) {
      report({
        message: `${t.label}: ${t.inspection.reference} cannot be pulled: ${t.error.message}`,
        at: t.subject,
        evidence: [registryEvidence(t.error)],
      });
    }
  },
});
