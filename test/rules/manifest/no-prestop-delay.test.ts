import rule from '../../../src/rules/manifest/no-prestop-delay.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { deployment, service } from './fixtures.js';

const api = (rest = ''): string =>
  deployment(`        - name: api
          image: ghcr.io/acme/api:1.4.2
          ports:
            - name: http
              containerPort: 8080
${rest}`);

const envoy = '        - name: envoy\n          image: envoyproxy/envoy:v1.31.0\n          ports:\n            - name: admin\n              containerPort: 9901\n';

ruleTester(rule, {
  valid: [
    { name: 'native sleep preStop', files: { 'deploy.yaml': api('          lifecycle:\n            preStop:\n              sleep: { seconds: 5 }\n') + service } },
    { name: 'no Service selects the pods (a queue worker)', files: { 'deploy.yaml': api() } },
    {
      name: 'the sidecar is not behind the Service port',
      files: { 'deploy.yaml': api('          lifecycle:\n            preStop:\n              exec: { command: ["/app", "drain"] }\n' + envoy) + service },
    },
    {
      name: 'Service in another namespace',
      files: { 'deploy.yaml': api() + service.replace('namespace: shop', 'namespace: billing') },
    },
  ],
  invalid: [
    {
      name: 'Service targets the named port',
      files: { 'deploy.yaml': api(envoy) + service },
      findings: [
        {
          file: 'deploy.yaml',
          line: 15,
          column: 11,
          container: 'api',
          message: 'container "api" has no preStop delay: Service api keeps routing requests to it for a few seconds after SIGTERM',
          evidence: [{ file: 'deploy.yaml', line: 32 }],
        },
      ],
    },
    {
      name: 'undeclared numeric targetPort on a single-container pod; lifecycle with only postStart',
      files: {
        'deploy.yaml':
          api('          lifecycle:\n            postStart:\n              exec: { command: ["/app", "warm"] }\n') + service.replace('targetPort: http', 'targetPort: 9000'),
      },
      findings: [{ file: 'deploy.yaml', line: 21, column: 13, container: 'api' }],
    },
  ],
});
