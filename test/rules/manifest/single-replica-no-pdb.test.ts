import rule from '../../../src/rules/manifest/single-replica-no-pdb.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { deployment, service } from './fixtures.js';

const container = '        - name: api\n          image: ghcr.io/acme/api:1.4.2\n          ports: [{ name: http, containerPort: 8080 }]\n';
const one = deployment(container).replace('replicas: 2', 'replicas: 1');
const unset = deployment(container).replace('  replicas: 2\n', '');

const pdb = (selector: string, api = 'policy/v1'): string => `---
apiVersion: ${api}
kind: PodDisruptionBudget
metadata:
  name: api
  namespace: shop
spec:
  maxUnavailable: 1
  selector:
${selector}`;

const hpa = (min: number): string => `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: api
  namespace: shop
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: api }
  minReplicas: ${min}
  maxReplicas: 10
`;

ruleTester(rule, {
  valid: [
    { name: 'two replicas', files: { 'deploy.yaml': deployment(container) + service } },
    { name: 'one replica, PDB with matchLabels', files: { 'deploy.yaml': one + service + pdb('    matchLabels: { app: api }\n') } },
    {
      name: 'one replica, PDB with matchExpressions',
      files: { 'deploy.yaml': one + service + pdb('    matchExpressions:\n      - { key: app, operator: In, values: [api, web] }\n') },
    },
    { name: 'policy/v1 empty selector covers the namespace', files: { 'deploy.yaml': one + service + pdb('    {}\n') } },
    { name: 'HPA keeps at least 2', files: { 'deploy.yaml': unset + service + hpa(2) } },
    { name: 'no Service in front (a queue worker)', files: { 'deploy.yaml': one } },
    { name: 'scaled to zero on purpose', files: { 'deploy.yaml': deployment(container).replace('replicas: 2', 'replicas: 0') + service } },
  ],
  invalid: [
    {
      name: 'explicit replicas 1',
      files: { 'deploy.yaml': one + service },
      findings: [
        {
          file: 'deploy.yaml',
          line: 7,
          column: 13,
          message: 'Deployment api serves Service api, but it runs 1 replica and no PodDisruptionBudget covers it: a node drain takes the Service down',
          evidence: [{ file: 'deploy.yaml', line: 25 }],
        },
      ],
    },
    {
      name: 'replicas unset, a PDB for other pods, an HPA with minReplicas 1',
      files: { 'deploy.yaml': unset + service + pdb('    matchLabels: { app: web }\n') + hpa(1) },
      findings: [
        {
          file: 'deploy.yaml',
          line: 7,
          column: 3,
          message: /but its HorizontalPodAutoscaler api allows scaling down to 1 and no PodDisruptionBudget/,
          evidence: [{ file: 'deploy.yaml', line: 24 }, { file: 'deploy.yaml', line: 46 }],
        },
      ],
    },
    {
      name: 'policy/v1beta1 empty selector selects nothing',
      files: { 'deploy.yaml': unset + service + pdb('    {}\n', 'policy/v1beta1') },
      findings: [{ file: 'deploy.yaml', line: 7, column: 3, message: /it runs 1 replica \(replicas is unset\)/ }],
    },
  ],
});
