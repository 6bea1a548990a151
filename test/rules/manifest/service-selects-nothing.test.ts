import rule from '../../../src/rules/manifest/service-selects-nothing.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { deployment, service } from './fixtures.js';

const api = '        - name: api\n          image: ghcr.io/acme/api:1.4.2\n          ports:\n            - { name: http, containerPort: 8080 }\n';
const svc = (selector: string, ns = 'shop') => service.replace('selector: { app: api }', `selector: ${selector}`).replace('namespace: shop', `namespace: ${ns}`);

ruleTester(rule, {
  valid: [
    { name: 'selector matches the template labels', files: { 'k8s/api.yaml': deployment(api) + service } },
    {
      name: 'selector is a subset of richer template labels',
      files: { 'k8s/api.yaml': deployment(api).replace('labels: { app: api }', 'labels: { app: api, tier: backend, version: v1 }') + service },
    },
    { name: 'no workload of the namespace in the set (one directory of a bigger repo)', files: { 'k8s/svc.yaml': svc('{ app: payments }').slice(4) } },
    { name: 'workloads only in another namespace', files: { 'k8s/api.yaml': deployment(api) + svc('{ app: payments }', 'billing') } },
    {
      name: 'Service without selector (manual EndpointSlices / ExternalName)',
      files: { 'k8s/api.yaml': `${deployment(api)}---\napiVersion: v1\nkind: Service\nmetadata: { name: legacy-db, namespace: shop }\nspec:\n  type: ExternalName\n  externalName: db.example.com\n` },
    },
    { name: 'matches a CronJob template too', files: { 'k8s/api.yaml': deployment(api) + svc('{ app: report }') + '---\napiVersion: batch/v1\nkind: CronJob\nmetadata: { name: report, namespace: shop }\nspec:\n  schedule: "0 3 * * *"\n  jobTemplate:\n    spec:\n      template:\n        metadata:\n          labels: { app: report }\n        spec:\n          restartPolicy: OnFailure\n          containers: [{ name: report, image: ghcr.io/acme/report:1.0.0 }]\n' } },
  ],
  invalid: [
    {
      name: 'selector uses the Deployment metadata label, not the template label',
      files: { 'k8s/api.yaml': deployment(api).replace('name: api\n  namespace', 'name: api\n  labels: { app.kubernetes.io/name: api }\n  namespace') + svc('{ app.kubernetes.io/name: api }') },
      findings: [
        {
          file: 'k8s/api.yaml',
          line: 27,
          column: 13,
          message: 'Service api selects app.kubernetes.io/name=api but no pod template in namespace shop has these labels',
          evidence: [],
        },
      ],
    },
    {
      name: 'one label differs: closest template named with the diff',
      files: { 'k8s/api.yaml': deployment(api) + svc('{ app: api, tier: web }') },
      findings: [
        {
          file: 'k8s/api.yaml',
          line: 26,
          column: 13,
          message: 'Service api selects app=api, tier=web but no pod template in namespace shop has these labels; closest is Deployment api, whose pods lack tier=web',
          evidence: [{ file: 'k8s/api.yaml', line: 12 }],
        },
      ],
    },
    {
      name: 'typo in the value',
      files: { 'k8s/api.yaml': deployment(api) + svc('{ app: apii }') },
      findings: [{ file: 'k8s/api.yaml', line: 26, column: 13, message: /closest is Deployment api, whose pods have app=api \(selector wants apii\)$/ }],
    },
  ],
});
