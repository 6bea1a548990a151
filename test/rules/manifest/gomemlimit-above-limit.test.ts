import rule from '../../../src/rules/manifest/gomemlimit-above-limit.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { deployment } from './fixtures.js';

const api = (value: string, limit = '512Mi'): string =>
  deployment(`        - name: api
          image: ghcr.io/acme/api:1.4.2
          resources:
            limits: { memory: ${limit} }
          env:
            - name: GOMEMLIMIT
              value: ${value}
`);

ruleTester(rule, {
  valid: [
    { name: '90 % of the limit', files: { 'd.yaml': api('460MiB') } },
    { name: 'bytes below the limit', files: { 'd.yaml': api('"500000000"') } },
    { name: 'off', files: { 'd.yaml': api('"off"') } },
    { name: 'malformed (gomemlimit-invalid reports it)', files: { 'd.yaml': api('1Gi') } },
    { name: 'no memory limit', files: { 'd.yaml': deployment('        - name: api\n          image: ghcr.io/acme/api:1.4.2\n          env:\n            - name: GOMEMLIMIT\n              value: 4GiB\n') } },
  ],
  invalid: [
    {
      name: 'equal to the limit',
      files: { 'd.yaml': api('512MiB') },
      findings: [
        {
          file: 'd.yaml',
          line: 21,
          column: 22,
          container: 'api',
          message: 'GOMEMLIMIT 512MiB is not below the 512Mi memory limit of container "api": the container is OOMKilled before the GC reacts (use ~90 %: "460MiB")',
          evidence: [{ file: 'd.yaml', line: 18 }],
        },
      ],
    },
    {
      name: 'above a decimal-unit limit',
      files: { 'd.yaml': api('1GiB', '1G') },
      findings: [{ file: 'd.yaml', line: 21, column: 22, message: /^GOMEMLIMIT 1GiB is not below the 1G memory limit .* "858MiB"\)$/ }],
    },
  ],
});
