import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { eventEvidence, objectName } from '../../triage/describe.js';
import { metricsFailures, type MetricsFailure } from '../../triage/hpa.js';

export default defineRule({
  meta: {
    id: 'hpa-metrics-unavailable',
    fault: 'I1',
    severity: 'error',
    title: 'HorizontalPodAutoscaler cannot read its metrics, so it never scales',
    why:
      'Utilization is usage divided by the container\'s request, read from the resource metrics API. A container ' +
      'without the request ("failed to get cpu utilization: missing request for cpu in container api of Pod …"), no ' +
      'metrics-server ("… the server could not find the requested resource (get pods.metrics.k8s.io)") or a ' +
      'metrics-server without samples ("… no metrics returned from resource metrics API") leave ScalingActive=False: ' +
      'the HPA holds the current replica count through any load.',
    fix: 'Set resources.requests for every container of the target (sidecars too), or install/repair metrics-server.',
    verify: 'kubectl get hpa <name> -n <namespace>   # TARGETS must show a percentage, not <unknown>',
    needs: ['cluster'],
    tags: ['live', 'autoscaling'],
  },
  check({ ws, report }) {
    if (!ws.cluster) return;
    for (const f of metricsFailures(ws.cluster)) {
      const ns = f.hpa.namespace ?? 'default';
      const { cause, fix } = explain(f);
      const evidence: Evidence[] = [];
      if (f.condition) evidence.push({ message: `ScalingActive=False ${f.condition.reason}: ${f.condition.message ?? ''}`, object: f.hpa.ref, fieldPath: 'status.conditions[type=ScalingActive]' });
      if (f.event) evidence.push(eventEvidence(f.event, f.hpa));
      if (f.fieldPath && f.target) evidence.push({ message: `container ${f.container} of ${objectName(f.target)} has no resources.requests.${f.resource}`, object: f.target.ref, fieldPath: f.fieldPath, container: f.container! });
      evidence.push({ message: `root cause: ${cause}` });
      const onTarget = f.kind === 'missing-request' && f.target && f.fieldPath;
      report({
        message: `${objectName(f.hpa)}: cannot compute replicas — ${cause}`,
        at: onTarget ? { object: f.target!.ref, fieldPath: f.fieldPath!, container: f.container! } : { object: f.hpa.ref, fieldPath: 'spec.metrics' },
        evidence,
        fix,
        verify: `kubectl get hpa ${f.hpa.name} -n ${ns}   # TARGETS must show a percentage, not <unknown>`,
      });
    }
  },
});

function explain(f: MetricsFailure): { cause: string; fix: string } {
  const target = f.target ? objectName(f.target) : 'the scale target';
  switch (f.kind) {
    case 'missing-request':
      return {
        cause: `container ${f.container} of ${target} has no ${f.resource} request, and ${f.resource} utilization is a percentage of the request`,
        fix: `Set resources.requests.${f.resource} on container ${f.container} of ${target}${f.fieldPath ? ` (${f.fieldPath})` : ''}; every container of the pod needs one, sidecars included.`,
      };
    case 'api-missing':
      return {
        cause: 'the resource metrics API (metrics.k8s.io) is not served: metrics-server is not installed or its APIService is unavailable',
        fix: 'Install metrics-server (kubectl apply -f https://github.com/kubernetes-sigs/metrics-server/releases/latest/download/components.yaml) and check kubectl get apiservice v1beta1.metrics.k8s.io is Available.',
      };
    case 'no-metrics':
      return {
        cause: `metrics-server answers but has no samples for the pods of ${target}: it cannot scrape their kubelets, or the pods are too new`,
        fix: 'Check kubectl top pods -n ' + (f.hpa.namespace ?? 'default') + ' and the metrics-server logs (kubectl logs -n kube-system deploy/metrics-server): kubelet TLS (--kubelet-insecure-tls on test clusters) and --kubelet-preferred-address-types are the usual culprits.',
      };
    default:
      return { cause: f.detail, fix: 'Make the metric the HPA reads available (metrics-server or the custom/external metrics adapter).' };
  }
}
