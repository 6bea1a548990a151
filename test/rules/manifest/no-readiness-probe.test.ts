import rule from '../../../src/rules/manifest/no-readiness-probe.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { deployment, service } from './fixtures.js';

const withPort = `        - name: api
          image: ghcr.io/acme/api:1.0.0
          ports:
            - { name: http, containerPort: 8080 }
`;
const probed = `${withPort}          readinessProbe:
            httpGet: { path: /readyz, port: http }
`;
const worker = `        - name: worker
          image: ghcr.io/acme/worker:1.0.0
`;

ruleTester(rule, {
  valid: [
    { name: 'has a readiness probe', files: { 'deploy.yaml': deployment(probed) + service } },
    { name: 'worker without ports nor Service', files: { 'deploy.yaml': deployment(worker) } },
    {
      name: 'Job runs to completion',
      files: { 'job.yaml': 'apiVersion: batch/v1\nkind: Job\nmetadata: { name: migrate }\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: migrate\n          image: ghcr.io/acme/migrate:1.0.0\n          ports: [{ containerPort: 9090 }]\n' },
    },
    {
      name: 'Service in another namespace does not count',
      files: { 'deploy.yaml': deployment(worker) + service.replace('namespace: shop', 'namespace: other') },
    },
    {
      name: 'port-less sidecar beside a probed server',
      files: { 'deploy.yaml': deployment(`${probed}        - name: cloud-sql-proxy\n          image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0\n`) + service },
    },
  ],
  invalid: [
    {
      name: 'ports but no probe',
      files: { 'deploy.yaml': deployment(withPort) },
      findings: [{ file: 'deploy.yaml', line: 15, column: 11, message: 'container "api" exposes ports but has no readinessProbe', container: 'api' }],
    },
    {
      name: 'Service selects a worker without probe',
      files: { 'deploy.yaml': deployment(worker) + service },
      findings: [{ file: 'deploy.yaml', line: 15, column: 11, message: 'container "worker" has no readinessProbe, but Service api sends it traffic', evidence: [{ file: 'deploy.yaml', line: 24 }] }],
    },
  ],
});
