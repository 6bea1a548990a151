import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { selects, serviceSelector } from '../../model/link.js';
import type { PodTemplate } from '../../model/manifest.js';
import { objectSubject } from '../../model/subjects.js';
import { formatLabels, namespacesWithWorkloads, nsOf, services, unrendered } from '../../model/wiring.js';

export default defineRule({
  meta: {
    id: 'service-selects-nothing',
    fault: 'G1',
    severity: 'error',
    title: 'Service selector matches no pod template',
    why:
      'A Service routes to pods whose labels match every key of its selector. When none do, it has no endpoints: ' +
      '`kubectl describe service` shows "Endpoints: <none>", clients get "connection refused" (kube-proxy rejects ' +
      'connections to a ClusterIP with no endpoints) and an Ingress in front answers 503.',
    fix:
      'Make the selector a subset of the pod template labels (not the Deployment metadata labels), e.g.\n' +
      'spec:\n  selector: { app: api }      # Service\n---\nspec:\n  template:\n    metadata:\n      labels: { app: api }   # Deployment',
    verify: 'kubectl get endpointslices -l kubernetes.io/service-name=<service>  # ENDPOINTS must not be <none>',
    needs: ['manifests'],
    tags: ['networking', 'wiring'],
  },
  check({ ws, report }) {
    const judged = namespacesWithWorkloads(ws.manifests.podTemplates);
    for (const svc of services(ws.manifests.objects)) {
      const ns = nsOf(svc);
      const selector = serviceSelector(svc);
      // No selector: endpoints are managed by hand (or by an operator), nothing to match.
      if (!selector || Object.keys(selector).length === 0 || !judged.has(ns)) continue;
      if (Object.values(selector).some((v) => unrendered(v))) continue;
      const candidates = ws.manifests.podTemplates.filter((t) => nsOf(t.object) === ns);
      if (candidates.some((t) => selects(selector, t.labels))) continue;
      const closest = closestTemplate(candidates, selector);
      const evidence: Evidence[] = [];
      let hint = '';
      if (closest) {
        const missing = Object.entries(selector).filter(([k, v]) => closest.labels[k] !== v);
        hint = `; closest is ${closest.object.kind} ${closest.object.name}, whose pods ${missing.map(([k, v]) => labelDiff(closest, k, v)).join(', ')}`;
        evidence.push({
          message: `${closest.object.kind} ${closest.object.name} pod labels: ${formatLabels(closest.labels) || '(none)'}`,
          ...objectSubject(closest.object, [...closest.metadataPath, 'labels']),
        });
      }
      report({
        message: `Service ${svc.name} selects ${formatLabels(selector)} but no pod template in ${ns === '' ? 'the set' : `namespace ${ns}`} has these labels${hint}`,
        at: objectSubject(svc, ['spec', 'selector']),
        evidence,
      });
    }
  },
});

/** The template sharing the most selector entries; ties go to the one listed first. */
function closestTemplate(templates: PodTemplate[], selector: Record<string, string>): PodTemplate | undefined {
  let best: PodTemplate | undefined;
  let bestScore = -1;
  for (const t of templates) {
    const score = Object.entries(selector).reduce((n, [k, v]) => n + (t.labels[k] === v ? 2 : Object.hasOwn(t.labels, k) ? 1 : 0), 0);
    if (score > bestScore) [best, bestScore] = [t, score];
  }
  return bestScore > 0 ? best : undefined;
}

function labelDiff(t: PodTemplate, key: string, want: string): string {
  return Object.hasOwn(t.labels, key) ? `have ${key}=${t.labels[key]} (selector wants ${want})` : `lack ${key}=${want}`;
}
