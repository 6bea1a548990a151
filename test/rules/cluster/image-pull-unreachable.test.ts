import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/cluster/image-pull-unreachable.js';
import { diagnoseFixture, summary } from '../../helpers/cluster.js';

describe('image-pull-unreachable', () => {
  it('reports only its own cause among six pull failures and a healthy decoy', async () => {
    const r = await diagnoseFixture('image-pull', [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map(summary)).toEqual([
      'Deployment/monitoring/exporter spec.template.spec.containers[0].image exporter: 1/1 pods of Deployment monitoring/exporter: ImagePullBackOff — the node cannot reach registry.invalid',
    ]);
    expect(r.findings[0]!.fault).toBe('B5');
    expect(r.findings[0]!.evidence.at(-1)!.message).toMatch(/^root cause: /);
  });
});
