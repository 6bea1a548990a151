import rule from '../../../src/rules/manifest/run-as-non-root-with-root-uid.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { deployment } from './fixtures.js';

const api = (sc: string, podSc = ''): string =>
  deployment(`        - name: api\n          image: ghcr.io/acme/api:1.4.2\n${sc ? `          securityContext:\n${sc}` : ''}`, podSc ? `      securityContext:\n${podSc}` : '');

ruleTester(rule, {
  valid: [
    { name: 'non-root UID', files: { 'd.yaml': api('            runAsNonRoot: true\n            runAsUser: 65532\n') } },
    { name: 'container overrides a pod-level root UID', files: { 'd.yaml': api('            runAsUser: 10001\n', '        runAsNonRoot: true\n        runAsUser: 0\n') } },
    { name: 'container opts out of runAsNonRoot', files: { 'd.yaml': api('            runAsNonRoot: false\n', '        runAsNonRoot: true\n        runAsUser: 0\n') } },
    { name: 'root without runAsNonRoot (run-as-user-zero reports it)', files: { 'd.yaml': api('            runAsUser: 0\n') } },
  ],
  invalid: [
    {
      name: 'both on the container',
      files: { 'd.yaml': api('            runAsNonRoot: true\n            runAsUser: 0\n') },
      findings: [
        {
          file: 'd.yaml',
          line: 19,
          column: 24,
          container: 'api',
          message: `container "api" has runAsNonRoot: true and runAsUser: 0: the kubelet refuses to start it (CreateContainerConfigError: "container's runAsUser breaks non-root policy")`,
          evidence: [{ file: 'd.yaml', line: 18 }],
        },
      ],
    },
    {
      name: 'pod-level runAsNonRoot, container-level root',
      files: { 'd.yaml': api('            runAsUser: 0\n', '        runAsNonRoot: true\n') },
      findings: [{ file: 'd.yaml', line: 18, column: 24, evidence: [{ file: 'd.yaml', line: 20 }] }],
    },
  ],
});
