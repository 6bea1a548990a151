import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { eventEvidence, objectName } from '../../triage/describe.js';
import { endpointProblems, labelText, type EndpointProblem } from '../../triage/service-endpoints.js';

export default defineRule({
  meta: {
    id: 'service-no-endpoints',
    fault: 'G1',
    severity: 'error',
    title: 'Service has a selector but no ready endpoints',
    why:
      'A Service forwards only to ready pods its selector matches, on the targetPort it resolves in their containers. ' +
      'With none, clients of the ClusterIP get "connect: connection refused" (kube-proxy REJECT) or time out, and ' +
      'Ingresses answer 503 — while every pod may look Running. The usual reasons: a selector label that no pod ' +
      'carries, a named targetPort no container declares, or pods that never pass readiness.',
    fix: 'Make spec.selector equal to the pod template labels, name the targetPort after a declared containerPort, or fix the pods\' readiness.',
    verify: 'kubectl get endpointslices -n <namespace> -l kubernetes.io/service-name=<service>   # ENDPOINTS must list pod IPs',
    needs: ['cluster'],
    tags: ['live', 'network'],
  },
  check({ ws, report }) {
    if (!ws.cluster) return;
    for (const p of endpointProblems(ws.cluster)) {
      const ns = p.svc.namespace ?? 'default';
      const { cause, fix, fieldPath, facts } = explain(p);
      const evidence: Evidence[] = [
        { message: symptom(p), object: p.svc.ref },
        { message: `selector ${labelText(p.selector)}`, object: p.svc.ref, fieldPath: 'spec.selector' },
        ...facts,
        { message: `root cause: ${cause}` },
      ];
      report({
        message: `${objectName(p.svc)}: no ready endpoints — ${cause}`,
        at: { object: p.svc.ref, fieldPath },
        evidence,
        fix,
        verify: `kubectl get endpointslices -n ${ns} -l kubernetes.io/service-name=${p.svc.name}   # ENDPOINTS must list pod IPs`,
      });
    }
  },
});

function symptom(p: EndpointProblem): string {
  const e = p.endpoints;
  if (e.unknown) return `no Endpoints/EndpointSlice in the snapshot; ${e.notReady} selected pod${e.notReady === 1 ? '' : 's'}, none Ready`;
  return `endpoints of ${objectName(p.svc)}: 0 ready${e.notReady > 0 ? `, ${e.notReady} not ready` : ''}`;
}

function explain(p: EndpointProblem): { cause: string; fix: string; fieldPath: string; facts: Evidence[] } {
  const g = p.gap;
  const svc = objectName(p.svc);
  switch (g.kind) {
    case 'no-match': {
      if (!g.closest) {
        return {
          cause: `selector ${labelText(p.selector)} matches no pod in namespace ${p.svc.namespace}, and no pod carries any of its labels`,
          fix: `Set spec.selector of ${svc} to the labels of the pods it should serve (the Deployment's spec.template.metadata.labels), or deploy them in namespace ${p.svc.namespace}.`,
          fieldPath: 'spec.selector',
          facts: [],
        };
      }
      const c = g.closest;
      const differ = c.differing.map((k) => `${k}=${c.labels[k] ?? '(absent)'} where the Service wants ${k}=${p.selector[k]}`).join('; ');
      return {
        cause: `selector ${labelText(p.selector)} matches no pod; the closest, ${c.count} pod${c.count === 1 ? '' : 's'} of ${objectName(c.owner)}, have ${differ}`,
        fix: `Make spec.selector of ${svc} match the pod labels (${labelText(c.labels)}), or fix spec.template.metadata.labels of ${objectName(c.owner)} — not spec.selector of the Deployment, which is immutable.`,
        fieldPath: 'spec.selector',
        facts: [{ message: `pods of ${objectName(c.owner)}: labels ${labelText(c.labels)}`, object: c.owner.ref, fieldPath: 'spec.template.metadata.labels' }],
      };
    }
    case 'port':
      return {
        cause: `targetPort "${g.targetPort}" names no port of the selected pods (they declare ${g.declared.join(', ') || 'no ports'}), so the endpoints controller skips every pod`,
        fix: `Set spec.ports[${g.portIndex}].targetPort of ${svc} to a declared containerPort (name or number), or name the container's port "${g.targetPort}".`,
        fieldPath: `spec.ports[${g.portIndex}].targetPort`,
        facts: [{ message: `spec.ports[${g.portIndex}].targetPort: ${g.targetPort}`, object: p.svc.ref, fieldPath: `spec.ports[${g.portIndex}].targetPort` }],
      };
    case 'not-ready': {
      const pods = `${g.pods.length}/${g.selected} selected pods (${objectName(g.owner)})`;
      return {
        cause: `${pods} are not ready: ${g.reason}`,
        fix: `Fix why the pods of ${objectName(g.owner)} are not ready (see readiness-never-true / the crash and pull rules); the Service itself is wired right.`,
        fieldPath: 'spec.selector',
        facts: g.event ? [eventEvidence(g.event, g.pods[0])] : [],
      };
    }
  }
}
