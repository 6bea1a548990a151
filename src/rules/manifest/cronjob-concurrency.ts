import { defineRule } from '../../core/rule.js';
import { getIn } from '../../model/pod-templates.js';
import { objectSubject } from '../../model/subjects.js';

export default defineRule({
  meta: {
    id: 'cronjob-concurrency',
    fault: 'F5',
    severity: 'warning',
    title: 'CronJob runs may overlap without bound',
    why:
      'concurrencyPolicy defaults to Allow: when a run hangs (a stuck DB lock, an HTTP call without timeout) the ' +
      'next schedule starts another Job beside it, and without activeDeadlineSeconds none of them is ever stopped. ' +
      'Runs pile up, each holding connections and quota, until pods stay Pending ("exceeded quota") or the ' +
      'database runs out of connections.',
    fix: 'Skip a run while the previous one is active, and bound each run:\nspec:\n  concurrencyPolicy: Forbid\n  jobTemplate:\n    spec:\n      activeDeadlineSeconds: 1800',
    verify: 'kubectl get jobs -l <cronjob-labels>  # never more than one ACTIVE',
    needs: ['manifests'],
    tags: ['jobs'],
  },
  check({ ws, report }) {
    for (const o of ws.manifests.objects) {
      if (o.kind !== 'CronJob' || !o.apiVersion.startsWith('batch/')) continue;
      const policy = getIn(o.raw, ['spec', 'concurrencyPolicy']);
      if (policy !== undefined && policy !== 'Allow') continue;
      if (getIn(o.raw, ['spec', 'jobTemplate', 'spec', 'activeDeadlineSeconds']) !== undefined) continue;
      report({
        message: `CronJob ${o.name} ${policy === 'Allow' ? 'allows' : 'defaults to concurrencyPolicy Allow, so it allows'} overlapping runs and sets no activeDeadlineSeconds: a hung run never ends and new runs stack up beside it`,
        at: policy === undefined ? objectSubject(o, ['spec', 'schedule'], 'key') : objectSubject(o, ['spec', 'concurrencyPolicy']),
      });
    }
  },
});
