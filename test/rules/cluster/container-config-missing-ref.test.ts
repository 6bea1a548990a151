import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/cluster/container-config-missing-ref.js';
import { diagnoseFixture, summary } from '../../helpers/cluster.js';

describe('container-config-missing-ref', () => {
  it('says whether the ConfigMap/Secret and key exist in the snapshot', async () => {
    const r = await diagnoseFixture('containers/config', [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map(summary)).toEqual([
      'Deployment/shop/api spec.template.spec.containers[0].envFrom[1].configMapRef api: 1/1 pods of Deployment shop/api: CreateContainerConfigError — ConfigMap shop/app-config does not exist',
      'Deployment/shop/ledger spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef ledger: 1/1 pods of Deployment shop/ledger: CreateContainerConfigError — Secret shop/db was not found by the kubelet',
      'Deployment/shop/worker spec.template.spec.containers[0].env[1].valueFrom.configMapKeyRef worker: 1/1 pods of Deployment shop/worker: CreateContainerConfigError — ConfigMap shop/shop-config exists but has no key DB_URL',
    ]);
    const f = r.findings[0]!;
    expect(f.fault).toBe('C3');
    expect(f.evidence.map((e) => e.message)).toEqual([
      'container "api" waiting: CreateContainerConfigError (configmap "app-config" not found)',
      'event Warning Failed ×14 (2026-11-25T09:00:00Z … 2026-11-25T09:30:00Z, kubelet): Error: configmap "app-config" not found',
      'referenced at envFrom[1].configMapRef',
      'ConfigMap shop/app-config does not exist (not among the namespace\'s ConfigMaps in the snapshot)',
      'root cause: ConfigMap shop/app-config does not exist',
    ]);
    expect(f.fix).toBe('Create ConfigMap shop/app-config, fix the name in Deployment shop/api, or set optional: true on the reference.');
    expect(f.verify).toBe('kubectl get configmap app-config -n shop -o jsonpath="{.data}"');
    expect(r.findings[1]!.evidence.at(-1)!.message).toBe('root cause: Secret shop/db was not found by the kubelet');
    expect(r.findings[2]!.evidence.at(-1)!.message).toBe('root cause: ConfigMap shop/shop-config exists but has no key DB_URL');
  });

  it('stays silent on the decoys and on the other failure families', async () => {
    for (const dir of ['start', 'crash', 'probes', 'init']) {
      const r = await diagnoseFixture(`containers/${dir}`, [rule]);
      expect(r.findings.map(summary)).toEqual([]);
    }
  });
});
