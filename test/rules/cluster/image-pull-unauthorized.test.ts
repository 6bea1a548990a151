import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/cluster/image-pull-unauthorized.js';
import { diagnoseFixture, summary } from '../../helpers/cluster.js';

describe('image-pull-unauthorized', () => {
  it('reports only its own cause among six pull failures and a healthy decoy', async () => {
    const r = await diagnoseFixture('image-pull', [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map(summary)).toEqual([
      'Deployment/billing/billing spec.template.spec.containers[0].image billing: 1/1 pods of Deployment billing/billing: ErrImagePull — ghcr.io refused to serve ghcr.io/acme-corp/billing:2.3.0 without valid credentials',
    ]);
    expect(r.findings[0]!.fault).toBe('B2');
    expect(r.findings[0]!.evidence.at(-1)!.message).toMatch(/^root cause: /);
  });
});
