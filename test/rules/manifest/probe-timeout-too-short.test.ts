import rule from '../../../src/rules/manifest/probe-timeout-too-short.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { deployment } from './fixtures.js';

const api = (probes: string): string =>
  deployment(`        - name: api
          image: ghcr.io/acme/api:1.4.2
          ports: [{ name: http, containerPort: 8080 }]
${probes}`);

ruleTester(rule, {
  valid: [
    { name: 'all defaults (timeout 1s, but 3 failures needed)', files: { 'deploy.yaml': api('          livenessProbe:\n            httpGet: { path: /livez, port: http }\n') } },
    {
      name: 'failureThreshold 1 with a 5s timeout',
      files: { 'deploy.yaml': api('          livenessProbe:\n            httpGet: { path: /livez, port: http }\n            failureThreshold: 1\n            timeoutSeconds: 5\n') },
    },
    { name: 'tcpSocket liveness with failureThreshold 1', files: { 'deploy.yaml': api('          livenessProbe:\n            tcpSocket: { port: http }\n            failureThreshold: 1\n') } },
    {
      name: 'readiness with failureThreshold 1 only takes the pod out of rotation',
      files: { 'deploy.yaml': api('          readinessProbe:\n            httpGet: { path: /readyz, port: http }\n            failureThreshold: 1\n') },
    },
    {
      name: 'failureThreshold 0 is defaulted to 3 by the API server',
      files: { 'deploy.yaml': api('          livenessProbe:\n            httpGet: { path: /livez, port: http }\n            failureThreshold: 0\n') },
    },
  ],
  invalid: [
    {
      name: 'failureThreshold 1 with the default timeout',
      files: {
        'deploy.yaml': api('          livenessProbe:\n            httpGet: { path: /livez, port: http }\n            periodSeconds: 5\n            failureThreshold: 1\n'),
      },
      findings: [
        {
          file: 'deploy.yaml',
          line: 21,
          column: 31,
          container: 'api',
          message: 'container "api" is restarted after a single liveness check slower than 1s (timeoutSeconds 1 by default, failureThreshold 1)',
        },
      ],
    },
    {
      name: 'exec grpc_health_probe with explicit timeout 1',
      files: {
        'deploy.yaml': api(
          '          livenessProbe:\n            exec:\n              command: ["/bin/grpc_health_probe", "-addr=:8080"]\n            timeoutSeconds: 1\n            failureThreshold: 1\n',
        ),
      },
      findings: [{ file: 'deploy.yaml', line: 22, column: 31, message: /\(timeoutSeconds 1, failureThreshold 1\)/ }],
    },
  ],
});
