import { errorLineRule, times } from '../../logs/rule-support.js';

const RESOLVERS: Record<string, string> = { '10.96.0.10:53': 'kube-dns', '127.0.0.11:53': "Docker's embedded DNS" };

export default errorLineRule(
  {
    id: 'log-dns-no-such-host',
    fault: 'G2',
    severity: 'error',
    title: 'A host name the service dials does not resolve',
    why:
      '`lookup <name> on <resolver>: no such host` is an NXDOMAIN from the cluster DNS: the Service name is wrong, ' +
      'lives in another namespace (short names only resolve in the pod\'s own), or does not exist yet. Go prints the ' +
      'name it was asked for, not the search-expanded ones it tried.',
    fix: 'Use the Service\'s full name (<svc>.<namespace>.svc.cluster.local) or fix the typo; check the Service exists in that namespace.',
    verify: 'kubectl get svc -A | grep <name>; kubectl run -it --rm dns --image=busybox:1.36 --restart=Never -- nslookup <name>',
    tags: ['logs', 'dns'],
  },
  'dns-no-such-host',
  (f) => {
    const r = f.detail.resolver;
    const via = r ? ` on ${r}${RESOLVERS[r] ? ` (${RESOLVERS[r]})` : ''}` : ' (cgo resolver)';
    return `host "${f.detail.host}" does not resolve${via}: no such host${times(f.count)}`;
  },
);
