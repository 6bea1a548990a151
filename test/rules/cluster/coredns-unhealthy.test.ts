import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/cluster/coredns-unhealthy.js';
import { diagnoseFixture, summary } from '../../helpers/cluster.js';

describe('coredns-unhealthy', () => {
  it('reads the plugin/loop FATAL from the previous log and the Corefile without the kubernetes block', async () => {
    const r = await diagnoseFixture('dns/broken', [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map(summary)).toEqual([
      'ConfigMap/kube-system/coredns data.Corefile undefined: 2/2 pods of Deployment kube-system/coredns: CrashLoopBackOff — cluster DNS is down; CoreDNS detected a forwarding loop (127.0.0.1:53 -> :53) for zone ".": "forward . /etc/resolv.conf" sends queries to the node\'s resolver, which is a local stub (127.0.0.x) pointing back at CoreDNS',
      'ConfigMap/kube-system/coredns data.Corefile undefined: ConfigMap kube-system/coredns: the Corefile has no "kubernetes cluster.local in-addr.arpa ip6.arpa" block, so CoreDNS forwards Service names upstream and they come back NXDOMAIN',
    ]);
    expect(r.findings.every((f) => f.fault === 'G2' && f.severity === 'error')).toBe(true);
    const f = r.findings[0]!;
    expect(f.evidence.map((e) => e.message)).toEqual([
      'container "coredns" waiting: CrashLoopBackOff (back-off 5m0s restarting failed container=coredns pod=coredns-76f75df574-5dbq8_kube-system(11cdcb62-300f-9631-a1f1-d7acb5f803d1))',
      'container "coredns" last terminated: exit 1 (Error) — exited with status 1 (log.Fatal / os.Exit(1): the app gave up, read its last log lines), 16 restarts, ran 2s',
      'previous log of coredns-76f75df574-5dbq8/coredns (logs/kube-system/coredns-76f75df574-5dbq8/coredns.previous.log), line 5:\n[FATAL] plugin/loop: Loop (127.0.0.1:53 -> :53) detected for zone ".", see https://coredns.io/plugins/loop#troubleshooting. Query: "HINFO 4547991504243258144.3688648895315093531."',
      'Corefile: forward . /etc/resolv.conf',
      'root cause: CoreDNS detected a forwarding loop (127.0.0.1:53 -> :53) for zone ".": "forward . /etc/resolv.conf" sends queries to the node\'s resolver, which is a local stub (127.0.0.x) pointing back at CoreDNS',
    ]);
    expect(f.fix).toBe('In ConfigMap kube-system/coredns, replace "forward . /etc/resolv.conf" with real upstream resolvers (e.g. forward . 10.0.0.2, your VPC/LAN DNS), or point the kubelet\'s resolvConf at the non-stub file (/run/systemd/resolve/resolv.conf on systemd-resolved hosts); then kubectl -n kube-system rollout restart deployment/coredns.');
    expect(f.verify).toBe('kubectl run dnscheck --rm -it --restart=Never --image=busybox:1.36 -- nslookup kubernetes.default.svc.cluster.local');
  });

  it('stays silent for ready CoreDNS with the default Corefile, and for kube-dns-labelled pods outside kube-system', async () => {
    const r = await diagnoseFixture('dns/healthy', [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(r.findings).toEqual([]);
  });
});
