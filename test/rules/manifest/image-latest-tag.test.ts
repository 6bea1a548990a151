import rule from '../../../src/rules/manifest/image-latest-tag.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { deployment } from './fixtures.js';

const c = (image: string, more = '') => `        - name: api\n          image: ${image}\n${more}`;

ruleTester(rule, {
  valid: [
    { name: 'version tag', files: { 'k8s/deploy.yaml': deployment(c('ghcr.io/acme/api:1.4.2')) } },
    { name: 'digest only', files: { 'k8s/deploy.yaml': deployment(c('ghcr.io/acme/api@sha256:0a4eaa0eecf5f8c050e5bba433f58c052be7587ee8af3e8b3910ef9ab5fbe9f5')) } },
    { name: 'registry port is not a tag', files: { 'k8s/deploy.yaml': deployment(c('localhost:5000/api:v2')) } },
    { name: 'unrendered Helm template', files: { 'chart/templates/deploy.yaml': deployment(c('"{{ .Values.image }}"')) } },
  ],
  invalid: [
    {
      name: 'latest tag',
      files: { 'k8s/deploy.yaml': deployment(c('registry.example.com/shop/api:latest')) },
      findings: [{ file: 'k8s/deploy.yaml', line: 16, column: 18, message: 'container "api" uses the mutable tag in registry.example.com/shop/api:latest', container: 'api' }],
    },
    {
      name: 'untagged with IfNotPresent',
      files: { 'k8s/deploy.yaml': deployment(c('registry.example.com/shop/api', '          imagePullPolicy: IfNotPresent\n')) },
      findings: [{ file: 'k8s/deploy.yaml', line: 16, column: 18, message: /has no tag, so it means :latest; with imagePullPolicy IfNotPresent nodes keep a stale copy/ }],
    },
    {
      name: 'init container of a CronJob',
      files: {
        'cron.yaml': `apiVersion: batch/v1
kind: CronJob
metadata: { name: report }
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          initContainers:
            - name: wait
              image: busybox
          containers:
            - name: report
              image: ghcr.io/acme/report:2.0.1
`,
      },
      findings: [{ file: 'cron.yaml', line: 13, column: 22, message: 'container "wait" image busybox has no tag, so it means :latest', container: 'wait' }],
    },
  ],
});
