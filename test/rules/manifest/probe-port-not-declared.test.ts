import rule from '../../../src/rules/manifest/probe-port-not-declared.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { deployment } from './fixtures.js';

const api = (rest: string): string =>
  deployment(`        - name: api
          image: ghcr.io/acme/api:1.4.2
${rest}`);

const ports = '          ports:\n            - name: http\n              containerPort: 8080\n';

ruleTester(rule, {
  valid: [
    { name: 'named port declared', files: { 'deploy.yaml': api(`${ports}          livenessProbe:\n            httpGet: { path: /livez, port: http }\n`) } },
    { name: 'numeric port declared', files: { 'deploy.yaml': api(`${ports}          readinessProbe:\n            tcpSocket: { port: 8080 }\n`) } },
    { name: 'numeric port, container declares no ports at all', files: { 'deploy.yaml': api('          livenessProbe:\n            httpGet: { path: /livez, port: 8080 }\n') } },
    { name: 'numeric port written as a string', files: { 'deploy.yaml': api(`${ports}          livenessProbe:\n            httpGet: { path: /livez, port: "8080" }\n`) } },
    { name: 'exec probe has no port', files: { 'deploy.yaml': api(`${ports}          livenessProbe:\n            exec: { command: ["/app", "healthcheck"] }\n`) } },
  ],
  invalid: [
    {
      name: 'named port that nothing declares',
      files: { 'deploy.yaml': api(`${ports}          livenessProbe:\n            httpGet: { path: /livez, port: metrics }\n`) },
      findings: [
        {
          file: 'deploy.yaml',
          line: 21,
          column: 44,
          container: 'api',
          message: 'the liveness probe of container "api" uses port "metrics", which the container does not declare, so the probe can never run',
          evidence: [{ file: 'deploy.yaml', line: 17 }],
        },
      ],
    },
    {
      name: 'named port declared only by the sidecar',
      files: {
        'deploy.yaml': api(`          readinessProbe:
            httpGet:
              path: /readyz
              port: admin
        - name: envoy
          image: envoyproxy/envoy:v1.31.0
          ports:
            - name: admin
              containerPort: 9901
`),
      },
      findings: [
        {
          file: 'deploy.yaml',
          line: 20,
          column: 21,
          message:
            'the readiness probe of container "api" uses port "admin", which the container does not declare, so the probe can never run; container "envoy" declares it, but a probe only looks at its own container\'s ports',
          evidence: [],
        },
      ],
    },
    {
      name: 'numeric port not among the declared ones (warning)',
      files: { 'deploy.yaml': api(`${ports}          startupProbe:\n            grpc: { port: 9090 }\n`) },
      findings: [{ file: 'deploy.yaml', line: 21, column: 27, message: 'the startup probe of container "api" checks port 9090, but the container declares 8080' }],
    },
  ],
});
