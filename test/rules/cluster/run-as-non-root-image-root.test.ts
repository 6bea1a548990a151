import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/cluster/run-as-non-root-image-root.js';
import { diagnoseFixture, summary } from '../../helpers/cluster.js';

describe('run-as-non-root-image-root', () => {
  it('covers root, non-numeric USER and the pre-1.19 wording', async () => {
    const r = await diagnoseFixture('containers/config', [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map(summary)).toEqual([
      'Deployment/shop/admin spec.template.spec.containers[0].securityContext.runAsUser admin: 1/1 pods of Deployment shop/admin: CreateContainerConfigError — the image runs as root (no USER, or USER root/0) and nothing overrides it with a non-root runAsUser',
      'Deployment/shop/portal spec.template.spec.containers[0].securityContext.runAsUser portal: 1/1 pods of Deployment shop/portal: CreateContainerConfigError — the image\'s USER is "nonroot", a name the kubelet cannot verify as non-root',
      'Pod/shop/legacy-tool spec.containers[0].securityContext.runAsUser legacy-tool: Pod shop/legacy-tool: CreateContainerConfigError — the image runs as root (no USER, or USER root/0) and nothing overrides it with a non-root runAsUser',
    ]);
    const f = r.findings[0]!;
    expect(f.fault).toBe('C3');
    expect(f.evidence.map((e) => e.message)).toEqual([
      'container "admin" waiting: CreateContainerConfigError (container has runAsNonRoot and image will run as root (pod: "admin-bfclblaaka-v6r8t_shop(8d87cb47-a8b0-bb0f-e817-f72acde2732d)", container: admin))',
      'event Warning Failed ×14 (2026-11-25T09:00:00Z … 2026-11-25T09:30:00Z, kubelet): Error: container has runAsNonRoot and image will run as root (pod: "admin-bfclblaaka-v6r8t_shop(8d87cb47-a8b0-bb0f-e817-f72acde2732d)", container: admin)',
      'runAsNonRoot: true is set on the pod',
      'root cause: the image runs as root (no USER, or USER root/0) and nothing overrides it with a non-root runAsUser',
    ]);
    expect(f.fix).toBe('Set securityContext.runAsUser to a non-zero UID (e.g. 65532) in Deployment shop/admin, or USER 65532:65532 in the Dockerfile.');
    expect(f.verify).toBe('docker inspect --format "{{.Config.User}}" registry.example.com/shop/admin:1.2.0   # must be a non-zero number');
    expect(r.findings[1]!.evidence.at(-1)!.message).toBe('root cause: the image\'s USER is "nonroot", a name the kubelet cannot verify as non-root');
    expect(r.findings[2]!.evidence.at(-1)!.message).toBe('root cause: the image runs as root (no USER, or USER root/0) and nothing overrides it with a non-root runAsUser');
  });

  it('stays silent on the decoys and on the other failure families', async () => {
    for (const dir of ['start', 'crash', 'probes', 'init']) {
      const r = await diagnoseFixture(`containers/${dir}`, [rule]);
      expect(r.findings.map(summary)).toEqual([]);
    }
  });
});
