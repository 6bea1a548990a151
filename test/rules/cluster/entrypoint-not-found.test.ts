import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/cluster/entrypoint-not-found.js';
import { diagnoseFixture, summary } from '../../helpers/cluster.js';

describe('entrypoint-not-found', () => {
  it('reports the containerd $PATH wording and the dockershim stat wording (shell form without /bin/sh)', async () => {
    const r = await diagnoseFixture('containers/start', [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map(summary)).toEqual([
      'Deployment/shop/gateway spec.template.spec.containers[0].command gateway: 1/1 pods of Deployment shop/gateway: CrashLoopBackOff — "gateway" is not on the image\'s $PATH: the container\'s command names a file the image does not have there',
      'Deployment/shop/notifier spec.template.spec.containers[0].image notifier: 1/1 pods of Deployment shop/notifier: RunContainerError — the image\'s ENTRYPOINT/CMD runs through /bin/sh (shell form, or sh -c) and the image has no shell',
    ]);
    const f = r.findings[0]!;
    expect(f.fault).toBe('C1');
    expect(f.evidence.map((e) => e.message)).toEqual([
      'container "gateway" waiting: CrashLoopBackOff (back-off 5m0s restarting failed container=gateway pod=gateway-bbefkagkcj-x2xkq_shop(4e8517ca-9245-ba6a-27b2-91515dd86dfe))',
      'container "gateway" last terminated: exit 128 (StartError) — the runtime could not start the process (invalid entrypoint), 6 restarts',
      'event Warning BackOff ×27 (2026-11-25T09:01:10Z … 2026-11-25T09:30:00Z, kubelet): Back-off restarting failed container gateway in pod gateway-bbefkagkcj-x2xkq_shop(4e8517ca-9245-ba6a-27b2-91515dd86dfe)',
      'terminated message: failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "gateway": executable file not found in $PATH: unknown',
      'root cause: "gateway" is not on the image\'s $PATH: the container\'s command names a file the image does not have there',
    ]);
    expect(f.fix).toBe('Point spec.template.spec.containers[0].command at the path the binary really has in the image, or fix ENTRYPOINT/CMD in the Dockerfile (exec form, absolute path).');
    expect(f.verify).toBe('crane export registry.example.com/shop/gateway:2.0.0 - | tar -t | grep -E "(^|/)gateway$"');
    expect(r.findings[1]!.evidence.at(-1)!.message).toBe('root cause: the image\'s ENTRYPOINT/CMD runs through /bin/sh (shell form, or sh -c) and the image has no shell');
  });

  it('stays silent on the decoys and on the other failure families', async () => {
    for (const dir of ['crash', 'config', 'probes', 'init']) {
      const r = await diagnoseFixture(`containers/${dir}`, [rule]);
      expect(r.findings.map(summary)).toEqual([]);
    }
  });
});
