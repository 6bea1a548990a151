import { defineRule } from '../../core/rule.js';
import { validateSchedule } from '../../model/cron.js';
import { getIn } from '../../model/pod-templates.js';
import { objectSubject } from '../../model/subjects.js';
import { unrendered } from '../../model/wiring.js';

export default defineRule({
  meta: {
    id: 'cronjob-invalid-schedule',
    fault: 'F5',
    severity: 'error',
    title: 'CronJob schedule is invalid or never runs',
    why:
      'The API server parses spec.schedule as a five-field cron expression (minute hour day-of-month month ' +
      'day-of-week; no seconds field, day-of-week 0-6) and rejects anything else: `spec.schedule: Invalid value: ' +
      '"0 */5 * * * *": expected exactly 5 fields, found 6`. TZ= / CRON_TZ= prefixes are rejected too ("cannot ' +
      'use TZ or CRON_TZ in schedule, use timeZone field instead"). A valid schedule for a date that does not ' +
      'exist (30 February) is accepted and the Job simply never runs.',
    fix: 'Use five fields and the timeZone field, e.g.\nspec:\n  schedule: "*/5 * * * *"\n  timeZone: Europe/Berlin',
    verify: 'kubectl create -f <file> --dry-run=server',
    needs: ['manifests'],
    tags: ['jobs', 'schema'],
  },
  check({ ws, report }) {
    for (const o of ws.manifests.objects) {
      if (o.kind !== 'CronJob' || !o.apiVersion.startsWith('batch/')) continue;
      const schedule = getIn(o.raw, ['spec', 'schedule']);
      if (typeof schedule !== 'string' || unrendered(schedule)) continue;
      const r = validateSchedule(schedule);
      if (r.ok) continue;
      report({
        message: r.error.startsWith('never runs')
          ? `CronJob ${o.name} schedule "${schedule}" ${r.error}`
          : `CronJob ${o.name}: spec.schedule: Invalid value: "${schedule}": ${r.error}`,
        at: objectSubject(o, ['spec', 'schedule']),
      });
    }
  },
});
