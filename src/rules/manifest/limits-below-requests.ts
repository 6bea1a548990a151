import { defineRule } from '../../core/rule.js';
import { parseQuantity } from '../../model/quantity.js';
import { containerSubject, fieldPath } from '../../model/subjects.js';

// Overcommittable resources: request ≤ limit. (Extended resources and hugepages must be equal: not ours.)
const RESOURCES = ['cpu', 'memory', 'ephemeral-storage'] as const;

export default defineRule({
  meta: {
    id: 'limits-below-requests',
    fault: 'E3',
    severity: 'error',
    title: 'Resource request is larger than its limit',
    why:
      'The API server validates request ≤ limit and rejects the whole object: kubectl apply fails with ' +
      '"…resources.requests: Invalid value: "1Gi": must be less than or equal to memory limit of 512Mi" ' +
      '(older servers omit "of <limit>"), so nothing is deployed.',
    fix: 'Raise the limit or lower the request, e.g.\nresources:\n  requests: { memory: 512Mi }\n  limits: { memory: 512Mi }',
    verify: 'kubectl apply --dry-run=server -f <file>',
    needs: ['manifests'],
    tags: ['resources', 'validation'],
  },
  check({ ws, report }) {
    for (const t of ws.manifests.podTemplates) {
      for (const c of [...t.initContainers, ...t.containers]) {
        const requests = c.spec.resources?.requests;
        const limits = c.spec.resources?.limits;
        if (!requests || !limits) continue;
        for (const r of RESOURCES) {
          const req = parseQuantity(requests[r]);
          const lim = parseQuantity(limits[r]);
          if (req === undefined || lim === undefined || req <= lim) continue;
          const reqText = String(requests[r]);
          const limText = String(limits[r]);
          report({
            message:
              `container "${c.name}" requests ${reqText} ${r} but its limit is ${limText}: the API server rejects it with ` +
              `"${fieldPath([...c.path, 'resources', 'requests'])}: Invalid value: "${reqText}": must be less than or equal to ${r} limit of ${limText}"`,
            at: containerSubject(c, ['resources', 'requests', r]),
            evidence: [{ ...containerSubject(c, ['resources', 'limits', r]), message: `${r} limit ${limText}` }],
          });
        }
      }
    }
  },
});
