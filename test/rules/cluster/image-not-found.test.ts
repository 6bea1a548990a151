import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/cluster/image-not-found.js';
import { diagnoseFixture, summary } from '../../helpers/cluster.js';

describe('image-not-found', () => {
  it('groups 2/2 pods of the Deployment and names the missing tag, with the kubelet event as evidence', async () => {
    const r = await diagnoseFixture('image-pull', [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map(summary)).toEqual([
      'Deployment/shop/api spec.template.spec.containers[0].image api: 2/2 pods of Deployment shop/api: ImagePullBackOff — tag v1.2.4 not found in registry.example.com/shop/api',
    ]);
    const [f] = r.findings;
    expect(f!.fault).toBe('B1');
    expect(f!.evidence.map((e) => e.message)).toEqual([
      'container "api" waiting: ImagePullBackOff (Back-off pulling image "registry.example.com/shop/api:v1.2.4")',
      'event Warning Failed ×4 (2026-11-25T08:00:02Z … 2026-11-25T08:02:32Z, kubelet): Failed to pull image "registry.example.com/shop/api:v1.2.4": rpc error: code = NotFound desc = failed to pull and unpack image "registry.example.com/shop/api:v1.2.4": failed to resolve reference "registry.example.com/shop/api:v1.2.4": registry.example.com/shop/api:v1.2.4: not found',
      'root cause: tag v1.2.4 not found in registry.example.com/shop/api',
    ]);
    expect(f!.verify).toBe('crane manifest registry.example.com/shop/api:v1.2.4   # or: skopeo inspect docker://registry.example.com/shop/api:v1.2.4');
  });

  it('narrows to a target: the pod resolves to its Deployment; other workloads are out of scope', async () => {
    const byPod = await diagnoseFixture('image-pull', [rule], { namespace: 'shop', target: { kind: 'Pod', name: 'api-7c9f8d6b5d-x2xkq' } });
    expect(byPod.findings).toHaveLength(1);
    const other = await diagnoseFixture('image-pull', [rule], { namespace: 'shop', target: { kind: 'Deployment', name: 'web' } });
    expect(other.findings).toEqual([]);
  });
});
