import rule from '../../../src/rules/manifest/gomemlimit-invalid.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { deployment } from './fixtures.js';

const api = (env: string): string =>
  deployment(`        - name: api
          image: ghcr.io/acme/api:1.4.2
          resources:
            limits: { memory: 512Mi }
          env:
${env}`);

const configMap = (value: string): string => `apiVersion: v1
kind: ConfigMap
metadata: { name: api-env, namespace: shop }
data:
  LOG_LEVEL: info
  GOMEMLIMIT: ${value}
`;

const fromConfigMap = deployment(`        - name: api
          image: ghcr.io/acme/api:1.4.2
          envFrom:
            - configMapRef: { name: api-env }
`);

ruleTester(rule, {
  valid: [
    { name: 'MiB suffix', files: { 'd.yaml': api('            - name: GOMEMLIMIT\n              value: 460MiB\n') } },
    { name: 'plain bytes', files: { 'd.yaml': api('            - name: GOMEMLIMIT\n              value: "482344960"\n') } },
    { name: 'off', files: { 'd.yaml': api('            - name: GOMEMLIMIT\n              value: "off"\n') } },
    { name: 'empty value means unset', files: { 'd.yaml': api('            - name: GOMEMLIMIT\n              value: ""\n') } },
    {
      name: 'resourceFieldRef limits.memory without divisor (bytes)',
      files: { 'd.yaml': api('            - name: GOMEMLIMIT\n              valueFrom:\n                resourceFieldRef: { resource: limits.memory }\n') },
    },
    {
      name: 'resourceFieldRef with divisor 1',
      files: { 'd.yaml': api('            - name: GOMEMLIMIT\n              valueFrom:\n                resourceFieldRef: { resource: limits.memory, divisor: "1" }\n') },
    },
    { name: 'ConfigMap value in Go units', files: { 'd.yaml': fromConfigMap, 'cm.yaml': configMap('460MiB') } },
    {
      name: 'a later env entry overrides the malformed one (kubelet: last wins)',
      files: { 'd.yaml': api('            - name: GOMEMLIMIT\n              value: 512Mi\n            - name: GOMEMLIMIT\n              value: 460MiB\n') },
    },
    {
      name: 'non-Go image (nginx ignores GOMEMLIMIT)',
      files: { 'd.yaml': deployment('        - name: web\n          image: nginx:1.27\n          env:\n            - name: GOMEMLIMIT\n              value: 512Mi\n') },
    },
  ],
  invalid: [
    {
      name: 'Kubernetes unit Mi',
      files: { 'd.yaml': api('            - name: GOMEMLIMIT\n              value: 512Mi\n') },
      findings: [
        {
          file: 'd.yaml',
          line: 21,
          column: 22,
          container: 'api',
          message:
            'GOMEMLIMIT "512Mi" is not a Go byte count: container "api" exits 2 at start with "fatal error: malformed GOMEMLIMIT; see `go doc runtime/debug.SetMemoryLimit`" (write "512MiB")',
        },
      ],
    },
    {
      name: 'decimal unit MB (not accepted by Go either)',
      files: { 'd.yaml': api('            - name: GOMEMLIMIT\n              value: "500MB"\n') },
      findings: [{ file: 'd.yaml', line: 21, column: 22, message: /GOMEMLIMIT "500MB" is not a Go byte count: .* \(use an integer with B, KiB, MiB, GiB or TiB\)$/ }],
    },
    {
      name: 'scientific notation',
      files: { 'd.yaml': api('            - name: GOMEMLIMIT\n              value: "1e9"\n') },
      findings: [{ file: 'd.yaml', line: 21, column: 22, message: /GOMEMLIMIT "1e9" .* \(write "1000000000"\)$/ }],
    },
    {
      name: 'malformed value in a ConfigMap, reported once at the key',
      files: { 'd.yaml': fromConfigMap, 'cm.yaml': configMap('1Gi') },
      findings: [{ file: 'cm.yaml', line: 6, column: 15, message: /GOMEMLIMIT "1Gi" is not a Go byte count: container "api" exits 2 .* \(write "1GiB"\)$/ }],
    },
    {
      name: 'resourceFieldRef with divisor 1Mi',
      files: { 'd.yaml': api('            - name: GOMEMLIMIT\n              valueFrom:\n                resourceFieldRef: { resource: limits.memory, divisor: 1Mi }\n') },
      findings: [
        {
          file: 'd.yaml',
          line: 22,
          column: 35,
          message:
            'GOMEMLIMIT comes from limits.memory with divisor 1Mi: the container sees a bare number (512 for 512Mi) that Go reads as bytes, so the GC runs non-stop',
        },
      ],
    },
  ],
});
