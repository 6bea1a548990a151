import rule from '../../../src/rules/manifest/duplicate-env-name.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { deployment } from './fixtures.js';

const api = (env: string) => `        - name: api\n          image: ghcr.io/acme/api:1.4.2\n          env:\n${env}`;

ruleTester(rule, {
  valid: [
    { name: 'distinct names', files: { 'k8s/api.yaml': deployment(api('            - { name: LOG_LEVEL, value: info }\n            - { name: PORT, value: "8080" }\n')) } },
    {
      name: 'same name in two containers',
      files: { 'k8s/api.yaml': deployment(`${api('            - { name: LOG_LEVEL, value: info }\n')}        - name: proxy\n          image: envoyproxy/envoy:v1.31.0\n          env: [{ name: LOG_LEVEL, value: warn }]\n`) },
    },
  ],
  invalid: [
    {
      name: 'values override appended to the base list',
      files: { 'k8s/api.yaml': deployment(api('            - name: LOG_LEVEL\n              value: info\n            - name: PORT\n              value: "8080"\n            - name: LOG_LEVEL\n              value: debug\n')) },
      findings: [
        {
          file: 'k8s/api.yaml',
          line: 22,
          column: 21,
          container: 'api',
          message: 'container "api" sets LOG_LEVEL twice (env[0] and env[2]): env[2] silently wins, and apply may drop it',
          evidence: [{ file: 'k8s/api.yaml', line: 18 }],
        },
      ],
    },
  ],
});
