import rule from '../../../src/rules/manifest/cronjob-concurrency.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const cron = (spec = '', jobSpec = '') => `apiVersion: batch/v1
kind: CronJob
metadata:
  name: sync
  namespace: shop
spec:
  schedule: "*/10 * * * *"
${spec}  jobTemplate:
    spec:
${jobSpec}      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: sync
              image: ghcr.io/acme/sync:2.0.0
`;

ruleTester(rule, {
  valid: [
    { name: 'Forbid', files: { 'k8s/cron.yaml': cron('  concurrencyPolicy: Forbid\n') } },
    { name: 'Replace', files: { 'k8s/cron.yaml': cron('  concurrencyPolicy: Replace\n') } },
    { name: 'Allow, but each run is bounded', files: { 'k8s/cron.yaml': cron('', '      activeDeadlineSeconds: 540\n') } },
  ],
  invalid: [
    {
      name: 'defaults',
      files: { 'k8s/cron.yaml': cron() },
      findings: [{ file: 'k8s/cron.yaml', line: 7, column: 3, message: /^CronJob sync defaults to concurrencyPolicy Allow, so it allows overlapping runs/ }],
    },
    {
      name: 'explicit Allow',
      files: { 'k8s/cron.yaml': cron('  concurrencyPolicy: Allow\n') },
      findings: [{ file: 'k8s/cron.yaml', line: 8, column: 22, message: /^CronJob sync allows overlapping runs and sets no activeDeadlineSeconds/ }],
    },
  ],
});
