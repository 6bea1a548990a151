import rule from '../../../src/rules/manifest/limits-below-requests.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { deployment } from './fixtures.js';

const api = (resources: string): string => deployment(`        - name: api\n          image: ghcr.io/acme/api:1.4.2\n          resources:\n${resources}`);

ruleTester(rule, {
  valid: [
    { name: 'request equal to limit', files: { 'd.yaml': api('            requests: { cpu: 500m, memory: 512Mi }\n            limits: { cpu: 500m, memory: 512Mi }\n') } },
    { name: 'different units, same amount (1 CPU = 1000m)', files: { 'd.yaml': api('            requests: { cpu: "1" }\n            limits: { cpu: 1000m }\n') } },
    { name: 'decimal vs binary units, request smaller (500M < 512Mi)', files: { 'd.yaml': api('            requests: { memory: 500M }\n            limits: { memory: 512Mi }\n') } },
    { name: 'request without a limit', files: { 'd.yaml': api('            requests: { memory: 2Gi }\n            limits: { cpu: "1" }\n') } },
  ],
  invalid: [
    {
      name: 'memory request above the limit',
      files: { 'd.yaml': api('            requests:\n              cpu: 100m\n              memory: 1Gi\n            limits:\n              memory: 512Mi\n') },
      findings: [
        {
          file: 'd.yaml',
          line: 20,
          column: 23,
          container: 'api',
          message:
            'container "api" requests 1Gi memory but its limit is 512Mi: the API server rejects it with "spec.template.spec.containers[0].resources.requests: Invalid value: "1Gi": must be less than or equal to memory limit of 512Mi"',
          evidence: [{ file: 'd.yaml', line: 22 }],
        },
      ],
    },
    {
      name: 'binary vs decimal: 1Gi request > 1G limit; CPU too',
      files: { 'd.yaml': api('            requests: { cpu: "2", memory: 1Gi }\n            limits: { cpu: 1500m, memory: 1G }\n') },
      findings: [
        { file: 'd.yaml', line: 18, column: 30, message: /^container "api" requests 2 cpu but its limit is 1500m: .*must be less than or equal to cpu limit of 1500m"$/ },
        { file: 'd.yaml', line: 18, column: 43, message: /^container "api" requests 1Gi memory but its limit is 1G: / },
      ],
    },
  ],
});
