import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/cluster/exec-format-error.js';
import { diagnoseFixture, summary } from '../../helpers/cluster.js';

describe('exec-format-error', () => {
  it('names the node architecture for both runc wordings (exec /app: … and standard_init_linux.go)', async () => {
    const r = await diagnoseFixture('containers/start', [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map(summary)).toEqual([
      'Deployment/shop/api spec.template.spec.containers[0].image api: 2/2 pods of Deployment shop/api: CrashLoopBackOff — exec /app/api: exec format error: the binary is not built for linux/arm64, the nodes\' architecture',
      'Pod/shop/legacy-batch spec.containers[0].image legacy-batch: Pod shop/legacy-batch: CrashLoopBackOff — exec format error: the entrypoint binary is not built for linux/arm64, the nodes\' architecture',
    ]);
    const f = r.findings[0]!;
    expect(f.fault).toBe('A4');
    expect(f.evidence.map((e) => e.message)).toEqual([
      'container "api" waiting: CrashLoopBackOff (back-off 5m0s restarting failed container=api pod=api-lekkbljacc-x2xkq_shop(dc0c8d87-b913-27ce-1763-98f154f5ceb7))',
      'container "api" last terminated: exit 1 (Error) — exited with status 1 (log.Fatal / os.Exit(1): the app gave up, read its last log lines), 6 restarts, ran 0s',
      'event Warning BackOff ×27 (2026-11-25T09:01:10Z … 2026-11-25T09:30:00Z, kubelet): Back-off restarting failed container api in pod api-lekkbljacc-x2xkq_shop(dc0c8d87-b913-27ce-1763-98f154f5ceb7)',
      'node worker-arm-1 runs arm64 (status.nodeInfo.architecture)',
      'previous log of api-lekkbljacc-x2xkq/api (logs/shop/api-lekkbljacc-x2xkq/api.previous.log), line 1:\nexec /app/api: exec format error',
      'root cause: exec /app/api: exec format error: the binary is not built for linux/arm64, the nodes\' architecture',
    ]);
    expect(f.fix).toBe('Build the binary for the node\'s platform: in the Dockerfile use FROM --platform=$BUILDPLATFORM for the builder and GOOS=$TARGETOS GOARCH=$TARGETARCH go build, then docker buildx build --platform linux/amd64,linux/arm64; or pin Deployment shop/api to matching nodes with nodeSelector kubernetes.io/arch.');
    expect(f.verify).toBe('docker run --rm --platform linux/arm64 registry.example.com/shop/api:2.0.0   # must not print "exec format error"');
    expect(r.findings[1]!.evidence.at(-1)!.message).toBe('root cause: exec format error: the entrypoint binary is not built for linux/arm64, the nodes\' architecture');
  });

  it('stays silent on the decoys and on the other failure families', async () => {
    for (const dir of ['crash', 'config', 'probes', 'init']) {
      const r = await diagnoseFixture(`containers/${dir}`, [rule]);
      expect(r.findings.map(summary)).toEqual([]);
    }
  });
});
