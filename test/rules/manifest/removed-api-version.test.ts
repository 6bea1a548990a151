import rule from '../../../src/rules/manifest/removed-api-version.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { deployment } from './fixtures.js';

const api = '        - name: api\n          image: ghcr.io/acme/api:1.4.2\n';

ruleTester(rule, {
  valid: [
    { name: 'apps/v1 Deployment', files: { 'k8s/api.yaml': deployment(api) } },
    { name: 'autoscaling/v2 HPA', files: { 'k8s/hpa.yaml': 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: { name: api }\nspec:\n  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: api }\n  maxReplicas: 4\n' } },
    { name: 'a CRD in a beta group of its own', files: { 'k8s/cert.yaml': 'apiVersion: cert-manager.io/v1beta1\nkind: Certificate\nmetadata: { name: api }\nspec: {}\n' } },
  ],
  invalid: [
    {
      name: 'extensions/v1beta1 Deployment from an old chart',
      files: { 'k8s/api.yaml': deployment(api).replace('apps/v1', 'extensions/v1beta1') },
      findings: [
        {
          file: 'k8s/api.yaml',
          line: 1,
          column: 13,
          message:
            'Deployment api uses extensions/v1beta1, removed in Kubernetes 1.16; use apps/v1 (spec.selector is required in apps/v1): no matches for kind "Deployment" in version "extensions/v1beta1"',
        },
      ],
    },
    {
      name: 'batch/v1beta1 CronJob and policy/v1beta1 PDB',
      files: {
        'k8s/jobs.yaml':
          'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: { name: report }\nspec:\n  schedule: "0 3 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers: [{ name: report, image: ghcr.io/acme/report:1.0.0 }]\n' +
          '---\napiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata: { name: api }\nspec:\n  maxUnavailable: 1\n  selector: { matchLabels: { app: api } }\n',
      },
      findings: [
        { file: 'k8s/jobs.yaml', line: 1, column: 13, message: /^CronJob report uses batch\/v1beta1, removed in Kubernetes 1.25; use batch\/v1:/ },
        { file: 'k8s/jobs.yaml', line: 13, column: 13, message: /^PodDisruptionBudget api uses policy\/v1beta1, removed in Kubernetes 1.25; use policy\/v1 \(an empty selector/ },
      ],
    },
  ],
});
