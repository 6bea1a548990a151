import { pullRule, registryOf } from '../../triage/pull-rule.js';

export default pullRule(
  {
    id: 'image-pull-unreachable',
    fault: 'B5',
    severity: 'warning',
    title: 'Registry unreachable from the node, or rate limited',
    why:
      'The node could not talk to the registry: DNS ("no such host"), firewall or proxy ("i/o timeout", ' +
      '"connection refused"), or Docker Hub\'s pull rate limit ("toomanyrequests"). Nothing is wrong with the ' +
      'image itself; pods start once the path to the registry works.',
    fix:
      'Check node DNS and egress to the registry (proxy, NetworkPolicy on the node network, firewall); for ' +
      'Docker Hub limits authenticate pulls or mirror the image.',
    verify: 'kubectl debug node/<node> -it --image=busybox -- nslookup <registry>',
    tags: ['image', 'live', 'network'],
  },
  ['unreachable', 'rate-limited'],
  (p) => (p.failure === 'rate-limited' ? `${registryOf(p.image)} rate-limited the pulls` : `the node cannot reach ${registryOf(p.image)}`),
);
