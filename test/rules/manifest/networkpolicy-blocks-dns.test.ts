import rule from '../../../src/rules/manifest/networkpolicy-blocks-dns.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { deployment } from './fixtures.js';

const app = deployment('        - name: api\n          image: ghcr.io/acme/api:1.4.2\n');
const policy = (name: string, spec: string) => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: shop
spec:
${spec}`;
const denyAll = policy('default-deny', '  podSelector: {}\n  policyTypes: [Ingress, Egress]\n');
const allowDb = policy('api-to-db', '  podSelector:\n    matchLabels: { app: api }\n  policyTypes: [Egress]\n  egress:\n    - to:\n        - podSelector:\n            matchLabels: { app: postgres }\n      ports:\n        - port: 5432\n');
const dns = (ports: string, to = '        - namespaceSelector:\n            matchLabels: { kubernetes.io/metadata.name: kube-system }\n') =>
  policy('allow-dns', `  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - to:\n${to}      ports:\n${ports}`);

ruleTester(rule, {
  valid: [
    { name: 'no NetworkPolicy', files: { 'k8s/app.yaml': app } },
    { name: 'ingress-only default deny', files: { 'k8s/app.yaml': app + policy('deny-ingress', '  podSelector: {}\n  policyTypes: [Ingress]\n') } },
    { name: 'default deny plus an allow-dns policy', files: { 'k8s/app.yaml': app + denyAll + allowDb + dns('        - { protocol: UDP, port: 53 }\n        - { protocol: TCP, port: 53 }\n') } },
    { name: 'DNS by CoreDNS port name', files: { 'k8s/app.yaml': app + denyAll + dns('        - { protocol: UDP, port: dns }\n') } },
    { name: 'namespaceSelector on a custom label (may be kube-system)', files: { 'k8s/app.yaml': app + denyAll + dns('        - { protocol: UDP, port: 53 }\n', '        - namespaceSelector:\n            matchLabels: { team: platform }\n') } },
    { name: 'egress to anywhere on any port', files: { 'k8s/app.yaml': app + policy('open', '  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - {}\n') } },
    { name: 'policy selects other pods', files: { 'k8s/app.yaml': app + policy('web-deny', '  podSelector:\n    matchLabels: { app: web }\n  policyTypes: [Egress]\n') } },
  ],
  invalid: [
    {
      name: 'default deny all, DB allowed, DNS forgotten',
      files: { 'k8s/app.yaml': app + denyAll + allowDb },
      findings: [
        {
          file: 'k8s/app.yaml',
          line: 25,
          column: 16,
          message: 'NetworkPolicy default-deny, api-to-db restrict egress of Deployment api, but no egress rule allows DNS (UDP 53 to kube-system): every name lookup times out',
          evidence: [{ file: 'k8s/app.yaml', line: 34 }, { file: 'k8s/app.yaml', line: 12 }],
        },
      ],
    },
    {
      name: 'port 53 without protocol is TCP only',
      files: { 'k8s/app.yaml': app + denyAll + dns('        - port: 53\n') },
      findings: [{ file: 'k8s/app.yaml', line: 25, column: 16, message: /but allows port 53 over TCP only \(a port without protocol is TCP\)/ }],
    },
    {
      name: 'DNS allowed only to the app namespace',
      files: { 'k8s/app.yaml': app + dns('        - { protocol: UDP, port: 53 }\n', '        - namespaceSelector:\n            matchLabels: { kubernetes.io/metadata.name: shop }\n') },
      findings: [{ file: 'k8s/app.yaml', line: 27, column: 5, message: /no egress rule allows DNS/ }],
    },
  ],
});
