import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/cluster/volume-mount-failed.js';
import { diagnoseFixture, summary } from '../../helpers/cluster.js';

describe('volume-mount-failed', () => {
  it('reports the volume, the missing object and both summary wordings', async () => {
    const r = await diagnoseFixture('containers/config', [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map(summary)).toEqual([
      'Deployment/shop/frontend spec.template.spec.volumes[0] undefined: 1/1 pods of Deployment shop/frontend: ContainerCreating — volume "config" needs ConfigMap shop/frontend-config, which does not exist',
      'Deployment/shop/tls-proxy spec.template.spec.volumes[1] undefined: 1/1 pods of Deployment shop/tls-proxy: ContainerCreating — volume "tls" needs Secret shop/proxy-tls, which the kubelet could not find',
    ]);
    const f = r.findings[0]!;
    expect(f.fault).toBe('C3');
    expect(f.evidence.map((e) => e.message)).toEqual([
      'container "frontend" waiting: ContainerCreating',
      'event Warning FailedMount ×18 (2026-11-25T09:00:01Z … 2026-11-25T09:28:20Z, kubelet): MountVolume.SetUp failed for volume "config" : configmap "frontend-config" not found',
      'event Warning FailedMount ×13 (2026-11-25T09:02:03Z … 2026-11-25T09:29:10Z, kubelet): Unable to attach or mount volumes: unmounted volumes=[config], unattached volumes=[config kube-api-access-7x2lq]: timed out waiting for the condition',
      'ConfigMap shop/frontend-config does not exist (not among the namespace\'s ConfigMaps in the snapshot)',
      'root cause: volume "config" needs ConfigMap shop/frontend-config, which does not exist',
    ]);
    expect(f.fix).toBe('Create ConfigMap shop/frontend-config, fix the name in volume "config" of Deployment shop/frontend, or set optional: true on it.');
    expect(f.verify).toBe('kubectl get events -n shop --field-selector reason=FailedMount,involvedObject.name=frontend-deggdmhjfl-v6r8t');
    expect(r.findings[1]!.evidence.at(-1)!.message).toBe('root cause: volume "tls" needs Secret shop/proxy-tls, which the kubelet could not find');
  });

  it('stays silent on the decoys and on the other failure families', async () => {
    for (const dir of ['start', 'crash', 'probes', 'init']) {
      const r = await diagnoseFixture(`containers/${dir}`, [rule]);
      expect(r.findings.map(summary)).toEqual([]);
    }
  });
});
