import rule from '../../../src/rules/manifest/hpa-missing-requests.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { deployment } from './fixtures.js';
import { cpu70, hpa } from './hpa-fixtures.js';

const api = (resources: string) => `        - name: api\n          image: ghcr.io/acme/api:1.4.2\n${resources}`;
const requests = '          resources:\n            requests: { cpu: 100m, memory: 128Mi }\n';
const memOnly = '          resources:\n            requests: { memory: 128Mi }\n';
const sidecar = '        - name: log-shipper\n          image: fluent/fluent-bit:3.1.9\n';

ruleTester(rule, {
  valid: [
    { name: 'every container requests cpu', files: { 'k8s/api.yaml': deployment(api(requests)) + hpa(cpu70) } },
    { name: 'limit implies request', files: { 'k8s/api.yaml': deployment(api('          resources:\n            limits: { cpu: 500m, memory: 256Mi }\n')) + hpa(cpu70) } },
    {
      name: 'AverageValue target needs no request',
      files: { 'k8s/api.yaml': deployment(api(memOnly)) + hpa(cpu70.replace('{ type: Utilization, averageUtilization: 70 }', '{ type: AverageValue, averageValue: 300m }')) },
    },
    {
      name: 'LimitRange defaults the request',
      files: {
        'k8s/api.yaml': deployment(api(memOnly)) + hpa(cpu70),
        'k8s/limits.yaml': 'apiVersion: v1\nkind: LimitRange\nmetadata: { name: defaults, namespace: shop }\nspec:\n  limits:\n    - type: Container\n      defaultRequest: { cpu: 50m }\n',
      },
    },
    {
      name: 'ContainerResource metric only looks at its container',
      files: { 'k8s/api.yaml': deployment(api(requests) + sidecar) + hpa(cpu70.replace('type: Resource\n      resource:\n        name: cpu', 'type: ContainerResource\n      containerResource:\n        name: cpu\n        container: api')) },
    },
    { name: 'external metric', files: { 'k8s/api.yaml': deployment(api('')) + hpa('  maxReplicas: 5\n  metrics:\n    - type: External\n      external:\n        metric: { name: queue_depth }\n        target: { type: AverageValue, averageValue: "30" }\n') } },
  ],
  invalid: [
    {
      name: 'sidecar without cpu request',
      files: { 'k8s/api.yaml': deployment(api(requests) + sidecar) + hpa(cpu70) },
      findings: [
        {
          file: 'k8s/api.yaml',
          line: 19,
          column: 11,
          container: 'log-shipper',
          message:
            'container "log-shipper" has no cpu request, but HorizontalPodAutoscaler api scales Deployment api on cpu utilization: "failed to get cpu utilization: missing request for cpu", it never scales',
          evidence: [{ file: 'k8s/api.yaml', line: 32 }],
        },
      ],
    },
    {
      name: 'HPA without metrics defaults to 80% CPU',
      files: { 'k8s/api.yaml': deployment(api(memOnly)) + hpa('  maxReplicas: 5\n') },
      findings: [{ file: 'k8s/api.yaml', line: 18, column: 13, message: /on the default 80% cpu utilization \(no metrics set\)/, evidence: [{ file: 'k8s/api.yaml', line: 26 }] }],
    },
    {
      name: 'autoscaling/v1 targetCPUUtilizationPercentage',
      files: { 'k8s/api.yaml': deployment(api('')) + hpa('  maxReplicas: 5\n  targetCPUUtilizationPercentage: 60\n', 'kind: Deployment, name: api', 'autoscaling/v1') },
      findings: [{ file: 'k8s/api.yaml', line: 15, column: 11, message: /^container "api" has no cpu request/, evidence: [{ file: 'k8s/api.yaml', line: 26 }] }],
    },
  ],
});
