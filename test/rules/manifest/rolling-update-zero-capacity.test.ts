import rule from '../../../src/rules/manifest/rolling-update-zero-capacity.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { deployment } from './fixtures.js';

const container = '        - name: api\n          image: ghcr.io/acme/api:1.4.2\n';

/** A Deployment with `replicas` (or none) and a strategy block under spec. */
const deploy = (replicas: number | undefined, strategy: string): string => {
  const base = deployment(container);
  const withReplicas = replicas === undefined ? base.replace('  replicas: 2\n', '') : base.replace('replicas: 2', `replicas: ${replicas}`);
  return withReplicas.replace('  selector:\n', `${strategy}  selector:\n`);
};

const ru = (surge: string, unavailable: string): string =>
  `  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: ${surge}\n      maxUnavailable: ${unavailable}\n`;

ruleTester(rule, {
  valid: [
    { name: 'defaults on one replica (25% surge rounds up to 1, 25% unavailable down to 0)', files: { 'deploy.yaml': deploy(undefined, '') } },
    { name: 'surge 1, unavailable 0', files: { 'deploy.yaml': deploy(1, ru('1', '0')) } },
    { name: 'unavailable 1 of 3', files: { 'deploy.yaml': deploy(3, ru('0', '1')) } },
    { name: '50% of 3 rounds down to 1', files: { 'deploy.yaml': deploy(3, ru('0', '50%')) } },
    { name: 'Recreate is a deliberate gap', files: { 'deploy.yaml': deploy(1, '  strategy:\n    type: Recreate\n') } },
    { name: 'scaled to zero', files: { 'deploy.yaml': deploy(0, ru('0', '1')) } },
  ],
  invalid: [
    {
      name: 'maxSurge 0 and maxUnavailable 0% is rejected',
      files: { 'deploy.yaml': deploy(3, ru('0', '0%')) },
      findings: [
        {
          file: 'deploy.yaml',
          line: 12,
          column: 23,
          message: 'Deployment api sets maxSurge 0 and maxUnavailable 0%: the API server rejects it ("may not be 0 when `maxSurge` is 0")',
        },
      ],
    },
    {
      name: 'maxUnavailable 100%',
      files: { 'deploy.yaml': deploy(4, ru('25%', '100%')) },
      findings: [{ file: 'deploy.yaml', line: 12, column: 23, message: 'Deployment api can take every pod down during a rollout: maxUnavailable 100% resolves to 4 of 4 replicas' }],
    },
    {
      name: 'maxUnavailable 1 on a single replica (replicas unset)',
      files: { 'deploy.yaml': deploy(undefined, '  strategy:\n    rollingUpdate:\n      maxUnavailable: 1\n') },
      findings: [{ file: 'deploy.yaml', line: 9, column: 23, message: 'Deployment api can take every pod down during a rollout: maxUnavailable 1 resolves to 1 of 1 replica' }],
    },
    {
      name: 'percentages that both round to 0 on one replica',
      files: { 'deploy.yaml': deploy(1, ru('0%', '25%')) },
      findings: [
        {
          file: 'deploy.yaml',
          line: 12,
          column: 23,
          message: 'Deployment api can take every pod down during a rollout: maxSurge 0% and maxUnavailable 25% both round to 0 for 1 replica, so the controller lets 1 pod go',
        },
      ],
    },
    {
      name: 'maxUnavailable 2 at the autoscaler minimum of 2',
      files: {
        'deploy.yaml':
          deploy(undefined, '  strategy:\n    rollingUpdate:\n      maxUnavailable: 2\n') +
          '---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: { name: api-hpa, namespace: shop }\nspec:\n  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: api }\n  minReplicas: 2\n  maxReplicas: 8\n',
      },
      findings: [{ file: 'deploy.yaml', line: 9, column: 23, message: /resolves to 2 of 2 replicas \(the autoscaler minimum of api-hpa\)/ }],
    },
  ],
});
