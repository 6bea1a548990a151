import rule from '../../../src/rules/manifest/emptydir-without-ephemeral-limit.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { deployment } from './fixtures.js';

const api = (resources: string, emptyDir: string): string =>
  deployment(
    `        - name: api\n          image: ghcr.io/acme/api:1.4.2\n${resources}          volumeMounts:\n            - { name: tmp, mountPath: /tmp }\n`,
    `      volumes:\n        - name: tmp\n          emptyDir: ${emptyDir}\n`,
  );

ruleTester(rule, {
  valid: [
    { name: 'sizeLimit set', files: { 'd.yaml': api('', '{ sizeLimit: 64Mi }') } },
    { name: 'container has an ephemeral-storage limit', files: { 'd.yaml': api('          resources:\n            limits: { ephemeral-storage: 1Gi }\n', '{}') } },
    { name: 'memory-backed emptyDir', files: { 'd.yaml': api('', '{ medium: Memory }') } },
    {
      name: 'emptyDir nobody mounts',
      files: { 'd.yaml': deployment('        - name: api\n          image: ghcr.io/acme/api:1.4.2\n', '      volumes:\n        - name: unused\n          emptyDir: {}\n') },
    },
    {
      name: 'LimitRange default gives every container a limit',
      files: {
        'd.yaml': api('', '{}'),
        'lr.yaml': 'apiVersion: v1\nkind: LimitRange\nmetadata: { name: defaults, namespace: shop }\nspec:\n  limits:\n    - type: Container\n      default: { ephemeral-storage: 2Gi }\n',
      },
    },
  ],
  invalid: [
    {
      name: 'unbounded emptyDir at /tmp',
      files: { 'd.yaml': api('          resources:\n            limits: { memory: 512Mi }\n', '{}') },
      findings: [
        {
          file: 'd.yaml',
          line: 23,
          column: 21,
          message: 'emptyDir "tmp" has no sizeLimit and container "api" has no ephemeral-storage limit: writes can fill the node\'s disk and get pods evicted',
          evidence: [{ file: 'd.yaml', line: 18 }],
        },
      ],
    },
  ],
});
