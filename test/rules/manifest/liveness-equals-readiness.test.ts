import rule from '../../../src/rules/manifest/liveness-equals-readiness.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { deployment } from './fixtures.js';

const api = (probes: string): string =>
  deployment(`        - name: api
          image: ghcr.io/acme/api:1.4.2
          ports:
            - name: http
              containerPort: 8080
${probes}`);

ruleTester(rule, {
  valid: [
    {
      name: 'separate /livez and /readyz',
      files: {
        'deploy.yaml': api(`          livenessProbe:
            httpGet: { path: /livez, port: http }
          readinessProbe:
            httpGet: { path: /readyz, port: http }
`),
      },
    },
    {
      name: 'same path on a different port (admin server vs public server)',
      files: {
        'deploy.yaml': api(`          livenessProbe:
            httpGet: { path: /healthz, port: 9090 }
          readinessProbe:
            httpGet: { path: /healthz, port: http }
`),
      },
    },
    {
      name: 'tcpSocket for both: only fails when nothing listens',
      files: {
        'deploy.yaml': api(`          livenessProbe:
            tcpSocket: { port: http }
          readinessProbe:
            tcpSocket: { port: http }
`),
      },
    },
    {
      name: 'only a readiness probe',
      files: {
        'deploy.yaml': api(`          readinessProbe:
            httpGet: { path: /healthz, port: http }
`),
      },
    },
    {
      name: 'grpc probes for different services',
      files: {
        'deploy.yaml': api(`          livenessProbe:
            grpc: { port: 8080, service: liveness }
          readinessProbe:
            grpc: { port: 8080 }
`),
      },
    },
  ],
  invalid: [
    {
      name: 'same path, one by port name and one by number, different thresholds',
      files: {
        'deploy.yaml': api(`          livenessProbe:
            httpGet:
              path: /healthz
              port: http
            failureThreshold: 5
          readinessProbe:
            httpGet:
              path: /healthz
              port: 8080
            periodSeconds: 5
`),
      },
      findings: [
        {
          file: 'deploy.yaml',
          line: 20,
          column: 11,
          container: 'api',
          message: 'container "api" uses the same check for liveness and readiness (httpGet /healthz on port 8080): a pod that is only unready gets restarted',
          evidence: [{ file: 'deploy.yaml', line: 25 }],
        },
      ],
    },
    {
      name: 'identical grpc health checks',
      files: {
        'deploy.yaml': api(`          readinessProbe:
            grpc: { port: 8080 }
          livenessProbe:
            grpc: { port: 8080 }
`),
      },
      findings: [{ file: 'deploy.yaml', line: 22, column: 11, message: /\(grpc on port 8080\)/, evidence: [{ file: 'deploy.yaml', line: 20 }] }],
    },
  ],
});
