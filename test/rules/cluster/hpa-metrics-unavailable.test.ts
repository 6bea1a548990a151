import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/cluster/hpa-metrics-unavailable.js';
import { diagnoseFixture, summary } from '../../helpers/cluster.js';

describe('hpa-metrics-unavailable', () => {
  it('names the missing request, the missing metrics API and the empty one; healthy, disabled and recovered HPAs stay silent', async () => {
    const r = await diagnoseFixture('hpa', [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map(summary)).toEqual([
      'HorizontalPodAutoscaler/batch/worker spec.metrics undefined: HorizontalPodAutoscaler batch/worker: cannot compute replicas — the resource metrics API (metrics.k8s.io) is not served: metrics-server is not installed or its APIService is unavailable',
      'Deployment/shop/api spec.template.spec.containers[1].resources.requests.cpu api: HorizontalPodAutoscaler shop/api: cannot compute replicas — container api of Deployment shop/api has no cpu request, and cpu utilization is a percentage of the request',
      'HorizontalPodAutoscaler/shop/web spec.metrics undefined: HorizontalPodAutoscaler shop/web: cannot compute replicas — metrics-server answers but has no samples for the pods of Deployment shop/web: it cannot scrape their kubelets, or the pods are too new',
    ]);
    expect(r.findings.every((f) => f.fault === 'I1' && f.severity === 'error')).toBe(true);
  });

  it('chains the ScalingActive condition, the controller event and the container without a request', async () => {
    const r = await diagnoseFixture('hpa', [rule], { namespace: 'shop' });
    const f = r.findings.find((x) => x.subject.object?.name === 'api')!;
    expect(f.evidence.map((e) => e.message)).toEqual([
      'ScalingActive=False FailedGetResourceMetric: the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu in container api of Pod api-5d8b7f9c44-k2x9p',
      'event Warning FailedGetResourceMetric ×240 (2026-11-25T08:02:00Z … 2026-11-25T08:59:45Z, horizontal-pod-autoscaler): failed to get cpu utilization: missing request for cpu in container api of Pod api-5d8b7f9c44-k2x9p',
      'container api of Deployment shop/api has no resources.requests.cpu',
      'root cause: container api of Deployment shop/api has no cpu request, and cpu utilization is a percentage of the request',
    ]);
    expect(f.fix).toBe('Set resources.requests.cpu on container api of Deployment shop/api (spec.template.spec.containers[1].resources.requests.cpu); every container of the pod needs one, sidecars included.');
    expect(f.verify).toBe('kubectl get hpa api -n shop   # TARGETS must show a percentage, not <unknown>');
  });
});
