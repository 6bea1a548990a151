import rule from '../../../src/rules/manifest/hpa-with-fixed-replicas.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { deployment } from './fixtures.js';
import { cpu70, hpa } from './hpa-fixtures.js';

const api = '        - name: api\n          image: ghcr.io/acme/api:1.4.2\n';

ruleTester(rule, {
  valid: [
    { name: 'replicas left to the HPA', files: { 'k8s/api.yaml': deployment(api).replace('  replicas: 2\n', '') + hpa(cpu70) } },
    { name: 'fixed replicas without HPA', files: { 'k8s/api.yaml': deployment(api) } },
    { name: 'HPA targets another Deployment', files: { 'k8s/api.yaml': deployment(api) + hpa(cpu70, 'kind: Deployment, name: worker') } },
  ],
  invalid: [
    {
      name: 'replicas and HPA',
      files: { 'k8s/api.yaml': deployment(api) + hpa(cpu70) },
      findings: [{ file: 'k8s/api.yaml', line: 7, column: 3, message: 'Deployment api sets spec.replicas while HorizontalPodAutoscaler api scales it: deploys and syncs reset the count the HPA chose', evidence: [{ file: 'k8s/api.yaml', line: 24 }] }],
    },
  ],
});
