import { errorLineRule, times } from '../../logs/rule-support.js';

export default errorLineRule(
  {
    id: 'log-dial-timeout',
    fault: 'G3',
    severity: 'warning',
    title: 'Connections (or DNS queries) time out instead of being refused',
    why:
      '`dial tcp <addr>: i/o timeout` means no answer at all — packets are dropped, not rejected: a NetworkPolicy ' +
      'without the egress rule (port 53 for DNS, the dependency\'s port), a firewall or security group, or an ' +
      'address that is not routed. A DNS query timing out (`read udp …:53: i/o timeout`) is the same problem for the resolver.',
    fix: 'Allow the egress (NetworkPolicy to the dependency and to kube-dns on UDP/TCP 53), check the address is right and reachable from the pod network.',
    verify: 'kubectl get networkpolicy -n <namespace>; kubectl exec <pod> -- nc -vz -w 3 <host> <port>',
    tags: ['logs', 'network'],
  },
  'dial-timeout',
  (f) =>
    f.detail.resolver
      ? `DNS queries for "${f.detail.host}" to ${f.detail.resolver} time out${times(f.count)}`
      : `connecting to ${f.detail.address} times out (no answer, not refused)${times(f.count)}`,
);
