import rule from '../../../src/rules/manifest/pod-security-admission.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { deployment } from './fixtures.js';

const namespace = (labels: string): string => `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
${labels}`;
const enforceRestricted = namespace('    pod-security.kubernetes.io/enforce: restricted\n');

const plain = deployment('        - name: api\n          image: ghcr.io/acme/api:1.4.2\n');
const hardened = deployment(
  `        - name: api
          image: ghcr.io/acme/api:1.4.2
          securityContext:
            allowPrivilegeEscalation: false
            capabilities: { drop: ["ALL"] }
`,
  '      securityContext:\n        runAsNonRoot: true\n        seccompProfile: { type: RuntimeDefault }\n',
);

const restrictedText =
  'violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "api" must set securityContext.allowPrivilegeEscalation=false), ' +
  'unrestricted capabilities (container "api" must set securityContext.capabilities.drop=["ALL"]), ' +
  'runAsNonRoot != true (pod or container "api" must set securityContext.runAsNonRoot=true), ' +
  'seccompProfile (pod or container "api" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")';

ruleTester(rule, {
  valid: [
    { name: 'hardened template in a restricted namespace', files: { 'ns.yaml': enforceRestricted, 'd.yaml': hardened } },
    { name: 'no Namespace object in the set (level unknown: no guess)', files: { 'd.yaml': plain } },
    { name: 'namespace enforces baseline, template is baseline', files: { 'ns.yaml': namespace('    pod-security.kubernetes.io/enforce: baseline\n'), 'd.yaml': plain } },
    { name: 'namespace enforces privileged', files: { 'ns.yaml': namespace('    pod-security.kubernetes.io/enforce: privileged\n'), 'd.yaml': plain } },
    {
      name: 'restricted namespace of another name',
      files: { 'ns.yaml': enforceRestricted.replace('name: shop', 'name: payments'), 'd.yaml': plain },
    },
  ],
  invalid: [
    {
      name: 'Deployment in a restricted namespace: the ReplicaSet cannot create pods',
      files: { 'ns.yaml': enforceRestricted, 'd.yaml': plain },
      findings: [
        {
          file: 'd.yaml',
          line: 15,
          column: 11,
          message: `Deployment "api" never gets a pod: its controller reports "Error creating: pods "api-…" is forbidden: ${restrictedText}"`,
          evidence: [
            { file: 'd.yaml', line: 15 },
            { file: 'd.yaml', line: 15 },
            { file: 'd.yaml', line: 15 },
            { file: 'd.yaml', line: 15 },
            { file: 'ns.yaml', line: 6 },
          ],
        },
      ],
    },
    {
      name: 'bare Pod with hostNetwork under baseline, pinned version',
      files: {
        'ns.yaml': namespace('    pod-security.kubernetes.io/enforce: baseline\n    pod-security.kubernetes.io/enforce-version: v1.30\n'),
        'p.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: { name: debug, namespace: shop }\nspec:\n  hostNetwork: true\n  containers:\n    - name: shell\n      image: ghcr.io/acme/debug:1.0.0\n',
      },
      findings: [
        {
          file: 'p.yaml',
          line: 5,
          column: 16,
          message: 'kubectl apply fails: pods "debug" is forbidden: violates PodSecurity "baseline:v1.30": host namespaces (hostNetwork=true)',
        },
      ],
    },
    {
      name: 'warn-only label: info with the apply warning',
      files: { 'ns.yaml': namespace('    pod-security.kubernetes.io/warn: restricted\n'), 'd.yaml': plain },
      findings: [{ file: 'd.yaml', line: 15, column: 11, message: `kubectl apply of Deployment "api" prints "Warning: would ${restrictedText.replace('violates', 'violate')}"` }],
    },
  ],
});
