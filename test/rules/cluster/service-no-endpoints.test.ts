import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/cluster/service-no-endpoints.js';
import { diagnoseFixture, summary } from '../../helpers/cluster.js';

describe('service-no-endpoints', () => {
  it('explains each Service without ready endpoints; ExternalName, selector-less, healthy and fresh Services stay silent', async () => {
    const r = await diagnoseFixture('services', [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map(summary)).toEqual([
      'Service/shop/catalog spec.selector undefined: Service shop/catalog: no ready endpoints — selector app=catalog-api,tier=backend matches no pod; the closest, 2 pods of Deployment shop/catalog, have app=catalog where the Service wants app=catalog-api',
      'Service/shop/orders spec.selector undefined: Service shop/orders: no ready endpoints — 2/2 selected pods (Deployment shop/orders) are not ready: Readiness probe failed: HTTP probe failed with statuscode: 503',
      'Service/shop/payments spec.ports[0].targetPort undefined: Service shop/payments: no ready endpoints — targetPort "grpc" names no port of the selected pods (they declare http/9090), so the endpoints controller skips every pod',
    ]);
    expect(r.findings.every((f) => f.fault === 'G1' && f.severity === 'error')).toBe(true);
  });

  it('names the closest pod labels and the field to change', async () => {
    const r = await diagnoseFixture('services', [rule], { namespace: 'shop', target: { kind: 'Service', name: 'catalog' } });
    const f = r.findings[0]!;
    expect(f.evidence.map((e) => e.message)).toEqual([
      'endpoints of Service shop/catalog: 0 ready',
      'selector app=catalog-api,tier=backend',
      'pods of Deployment shop/catalog: labels app=catalog,tier=backend',
      'root cause: selector app=catalog-api,tier=backend matches no pod; the closest, 2 pods of Deployment shop/catalog, have app=catalog where the Service wants app=catalog-api',
    ]);
    expect(f.fix).toBe('Make spec.selector of Service shop/catalog match the pod labels (app=catalog,tier=backend), or fix spec.template.metadata.labels of Deployment shop/catalog — not spec.selector of the Deployment, which is immutable.');
    expect(f.verify).toBe('kubectl get endpointslices -n shop -l kubernetes.io/service-name=catalog   # ENDPOINTS must list pod IPs');
  });

  it('quotes the readiness failure of not-ready pods (EndpointSlice with ready: false)', async () => {
    const r = await diagnoseFixture('services', [rule], { namespace: 'shop', target: { kind: 'Service', name: 'orders' } });
    expect(r.findings[0]!.evidence.map((e) => e.message)).toEqual([
      'endpoints of Service shop/orders: 0 ready, 2 not ready',
      'selector app=orders',
      'event Warning Unhealthy ×354 (2026-11-25T08:00:15Z … 2026-11-25T08:59:50Z, kubelet): Readiness probe failed: HTTP probe failed with statuscode: 503',
      'root cause: 2/2 selected pods (Deployment shop/orders) are not ready: Readiness probe failed: HTTP probe failed with statuscode: 503',
    ]);
  });

  it('stays silent for decoys', async () => {
    for (const name of ['web', 'github', 'legacy-db', 'search']) {
      const r = await diagnoseFixture('services', [rule], { namespace: 'shop', target: { kind: 'Service', name } });
      expect(r.findings, name).toEqual([]);
    }
  });

  it('points at an unfinished init container rather than the app container it holds back', async () => {
    const r = await diagnoseFixture('containers/init', [rule], { namespace: 'shop', target: { kind: 'Service', name: 'alpha' } });
    expect(r.findings.map((f) => f.message)).toEqual([
      'Service shop/alpha: no ready endpoints — 1/1 selected pods (Deployment shop/alpha) are not ready: init container wait-beta has not finished (running); see init-container-stuck',
    ]);
  });
});
