import { pullRule, registryOf } from '../../triage/pull-rule.js';

export default pullRule(
  {
    id: 'image-pull-untrusted-tls',
    fault: 'B3',
    severity: 'error',
    title: 'Nodes do not trust the registry\'s TLS certificate',
    why:
      'The container runtime on the node verifies the registry certificate against the node\'s CA bundle; a ' +
      'private registry (Harbor, Nexus, a self-signed registry) signed by an internal CA fails with "x509: ' +
      'certificate signed by unknown authority" on every node that lacks that CA.',
    fix:
      'Install the registry CA on every node (containerd: /etc/containerd/certs.d/<registry>/ca.crt, then ' +
      'restart containerd), or serve the registry with a publicly trusted certificate.',
    verify: 'openssl s_client -connect <registry>:443 -showcerts </dev/null | openssl x509 -noout -issuer',
    tags: ['image', 'live', 'tls'],
  },
  ['tls'],
  (p) => `the node does not trust the TLS certificate of ${registryOf(p.image)}`,
);
