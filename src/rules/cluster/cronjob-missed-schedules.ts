import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { asArray, asObject, asString } from '../../model/cluster.js';
import { formatAge, observedAt } from '../../triage/clock.js';
import { parseSchedule } from '../../model/cron.js';
import { countTimes } from '../../triage/cron.js';
import { eventEvidence, objectName } from '../../triage/describe.js';

/** The current slot may be seconds old; only slots older than this count as missed. */
const SLACK_MS = 2 * 60_000;

export default defineRule({
  meta: {
    id: 'cronjob-missed-schedules',
    fault: 'F5',
    severity: 'error',
    title: 'CronJob stopped starting Jobs on schedule',
    why:
      'Scheduled runs were skipped. Before Kubernetes 1.21 the controller refused to start a Job once it counted more ' +
      'than 100 missed start times ("Cannot determine if job needs to be started: too many missed start time (> ' +
      '100)…", FailedNeedsStart); since 1.21 it warns ("too many missed start times: 576. Set or decrease ' +
      '.spec.startingDeadlineSeconds or check clock skew", TooManyMissedTimes) and starts only the latest missed run. ' +
      'It happens after the controller was down or the clock jumped, and with concurrencyPolicy Forbid behind a run ' +
      'that never ends. status.lastScheduleTime falls further behind every slot.',
    fix: 'Set spec.startingDeadlineSeconds (e.g. 300) so the controller only looks back that far; end or delete the stuck run.',
    verify: 'kubectl get cronjob -n <namespace> <name>   # LAST SCHEDULE should be within one period',
    needs: ['cluster'],
    tags: ['jobs', 'cronjob', 'live'],
  },
  check({ ws, report }) {
    if (!ws.cluster) return;
    const index = ws.cluster;
    const now = observedAt(index);
    for (const cj of index.ofKind('CronJob')) {
      const spec = asObject(cj.raw.spec);
      if (spec?.suspend === true) continue;
      const status = asObject(cj.raw.status);
      const schedule = asString(spec?.schedule) ?? '';
      const last = asString(status?.lastScheduleTime) ?? asString(asObject(cj.raw.metadata)?.creationTimestamp);
      const event = index.eventsFor(cj).find((e) => e.reason === 'TooManyMissedTimes' || (e.reason === 'FailedNeedsStart' && /too many missed start time/i.test(e.message)));
      const parsed = parseSchedule(schedule);
      const missed = parsed.ok && last && !Number.isNaN(now) ? countTimes(parsed.schedule, Date.parse(last), now - SLACK_MS) : undefined;
      if (!event && (missed?.count ?? 0) < 2) continue;
      const active = asArray(status?.active).map((a) => asString(asObject(a)?.name)).filter((n): n is string => n !== undefined);
      const forbid = asString(spec?.concurrencyPolicy) === 'Forbid' && active.length > 0;
      const deadlineSet = spec?.startingDeadlineSeconds !== undefined;
      const behind = last && !Number.isNaN(now) ? formatAge((now - Date.parse(last)) / 1000) : undefined;
      const count = missed ? `${missed.count > 100 ? '> 100' : missed.count} scheduled start${missed.count === 1 ? '' : 's'} missed` : 'start times missed';
      const cause = forbid
        ? `run ${active[0]} is still active and concurrencyPolicy Forbid skips every new slot (${count})`
        : event
          ? `the controller gave up counting missed start times (${count}) and will not start a Job${deadlineSet ? '' : ': spec.startingDeadlineSeconds is unset'}`
          : `no Job started since ${last} (${count}): the cronjob controller is not acting on it`;
      const evidence: Evidence[] = [
        { message: `schedule "${schedule}", last scheduled ${last ?? 'never'}${behind ? ` (${behind} before the snapshot)` : ''}`, object: cj.ref, fieldPath: 'status.lastScheduleTime' },
      ];
      if (event) evidence.push(eventEvidence(event, cj));
      if (forbid) evidence.push({ message: `status.active: ${active.join(', ')} (concurrencyPolicy: Forbid)`, object: cj.ref, fieldPath: 'status.active' });
      evidence.push({ message: `root cause: ${cause}` });
      const field = forbid ? 'spec.concurrencyPolicy' : deadlineSet ? 'spec.schedule' : 'spec.startingDeadlineSeconds';
      report({
        message: `${objectName(cj)}: no run for ${behind ?? 'a long time'} — ${cause}`,
        at: { object: cj.ref, fieldPath: field },
        evidence,
        fix: forbid
          ? `End or delete the stuck run (kubectl delete job -n ${cj.namespace} ${active[0]}) and give the job template an activeDeadlineSeconds so a hung run cannot block the schedule.`
          : deadlineSet
            ? 'Check that kube-controller-manager runs with the cronjob controller (kubectl -n kube-system logs -l component=kube-controller-manager | grep -i cronjob) and that control-plane clocks agree.'
            : `Set spec.startingDeadlineSeconds (e.g. 300) on ${objectName(cj)} so the controller only looks back that far, and check kube-controller-manager health and clock skew.`,
        verify: `kubectl get cronjob -n ${cj.namespace} ${cj.name}   # LAST SCHEDULE should be within one period of "${schedule}"`,
      });
    }
  },
});
