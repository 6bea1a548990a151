import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/cluster/pod-create-limit-range.js';
import { diagnoseFixture, summary } from '../../helpers/cluster.js';

describe('pod-create-limit-range', () => {
  it('finds the offending container from the rejected value (ReplicaSet and StatefulSet wordings, aggregated errors)', async () => {
    const r = await diagnoseFixture('admission', [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map(summary)).toEqual([
      'Deployment/tools/indexer spec.template.spec.containers[0].resources.limits.cpu indexer: Deployment tools/indexer: no pods created — LimitRange tools/limits: maximum cpu per Container is 1, container indexer has limit 2',
      'StatefulSet/tools/queue spec.template.spec.containers[0].resources.limits.cpu queue: StatefulSet tools/queue: no pods created — LimitRange tools/limits: maximum cpu per Container is 1, container queue has limit 1500m; minimum memory per Container is 64Mi, container queue has request 32Mi',
    ]);
    const queue = r.findings[1]!;
    expect(queue.fault).toBe('F3');
    expect(queue.fix).toBe('lower limits.cpu of container queue to ≤ 1; raise requests.memory of container queue to ≥ 64Mi (StatefulSet tools/queue), or change LimitRange tools/limits.');
    expect(queue.evidence.map((e) => e.message)).toEqual([
      'StatefulSet tools/queue: 0/1 pods created, the API server rejects every pod',
      'event Warning FailedCreate ×22 (2026-11-25T08:00:01Z … 2026-11-25T08:59:10Z, statefulset-controller): create Pod queue-0 in StatefulSet queue failed error: pods "queue-0" is forbidden: [maximum cpu usage per Container is 1, but limit is 1500m, minimum memory usage per Container is 64Mi, but request is 32Mi]',
      'LimitRange tools/limits: Container max cpu=1, min memory=64Mi',
      'root cause: LimitRange tools/limits: maximum cpu per Container is 1, container queue has limit 1500m; minimum memory per Container is 64Mi, container queue has request 32Mi',
    ]);
  });

  it('ignores other denials', async () => {
    const r = await diagnoseFixture('admission', [rule], { namespace: 'shop' });
    expect(r.findings).toEqual([]);
  });
});
