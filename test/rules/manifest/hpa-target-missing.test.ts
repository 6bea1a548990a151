import rule from '../../../src/rules/manifest/hpa-target-missing.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { deployment } from './fixtures.js';
import { cpu70, hpa } from './hpa-fixtures.js';

const api = '        - name: api\n          image: ghcr.io/acme/api:1.4.2\n';

ruleTester(rule, {
  valid: [
    { name: 'targets the Deployment', files: { 'k8s/api.yaml': deployment(api) + hpa(cpu70) } },
    { name: 'HPA linted without its workloads', files: { 'k8s/hpa.yaml': hpa(cpu70).slice(4) } },
    { name: 'custom scale target (Argo Rollout) is not judged', files: { 'k8s/api.yaml': deployment(api) + hpa(cpu70, 'kind: Rollout, name: api-canary') } },
  ],
  invalid: [
    {
      name: 'name typo',
      files: { 'k8s/api.yaml': deployment(api) + hpa(cpu70, 'kind: Deployment, name: api-server') },
      findings: [{ file: 'k8s/api.yaml', line: 24, column: 66, message: 'HorizontalPodAutoscaler api targets Deployment api-server, which is not in namespace shop (did you mean api?)', evidence: [] }],
    },
    {
      name: 'wrong kind',
      files: { 'k8s/api.yaml': deployment(api) + hpa(cpu70, 'kind: StatefulSet, name: api') },
      findings: [{ file: 'k8s/api.yaml', line: 24, column: 48, message: 'HorizontalPodAutoscaler api targets StatefulSet api, but api is a Deployment', evidence: [{ file: 'k8s/api.yaml', line: 2 }] }],
    },
  ],
});
