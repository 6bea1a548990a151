import type { Evidence } from '../../core/finding.js';
import { defineRule, type Report } from '../../core/rule.js';
import { logEvidence, terminationEvidence } from '../../triage/container-evidence.js';
import { corefileOf, dnsProblems, type CorefileGap, type DnsProblem } from '../../triage/coredns.js';
import { eventEvidence, objectName, ownerSubject, podsLabel, waitingEvidence } from '../../triage/describe.js';

export default defineRule({
  meta: {
    id: 'coredns-unhealthy',
    fault: 'G2',
    severity: 'error',
    title: 'Cluster DNS is down or cannot resolve Service names',
    why:
      'Every "dial tcp: lookup db.shop.svc.cluster.local: … server misbehaving / i/o timeout / no such host" in the ' +
      'cluster starts here. CoreDNS pods (kube-system, k8s-app=kube-dns) that crash-loop — typically `[FATAL] ' +
      'plugin/loop: Loop (127.0.0.1:53 -> :53) detected for zone "."` when `forward . /etc/resolv.conf` points at ' +
      'a local stub resolver — leave the kube-dns Service without endpoints; a Corefile without the ' +
      '`kubernetes cluster.local in-addr.arpa ip6.arpa` block forwards Service names upstream, which answers NXDOMAIN.',
    fix: 'Forward to real upstream resolvers (or fix the node resolv.conf the kubelet hands CoreDNS), and keep the kubernetes plugin block in the Corefile.',
    verify: 'kubectl run dnscheck --rm -it --restart=Never --image=busybox:1.36 -- nslookup kubernetes.default.svc.cluster.local',
    needs: ['cluster'],
    tags: ['live', 'network', 'dns'],
  },
  check({ ws, report }) {
    if (!ws.cluster) return;
    const corefile = corefileOf(ws.cluster);
    for (const p of dnsProblems(ws.cluster)) report(podsDown(p, corefile));
    if (corefile?.missingKubernetes) report(noKubernetesBlock(corefile));
  },
});

const VERIFY = 'kubectl run dnscheck --rm -it --restart=Never --image=busybox:1.36 -- nslookup kubernetes.default.svc.cluster.local';
const CM_FIELD = 'data.Corefile';

function podsDown(p: DnsProblem, corefile: CorefileGap | undefined): Report {
  const c = p.container;
  const evidence: Evidence[] = [];
  if (c?.waiting) evidence.push(waitingEvidence(c));
  const ended = c ? terminationEvidence(c) : undefined;
  if (ended) evidence.push(ended);
  if (p.fatal) evidence.push(logEvidence(p.fatal.log, [p.fatal.line], p.fatal.lineNumber));
  else if (p.unhealthy) evidence.push(eventEvidence(p.unhealthy, p.pods[0]));
  const loop = p.fatal?.loop;
  if (loop && corefile?.forward) evidence.push({ message: `Corefile: ${corefile.forward}`, object: corefile.configMap.ref, fieldPath: CM_FIELD });
  const state = c?.waiting?.reason ?? 'not ready';
  const cause = loop
    ? `CoreDNS detected a forwarding loop (${loop.path}) for zone "${loop.zone}": ${corefile?.forward ? `"${corefile.forward}"` : 'its forward plugin'} sends queries to the node's resolver, which is a local stub (127.0.0.x) pointing back at CoreDNS`
    : p.fatal
      ? `CoreDNS exits: ${p.fatal.line}`
      : p.unhealthy
        ? `CoreDNS is not ready: ${p.unhealthy.message}`
        : `CoreDNS pods are ${state}`;
  evidence.push({ message: `root cause: ${cause}` });
  const where = loop && corefile ? { object: corefile.configMap.ref, fieldPath: CM_FIELD } : c ? ownerSubject(p.owner, c) : { object: p.owner.ref };
  return {
    message: `${podsLabel(p.owner, p.pods.length, p.total)}: ${state} — cluster DNS is down; ${cause}`,
    at: where,
    evidence,
    fix: loop
      ? `In ConfigMap kube-system/coredns, replace "${corefile?.forward ?? 'forward . /etc/resolv.conf'}" with real upstream resolvers (e.g. forward . 10.0.0.2, your VPC/LAN DNS), or point the kubelet's resolvConf at the non-stub file (/run/systemd/resolve/resolv.conf on systemd-resolved hosts); then kubectl -n kube-system rollout restart deployment/coredns.`
      : `Read kubectl -n kube-system logs deploy/coredns --previous and fix what CoreDNS reports (${objectName(p.owner)}).`,
    verify: VERIFY,
  };
}

function noKubernetesBlock(g: CorefileGap): Report {
  const cause = 'the Corefile has no "kubernetes cluster.local in-addr.arpa ip6.arpa" block, so CoreDNS forwards Service names upstream and they come back NXDOMAIN';
  return {
    message: `${objectName(g.configMap)}: ${cause}`,
    at: { object: g.configMap.ref, fieldPath: CM_FIELD },
    evidence: [
      { message: `Corefile server block .:53 has no kubernetes plugin${g.forward ? `; queries go to "${g.forward}"` : ''}`, object: g.configMap.ref, fieldPath: CM_FIELD },
      { message: `root cause: ${cause}` },
    ],
    fix: 'Restore the block in ConfigMap kube-system/coredns, before forward: "kubernetes cluster.local in-addr.arpa ip6.arpa { pods insecure; fallthrough in-addr.arpa ip6.arpa; ttl 30 }" (one option per line); the reload plugin picks it up within a minute.',
    verify: VERIFY,
  };
}
