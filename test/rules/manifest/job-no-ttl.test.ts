import rule from '../../../src/rules/manifest/job-no-ttl.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const job = (meta = '', spec = '') => `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  namespace: shop
${meta}spec:
${spec}  backoffLimit: 2
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: ghcr.io/acme/migrate:1.4.2
`;

ruleTester(rule, {
  valid: [
    { name: 'ttl set', files: { 'k8s/job.yaml': job('', '  ttlSecondsAfterFinished: 3600\n') } },
    { name: 'Helm hook deleted by Helm', files: { 'k8s/job.yaml': job('  annotations:\n    helm.sh/hook: pre-upgrade\n    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded\n') } },
    { name: 'generateName (kubectl create each time)', files: { 'k8s/job.yaml': job().replace('name: migrate\n  namespace', 'generateName: migrate-\n  namespace') } },
    {
      name: 'CronJob-managed Jobs are cleaned by history limits',
      files: { 'k8s/cron.yaml': 'apiVersion: batch/v1\nkind: CronJob\nmetadata: { name: report }\nspec:\n  schedule: "0 3 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers: [{ name: r, image: ghcr.io/acme/report:1.0.0 }]\n' },
    },
  ],
  invalid: [
    {
      name: 'migration Job applied by CD',
      files: { 'k8s/job.yaml': job() },
      findings: [{ file: 'k8s/job.yaml', line: 6, column: 1, message: 'Job migrate has no ttlSecondsAfterFinished: it and its pods stay after it finishes, and re-applying it with a new template fails' }],
    },
  ],
});
