import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/cluster/image-pull-backoff.js';
import { diagnoseFixture, summary } from '../../helpers/cluster.js';

describe('image-pull-backoff', () => {
  it('reports only its own cause among six pull failures and a healthy decoy', async () => {
    const r = await diagnoseFixture('image-pull', [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map(summary)).toEqual([
      'Deployment/shop/cart spec.template.spec.containers[0].image cart: 1/1 pods of Deployment shop/cart: ImagePullBackOff — pulling registry.example.com/shop/cart:1.8.2 fails and the kubelet\'s error has expired',
    ]);
    expect(r.findings[0]!.fault).toBe('B1');
    expect(r.findings[0]!.evidence.at(-1)!.message).toMatch(/^root cause: /);
  });
});
