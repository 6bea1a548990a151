import rule from '../../../src/rules/manifest/pdb-blocks-disruption.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { deployment } from './fixtures.js';

const container = '        - name: api\n          image: ghcr.io/acme/api:1.4.2\n';
const replicas = (n: number): string => deployment(container).replace('replicas: 2', `replicas: ${n}`);

const pdb = (budget: string, selector = 'matchLabels: { app: api }'): string => `---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: api
  namespace: shop
spec:
  ${budget}
  selector:
    ${selector}
`;

const hpa = `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: api
  namespace: shop
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: api }
  minReplicas: 2
  maxReplicas: 6
`;

ruleTester(rule, {
  valid: [
    { name: 'maxUnavailable 1', files: { 'deploy.yaml': replicas(3) + pdb('maxUnavailable: 1') } },
    { name: 'minAvailable below replicas', files: { 'deploy.yaml': replicas(3) + pdb('minAvailable: 2') } },
    { name: 'maxUnavailable 10% rounds up to 1', files: { 'deploy.yaml': replicas(3) + pdb('maxUnavailable: 10%') } },
    { name: 'minAvailable 50% of 3 is 2', files: { 'deploy.yaml': replicas(3) + pdb('minAvailable: 50%') } },
    { name: 'minAvailable 1 with no workload in the set (replicas unknown)', files: { 'pdb.yaml': pdb('minAvailable: 1').slice(4) } },
    {
      name: 'matchExpressions selector, minAvailable 2 of 3',
      files: { 'deploy.yaml': replicas(3) + pdb('minAvailable: 2', 'matchExpressions: [{ key: app, operator: Exists }]') },
    },
  ],
  invalid: [
    {
      name: 'maxUnavailable 0',
      files: { 'deploy.yaml': replicas(3) + pdb('maxUnavailable: 0') },
      findings: [{ file: 'deploy.yaml', line: 24, column: 19, message: 'PodDisruptionBudget api has maxUnavailable 0: no pod it covers can ever be evicted' }],
    },
    {
      name: 'minAvailable 100%',
      files: { 'pdb.yaml': pdb('minAvailable: 100%').slice(4) },
      findings: [{ file: 'pdb.yaml', line: 7, column: 17, message: 'PodDisruptionBudget api has minAvailable 100%: no pod it covers can ever be evicted' }],
    },
    {
      name: 'minAvailable 1 on a single replica',
      files: { 'deploy.yaml': replicas(1) + pdb('minAvailable: 1') },
      findings: [
        {
          file: 'deploy.yaml',
          line: 24,
          column: 17,
          message: 'PodDisruptionBudget api requires 1 available pod (minAvailable 1) but Deployment api runs 1: no pod can be evicted',
          evidence: [{ file: 'deploy.yaml', line: 7 }],
        },
      ],
    },
    {
      name: 'minAvailable 90% of 3 rounds up to 3',
      files: { 'deploy.yaml': replicas(3) + pdb('minAvailable: 90%') },
      findings: [{ file: 'deploy.yaml', line: 24, column: 17, message: /requires 3 available pods \(minAvailable 90%\)/ }],
    },
    {
      name: 'minAvailable counts the pods of every workload it selects',
      files: {
        'deploy.yaml':
          replicas(1) +
          '---\n' +
          replicas(1).replace('name: api\n  namespace', 'name: api-canary\n  namespace') +
          pdb('minAvailable: 2', 'matchLabels: { app: api }'),
      },
      findings: [{ file: 'deploy.yaml', line: 41, column: 17, message: /requires 2 available pods \(minAvailable 2\) but Deployment api and Deployment api-canary run 2:/ }],
    },
    {
      name: 'minAvailable equal to the HPA minimum',
      files: { 'deploy.yaml': deployment(container).replace('  replicas: 2\n', '') + pdb('minAvailable: 2') + hpa },
      findings: [{ file: 'deploy.yaml', line: 23, column: 17, message: /but Deployment api runs 2 at the autoscaler minimum/, evidence: [{ file: 'deploy.yaml', line: 34 }] }],
    },
  ],
});
