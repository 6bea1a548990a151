import { defineRule } from '../../core/rule.js';
import { platformGaps } from '../../model/image-targets.js';

export default defineRule({
  meta: {
    id: 'image-missing-node-platform',
    fault: 'B4',
    severity: 'error',
    title: 'The image index has no entry for an architecture its nodes run',
    why:
      'The kubelet pulls the index entry for its node\'s platform. When the index has none, the pull fails on those nodes ' +
      '("no match for platform in manifest"): ErrImagePull, then ImagePullBackOff, for every pod scheduled there.',
    fix: 'Build and push every architecture the nodes run: docker buildx build --platform linux/amd64,linux/arm64 --push …; or pin the pods to matching nodes with nodeSelector kubernetes.io/arch.',
    verify: 'docker buildx imagetools inspect <image>   # lists the platforms; kubectl get nodes -L kubernetes.io/arch',
    needs: ['image'],
    tags: ['image', 'platform'],
  },
  check({ ws, report }) {
    for (const gap of platformGaps(ws)) {
      const t = gap.target;
      if (!t.inspection.multiPlatform) continue;
      report({
        message: `${t.label}: ${t.inspection.reference} is ${gap.what}, but ${gap.where} ${gap.missing.join(', ')} nodes: the pull fails with "no match for platform in manifest"`,
        at: t.subject,
        evidence: gap.evidence,
      });
    }
  },
});
