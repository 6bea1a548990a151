import rule from '../../../src/rules/manifest/no-startup-probe-slow-start.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { deployment } from './fixtures.js';

const api = (probes: string): string =>
  deployment(`        - name: api
          image: ghcr.io/acme/api:1.4.2
          ports: [{ name: http, containerPort: 8080 }]
${probes}`);

ruleTester(rule, {
  valid: [
    { name: 'short delay', files: { 'deploy.yaml': api('          livenessProbe:\n            httpGet: { path: /livez, port: http }\n            initialDelaySeconds: 10\n') } },
    {
      name: 'long delay but a startupProbe as well',
      files: {
        'deploy.yaml': api(
          '          startupProbe:\n            httpGet: { path: /livez, port: http }\n            failureThreshold: 30\n          livenessProbe:\n            httpGet: { path: /livez, port: http }\n            initialDelaySeconds: 60\n',
        ),
      },
    },
    { name: 'long delay on readiness only', files: { 'deploy.yaml': api('          readinessProbe:\n            httpGet: { path: /readyz, port: http }\n            initialDelaySeconds: 45\n') } },
  ],
  invalid: [
    {
      name: 'liveness delayed 60s, no startupProbe',
      files: {
        'deploy.yaml': api('          livenessProbe:\n            httpGet: { path: /livez, port: http }\n            initialDelaySeconds: 60\n            periodSeconds: 10\n'),
      },
      findings: [
        {
          file: 'deploy.yaml',
          line: 20,
          column: 34,
          container: 'api',
          message: 'container "api" waits 60s before its first liveness check instead of using a startupProbe',
        },
      ],
    },
    {
      name: 'exactly the threshold',
      files: { 'deploy.yaml': api('          livenessProbe:\n            tcpSocket: { port: http }\n            initialDelaySeconds: 30\n') },
      findings: [{ file: 'deploy.yaml', line: 20, column: 34, message: /waits 30s/ }],
    },
  ],
});
