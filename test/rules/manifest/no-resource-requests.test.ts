import rule from '../../../src/rules/manifest/no-resource-requests.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { deployment } from './fixtures.js';

const bare = '        - name: api\n          image: ghcr.io/acme/api:1.0.0\n';

ruleTester(rule, {
  valid: [
    { name: 'requests set', files: { 'd.yaml': deployment(`${bare}          resources:\n            requests: { cpu: 100m, memory: 128Mi }\n`) } },
    { name: 'limits only (requests default to limits)', files: { 'd.yaml': deployment(`${bare}          resources:\n            limits: { cpu: 500m, memory: 256Mi }\n`) } },
    {
      name: 'LimitRange in the namespace injects default requests',
      files: {
        'd.yaml': deployment(bare),
        'lr.yaml': 'apiVersion: v1\nkind: LimitRange\nmetadata: { name: defaults, namespace: shop }\nspec:\n  limits:\n    - type: Container\n      defaultRequest: { cpu: 50m, memory: 64Mi }\n',
      },
    },
  ],
  invalid: [
    {
      name: 'no resources at all',
      files: { 'd.yaml': deployment(bare) },
      findings: [{ file: 'd.yaml', line: 15, column: 11, message: 'container "api" has no CPU or memory request (BestEffort QoS: evicted first, invisible to the scheduler)', container: 'api' }],
    },
    {
      name: 'memory request missing, points at resources',
      files: { 'd.yaml': deployment(`${bare}          resources:\n            requests: { cpu: 100m }\n`) },
      findings: [{ file: 'd.yaml', line: 18, column: 13, message: 'container "api" has no memory request' }],
    },
  ],
});
