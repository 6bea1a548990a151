import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/cluster/image-platform-mismatch.js';
import { diagnoseFixture, summary } from '../../helpers/cluster.js';

describe('image-platform-mismatch', () => {
  it('reports only its own cause among six pull failures and a healthy decoy', async () => {
    const r = await diagnoseFixture('image-pull', [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map(summary)).toEqual([
      'Deployment/shop/search spec.template.spec.containers[0].image search: 1/1 pods of Deployment shop/search: ImagePullBackOff — registry.example.com/shop/search:3.1.0 has no manifest for the node\'s platform',
    ]);
    expect(r.findings[0]!.fault).toBe('B4');
    expect(r.findings[0]!.evidence.at(-1)!.message).toMatch(/^root cause: /);
  });
});
