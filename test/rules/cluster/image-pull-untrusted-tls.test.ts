import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/cluster/image-pull-untrusted-tls.js';
import { diagnoseFixture, summary } from '../../helpers/cluster.js';

describe('image-pull-untrusted-tls', () => {
  it('reports only its own cause among six pull failures and a healthy decoy', async () => {
    const r = await diagnoseFixture('image-pull', [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map(summary)).toEqual([
      'Deployment/ledger/ledger spec.template.spec.containers[0].image ledger: 1/1 pods of Deployment ledger/ledger: ImagePullBackOff — the node does not trust the TLS certificate of harbor.corp.example:443',
    ]);
    expect(r.findings[0]!.fault).toBe('B3');
    expect(r.findings[0]!.evidence.at(-1)!.message).toMatch(/^root cause: /);
  });
});
