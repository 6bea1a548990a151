import { defineRule } from '../../core/rule.js';
import { platformGaps } from '../../model/image-targets.js';

export default defineRule({
  meta: {
    id: 'image-single-platform-wrong-arch',
    fault: 'A4',
    severity: 'error',
    title: 'A single-platform image built for another architecture than its nodes',
    why:
      'A plain (non-index) image is pulled on any node whatever its architecture; the binary then cannot run there: ' +
      '"exec format error", exit code 1 from the runtime, CrashLoopBackOff with nothing in the logs.',
    fix: 'Build the architecture the nodes run (GOARCH / docker buildx build --platform linux/arm64), ideally as a multi-platform index; or pin the pods to matching nodes with nodeSelector kubernetes.io/arch.',
    verify: 'docker buildx imagetools inspect <image>   # the platform; kubectl get nodes -L kubernetes.io/arch',
    needs: ['image'],
    tags: ['image', 'platform'],
  },
  check({ ws, report }) {
    for (const gap of platformGaps(ws)) {
      const t = gap.target;
      if (t.inspection.multiPlatform) continue;
      report({
        message: `${t.label}: ${t.inspection.reference} is ${gap.what}, but ${gap.where} ${gap.missing.join(', ')} nodes: the binary fails there with "exec format error"`,
        at: t.subject,
        evidence: gap.evidence,
      });
    }
  },
});
