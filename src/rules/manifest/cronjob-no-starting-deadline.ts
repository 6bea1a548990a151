import { defineRule } from '../../core/rule.js';
import { getIn } from '../../model/pod-templates.js';
import { objectSubject } from '../../model/subjects.js';

export default defineRule({
  meta: {
    id: 'cronjob-no-starting-deadline',
    fault: 'F5',
    severity: 'info',
    title: 'CronJob sets no startingDeadlineSeconds',
    why:
      'Without startingDeadlineSeconds a missed schedule never expires. After the controller was down, the clock ' +
      'jumped or the CronJob was suspended, the controller starts the missed run as soon as it can, however late ' +
      '(the 02:00 batch runs at 14:00 in peak traffic), and with more than 100 missed times it emits a ' +
      'TooManyMissedTimes warning: "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or ' +
      'check clock skew" (earlier releases add the count: "times: 576."). Before Kubernetes 1.21 the old ' +
      'controller stopped starting the CronJob altogether: ' +
      '"Cannot determine if job needs to be started: too many missed start time (> 100). Set or decrease ' +
      '.spec.startingDeadlineSeconds or check clock skew."',
    fix:
      'Let a run start only within a window after its slot (at least 10s: the controller checks every 10s), e.g. ' +
      'a fraction of the period:\nspec:\n  schedule: "0 2 * * *"\n  startingDeadlineSeconds: 600',
    verify: 'kubectl get cronjob <cronjob> -o jsonpath=\'{.spec.startingDeadlineSeconds}\'  # prints a number',
    needs: ['manifests'],
    tags: ['jobs', 'cronjob'],
  },
  check({ ws, report }) {
    for (const o of ws.manifests.objects) {
      if (o.kind !== 'CronJob' || !o.apiVersion.startsWith('batch/')) continue;
      if (getIn(o.raw, ['spec', 'startingDeadlineSeconds']) !== undefined) continue;
      report({
        message:
          `CronJob ${o.name} sets no startingDeadlineSeconds: missed runs never expire, so after controller downtime or a ` +
          'suspension the run starts however late, and past 100 missed schedules the controller warns TooManyMissedTimes ' +
          '(before Kubernetes 1.21 it stopped scheduling the CronJob)',
        at: objectSubject(o, ['spec', 'schedule'], 'key'),
      });
    }
  },
});
