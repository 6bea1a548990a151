import { expect, it } from 'vitest';
import { defaultConfig } from '../../../src/core/config.js';
import { lint } from '../../../src/core/lint.js';
import rule from '../../../src/rules/manifest/liveness-budget-too-short.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { writeTree } from '../../helpers/workspace.js';

/** A Deployment with template annotations and the container's probes spliced in. */
const deploy = (annotations: string, probes: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders
spec:
  selector:
    matchLabels: { app: orders }
  template:
    metadata:
      labels: { app: orders }
${annotations}    spec:
      containers:
        - name: orders
          image: ghcr.io/acme/orders:2.3.0
          ports: [{ name: http, containerPort: 8080 }]
${probes}`;

const slow = '      annotations:\n        kubewhy.dev/startup-seconds: "90"\n';
const liveness = '          livenessProbe:\n            httpGet: { path: /livez, port: http }\n';

ruleTester(rule, {
  valid: [
    { name: 'no declared start-up time: nothing to compare', files: { 'deploy.yaml': deploy('', liveness) } },
    {
      name: 'startupProbe covers the declared start (liveness alone would not)',
      files: {
        'deploy.yaml': deploy(
          slow,
          `${liveness}          startupProbe:
            httpGet: { path: /livez, port: http }
            periodSeconds: 5
            failureThreshold: 20
`,
        ),
      },
    },
    {
      name: 'liveness budget of exactly the declared time',
      files: { 'deploy.yaml': deploy(slow, `${liveness}            initialDelaySeconds: 30\n            periodSeconds: 20\n`) },
    },
    { name: 'no liveness or startup probe: nothing restarts it', files: { 'deploy.yaml': deploy(slow, '          readinessProbe:\n            httpGet: { path: /readyz, port: http }\n') } },
    {
      name: 'annotation for another container',
      files: { 'deploy.yaml': deploy('      annotations:\n        kubewhy.dev/startup-seconds.migrator: "300"\n', liveness) },
    },
  ],
  invalid: [
    {
      name: 'defaults give 30s, the service needs 90s',
      files: { 'deploy.yaml': deploy(slow, liveness) },
      findings: [
        {
          file: 'deploy.yaml',
          line: 18,
          column: 11,
          container: 'orders',
          message:
            'the liveness probe of container "orders" restarts it after 30s (initialDelaySeconds 0 + failureThreshold 3 × periodSeconds 10), but it needs 90s to start',
          evidence: [{ file: 'deploy.yaml', line: 12 }],
        },
      ],
    },
    {
      name: 'a startupProbe that is itself too short (container-specific annotation)',
      files: {
        'deploy.yaml': deploy(
          '      annotations:\n        kubewhy.dev/startup-seconds.orders: "120"\n',
          `${liveness}          startupProbe:
            httpGet: { path: /livez, port: http }
            failureThreshold: 6
`,
        ),
      },
      findings: [
        {
          file: 'deploy.yaml',
          line: 20,
          column: 11,
          message:
            'the startup probe of container "orders" restarts it after 60s (initialDelaySeconds 0 + failureThreshold 6 × periodSeconds 10), but it needs 120s to start',
          evidence: [{ file: 'deploy.yaml', line: 12 }],
        },
      ],
    },
    {
      name: 'annotation on the workload metadata',
      files: {
        'deploy.yaml': deploy('', liveness).replace('  name: orders\n', '  name: orders\n  annotations:\n    kubewhy.dev/startup-seconds: 45\n'),
      },
      findings: [{ file: 'deploy.yaml', line: 18, column: 11, evidence: [{ file: 'deploy.yaml', line: 6 }] }],
    },
  ],
});

it('liveness-budget-too-short: reads the startupSeconds rule option', async () => {
  const root = await writeTree({ 'deploy.yaml': deploy('', liveness) });
  const config = defaultConfig();
  config.rules[rule.meta.id] = { options: { startupSeconds: 60 } };
  const r = await lint({ paths: [root], root, config, rules: [rule] });
  expect(r.findings.map((f) => f.message)).toEqual([
    'the liveness probe of container "orders" restarts it after 30s (initialDelaySeconds 0 + failureThreshold 3 × periodSeconds 10), but it needs 60s to start',
  ]);
  expect(r.findings[0]?.evidence[0]?.message).toBe('rule option startupSeconds: declared start-up time 60s');
});
