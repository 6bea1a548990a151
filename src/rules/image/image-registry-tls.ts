import { defineRule } from '../../core/rule.js';
import { registryEvidence, registryFailures } from '../../model/image-targets.js';

export default defineRule({
  meta: {
    id: 'image-registry-tls',
    fault: 'B3',
    severity: 'error',
    title: 'The registry\'s TLS is not trusted (or it does not speak HTTPS)',
    why:
      'The container runtime verifies the registry certificate against the node\'s trust store. A private CA, an ' +
      'expired or mismatched certificate, or a plain-HTTP registry fails the pull with "x509: certificate signed by ' +
      'unknown authority" or "http: server gave HTTP response to HTTPS client".',
    fix: 'Install the registry\'s CA on the nodes (containerd: /etc/containerd/certs.d/<host>/ca.crt), renew the certificate, or configure the registry as insecure in the runtime — the same fix applies to this check: --ca-file / --insecure-registry.',
    verify: 'openssl s_client -connect <registry-host:port> -showcerts </dev/null | openssl x509 -noout -issuer -dates',
    needs: ['image'],
    tags: ['image', 'registry', 'tls'],
  },
  check({ ws, report }) {
    for (const t of registryFailures(ws, ['tls', 'protocol-mismatch'])) {
      report({
        message: `${t.label}: ${t.inspection.reference} cannot be pulled over a trusted connection: ${t.error.message}`,
        at: t.subject,
        evidence: [registryEvidence(t.error)],
      });
    }
  },
});
