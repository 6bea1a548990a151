import rule from '../../../src/rules/manifest/run-as-user-zero.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { deployment } from './fixtures.js';

const api = (sc: string, podSc = ''): string =>
  deployment(`        - name: api\n          image: ghcr.io/acme/api:1.4.2\n${sc ? `          securityContext:\n${sc}` : ''}`, podSc ? `      securityContext:\n${podSc}` : '');

ruleTester(rule, {
  valid: [
    { name: 'nothing set (the image USER decides: Dockerfile rules judge it)', files: { 'd.yaml': api('') } },
    { name: 'non-root UID', files: { 'd.yaml': api('            runAsUser: 65532\n') } },
    { name: 'container overrides pod-level root', files: { 'd.yaml': api('            runAsUser: 1000\n', '        runAsUser: 0\n') } },
    { name: 'runAsNonRoot with UID 0 (the error rule reports it)', files: { 'd.yaml': api('            runAsNonRoot: true\n            runAsUser: 0\n') } },
  ],
  invalid: [
    {
      name: 'pod-level root applies to the container',
      files: { 'd.yaml': api('', '        runAsUser: 0\n') },
      findings: [{ file: 'd.yaml', line: 18, column: 20, container: 'api', message: 'container "api" runs as root (runAsUser: 0)' }],
    },
  ],
});
