import rule from '../../../src/rules/manifest/cronjob-no-starting-deadline.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const cron = (spec = '', apiVersion = 'batch/v1') => `apiVersion: ${apiVersion}
kind: CronJob
metadata:
  name: nightly-report
  namespace: shop
spec:
  schedule: "0 2 * * *"
  concurrencyPolicy: Forbid
${spec}  jobTemplate:
    spec:
      activeDeadlineSeconds: 3600
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: ghcr.io/acme/report:1.2.0
`;
const message = /^CronJob nightly-report sets no startingDeadlineSeconds: missed runs never expire, .*past 100 missed schedules the controller warns TooManyMissedTimes/;

ruleTester(rule, {
  valid: [
    { name: 'deadline set', files: { 'k8s/cron.yaml': cron('  startingDeadlineSeconds: 600\n') } },
    { name: 'deadline set on a batch/v1beta1 CronJob', files: { 'k8s/cron.yaml': cron('  startingDeadlineSeconds: 300\n', 'batch/v1beta1') } },
    { name: 'a plain Job has no schedule to miss', files: { 'k8s/job.yaml': 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - { name: migrate, image: ghcr.io/acme/migrate:1.0.0 }\n' } },
    { name: 'a CronJob CRD of another group', files: { 'k8s/cron.yaml': cron('', 'stable.example.com/v1') } },
  ],
  invalid: [
    {
      name: 'no startingDeadlineSeconds',
      files: { 'k8s/cron.yaml': cron() },
      findings: [{ file: 'k8s/cron.yaml', line: 7, column: 3, message }],
    },
    {
      name: 'suspended: unsuspending starts the missed run at once',
      files: { 'k8s/cron.yaml': cron('  suspend: true\n', 'batch/v1beta1') },
      findings: [{ file: 'k8s/cron.yaml', line: 7, column: 3, message }],
    },
  ],
});
