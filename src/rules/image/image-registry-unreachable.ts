import { defineRule } from '../../core/rule.js';
import { registryEvidence, registryFailures } from '../../model/image-targets.js';

export default defineRule({
  meta: {
    id: 'image-registry-unreachable',
    fault: 'B5',
    severity: 'error',
    title: 'The registry cannot be reached (network, rate limit, server error)',
    why:
      'Nodes pull from the registry at every schedule onto a node without the image. A registry that does not ' +
      'resolve, refuses connections, times out, rate-limits (Docker Hub: 429 TOOMANYREQUESTS) or answers 5xx ' +
      'leaves the pods in ErrImagePull/ImagePullBackOff.',
    fix: 'Check the registry host and port, the network path from the nodes (DNS, proxy, firewall), and rate limits (authenticate, or mirror the image).',
    verify: 'curl -sSI https://<registry-host>/v2/',
    needs: ['image'],
    tags: ['image', 'registry', 'network'],
  },
  check({ ws, report }) {
    for (const t of registryFailures(ws, ['network', 'rate-limit', 'server'])) {
      report({
        message: `${t.label}: the registry for ${t.inspection.reference} cannot be reached: ${t.error.message}`,
        at: t.subject,
        evidence: [registryEvidence(t.error)],
      });
    }
  },
});
