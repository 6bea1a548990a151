import rule from '../../../src/rules/manifest/no-liveness-probe.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { deployment } from './fixtures.js';

ruleTester(rule, {
  valid: [
    {
      name: 'has a liveness probe',
      files: { 'deploy.yaml': deployment('        - name: api\n          image: ghcr.io/acme/api:1.0.0\n          livenessProbe:\n            httpGet: { path: /healthz, port: 8080 }\n') },
    },
    {
      name: 'init containers and Jobs are not probed',
      files: {
        'job.yaml': 'apiVersion: batch/v1\nkind: Job\nmetadata: { name: migrate }\nspec:\n  template:\n    spec:\n      restartPolicy: OnFailure\n      containers:\n        - name: migrate\n          image: ghcr.io/acme/migrate:1.0.0\n',
      },
    },
  ],
  invalid: [
    {
      name: 'two containers, one without',
      files: {
        'deploy.yaml': deployment(
          '        - name: api\n          image: ghcr.io/acme/api:1.0.0\n          livenessProbe:\n            httpGet: { path: /healthz, port: 8080 }\n        - name: proxy\n          image: envoyproxy/envoy:v1.31.0\n',
        ),
      },
      findings: [{ file: 'deploy.yaml', line: 19, column: 11, message: 'container "proxy" has no livenessProbe', container: 'proxy' }],
    },
    {
      name: 'bare Pod',
      files: { 'pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\nspec:\n  containers:\n  - name: app\n    image: ghcr.io/acme/api:1.0.0\n' },
      findings: [{ file: 'pod.yaml', line: 7, column: 5, message: 'container "app" has no livenessProbe' }],
    },
  ],
});
