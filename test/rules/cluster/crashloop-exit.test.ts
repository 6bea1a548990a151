import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/cluster/crashloop-exit.js';
import { diagnoseFixture, summary } from '../../helpers/cluster.js';

describe('crashloop-exit', () => {
  it('names a missing config file against the mounts, else quotes the last line of the dead run (crash)', async () => {
    const r = await diagnoseFixture('containers/crash', [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map(summary)).toEqual([
      'Deployment/shop/edge spec.template.spec.containers[0].securityContext edge: 1/1 pods of Deployment shop/edge: CrashLoopBackOff — exited with status 1 (log.Fatal / os.Exit(1): the app gave up, read its last log lines); it cannot listen on :80: ports below 1024 need root or NET_BIND_SERVICE, and the container runs without them',
      'Deployment/shop/inventory spec.template.spec.containers[0].volumeMounts inventory: 1/1 pods of Deployment shop/inventory: CrashLoopBackOff — exited with status 1 (log.Fatal / os.Exit(1): the app gave up, read its last log lines); it cannot open its config file /etc/inventory/config.yaml: no such file or directory — no volume is mounted at that directory',
      'Deployment/shop/syncer spec.template.spec.containers[0] syncer: 1/1 pods of Deployment shop/syncer: CrashLoopBackOff — exited with status 1 (log.Fatal / os.Exit(1): the app gave up, read its last log lines); its last line: 2026/11/25 09:29:31 git sync: fork/exec /usr/bin/git: no such file or directory',
    ]);
    const f = r.findings[1]!;
    expect(f.fault).toBe('C2');
    expect(f.evidence.map((e) => e.message)).toEqual([
      'container "inventory" waiting: CrashLoopBackOff (back-off 5m0s restarting failed container=inventory pod=inventory-ckacbmlbbd-b8k2m_shop(1813845c-4dcc-6d28-4ed4-67cc2ae47ff8))',
      'container "inventory" last terminated: exit 1 (Error) — exited with status 1 (log.Fatal / os.Exit(1): the app gave up, read its last log lines), 5 restarts, ran 1s',
      'event Warning BackOff ×22 (2026-11-25T09:02:00Z … 2026-11-25T09:30:00Z, kubelet): Back-off restarting failed container inventory in pod inventory-ckacbmlbbd-b8k2m_shop(1813845c-4dcc-6d28-4ed4-67cc2ae47ff8)',
      'no volumeMounts: nothing is mounted at /etc/inventory/config.yaml',
      'previous log of inventory-ckacbmlbbd-b8k2m/inventory (logs/shop/inventory-ckacbmlbbd-b8k2m/inventory.previous.log), lines 1–2:\n2026/11/25 09:29:31 inventory 3.1.0 starting\n2026/11/25 09:29:31 load config: open /etc/inventory/config.yaml: no such file or directory',
      'root cause: exited with status 1 (log.Fatal / os.Exit(1): the app gave up, read its last log lines); it cannot open its config file /etc/inventory/config.yaml: no such file or directory — no volume is mounted at that directory',
    ]);
    expect(f.fix).toBe('Mount the file at /etc/inventory/config.yaml in Deployment shop/inventory (a ConfigMap or Secret volume with that key at that directory), or point the app at where it is mounted.');
    expect(f.verify).toBe('kubectl logs inventory-ckacbmlbbd-b8k2m -c inventory -n shop --previous --tail=20');
    expect(r.findings[0]!.fix).toBe('Listen on a port ≥ 1024 (and point containerPort, probes and the Service targetPort at it), or add capabilities: { add: [NET_BIND_SERVICE] } in Deployment shop/edge.');
    expect(r.findings[2]!.evidence.at(-1)!.message).toBe('root cause: exited with status 1 (log.Fatal / os.Exit(1): the app gave up, read its last log lines); its last line: 2026/11/25 09:29:31 git sync: fork/exec /usr/bin/git: no such file or directory');
  });

  it('quotes the last line of the dead run, and liveness kills of a long-running container (probes)', async () => {
    const r = await diagnoseFixture('containers/probes', [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map(summary)).toEqual([
      'Deployment/shop/session spec.template.spec.containers[0].livenessProbe session: 1/1 pods of Deployment shop/session: Error — the kubelet restarted it after running 3h25m because its liveness probe kept failing: Liveness probe failed: Get "http://10.244.1.7:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
    ]);
    const f = r.findings[0]!;
    expect(f.fault).toBe('C2');
    expect(f.evidence.map((e) => e.message)).toEqual([
      'container "session" last terminated: exit 143 (Error) — terminated by SIGTERM (stopped by Kubernetes: liveness failure, eviction or rollout), 1 restart, ran 3h25m',
      'event Normal Killing ×1 (2026-11-25T09:25:21Z, kubelet): Container session failed liveness probe, will be restarted',
      'event Warning Unhealthy ×3 (2026-11-25T09:25:00Z … 2026-11-25T09:25:20Z, kubelet): Liveness probe failed: Get "http://10.244.1.7:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
      'previous log of session-fmdfkcdclc-c5n2j/session (logs/shop/session-fmdfkcdclc-c5n2j/session.previous.log), last 1 line:\n{"level":"WARN","msg":"redis pool exhausted","waiters":512}',
      'root cause: the kubelet restarted it after running 3h25m because its liveness probe kept failing: Liveness probe failed: Get "http://10.244.1.7:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
    ]);
    expect(f.fix).toBe('Find out why the running service stops answering its liveness probe (deadlock, exhausted pool, a dependency checked inside the probe) in the previous log; liveness should only test the process itself.');
    expect(f.verify).toBe('kubectl logs session-fmdfkcdclc-c5n2j -c session -n shop --previous --tail=20');
  });

  it('stays silent on the decoys and on the other failure families', async () => {
    for (const dir of ['start', 'config', 'init']) {
      const r = await diagnoseFixture(`containers/${dir}`, [rule]);
      expect(r.findings.map(summary)).toEqual([]);
    }
  });
});
