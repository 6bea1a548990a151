import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/cluster/cronjob-missed-schedules.js';
import { parseSchedule, type CronSchedule } from '../../../src/model/cron.js';
import { countTimes } from '../../../src/triage/cron.js';
import { diagnoseFixture, summary } from '../../helpers/cluster.js';

describe('cronjob-missed-schedules', () => {
  it('reports both controller wordings, a silent stall and a Forbid pile-up; suspended and on-time CronJobs stay silent', async () => {
    const r = await diagnoseFixture('jobs', [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(r.findings.map(summary)).toEqual([
      'CronJob/ops/audit spec.schedule undefined: CronJob ops/audit: no run for 5h45m — no Job started since 2026-11-25T03:15:00Z (5 scheduled starts missed): the cronjob controller is not acting on it',
      'CronJob/ops/cleanup spec.startingDeadlineSeconds undefined: CronJob ops/cleanup: no run for 2d — the controller gave up counting missed start times (> 100 scheduled starts missed) and will not start a Job: spec.startingDeadlineSeconds is unset',
      'CronJob/ops/report spec.startingDeadlineSeconds undefined: CronJob ops/report: no run for 7d — the controller gave up counting missed start times (> 100 scheduled starts missed) and will not start a Job: spec.startingDeadlineSeconds is unset',
      'CronJob/ops/sync spec.concurrencyPolicy undefined: CronJob ops/sync: no run for 3h — run sync-29926440 is still active and concurrencyPolicy Forbid skips every new slot (17 scheduled starts missed)',
    ]);
    expect(r.findings[1]!.evidence.map((e) => e.message)).toEqual([
      'schedule "*/5 * * * *", last scheduled 2026-11-23T09:00:00Z (2d before the snapshot)',
      'event Warning TooManyMissedTimes ×12 (2026-11-25T08:00:00Z … 2026-11-25T08:55:00Z, cronjob-controller): too many missed start times: 576. Set or decrease .spec.startingDeadlineSeconds or check clock skew',
      'root cause: the controller gave up counting missed start times (> 100 scheduled starts missed) and will not start a Job: spec.startingDeadlineSeconds is unset',
    ]);
    expect(r.findings[3]!.fix).toBe('End or delete the stuck run (kubectl delete job -n ops sync-29926440) and give the job template an activeDeadlineSeconds so a hung run cannot block the schedule.');
  });

  it('counts schedule times like the controller (ranges, steps, names, macros, TZ prefix, robfig star bit)', () => {
    const from = Date.parse('2026-11-25T00:00:00Z');
    const day = 24 * 3600_000;
    const schedule = (s: string): CronSchedule => {
      const p = parseSchedule(s);
      if (!p.ok) throw new Error(p.error);
      return p.schedule;
    };
    const n = (s: string, span = day) => countTimes(schedule(s), from, from + span).count;
    expect(n('*/5 * * * *')).toBe(101);
    expect(n('0 9-17/4 * * mon-fri')).toBe(3); // 2026-11-25 is a Wednesday
    expect(n('@daily', 3 * day)).toBe(3);
    expect(n('CRON_TZ=Europe/Berlin 30 2 * * *')).toBe(1);
    expect(n('0 0 1 jan *', 40 * day)).toBe(1);
    expect(n('@every 2h')).toBe(12);
    expect(n('@every 90m30s')).toBe(15);
    // Day of month 26 (a Thursday) OR Sunday 29th: neither day field is starred.
    expect(n('0 0 26 * 0', 7 * day)).toBe(2);
    // `*/2` is a step, not a star, so it ORs too: 27th, 29th (also Sunday), 1st.
    expect(n('0 0 */2 * 0', 7 * day)).toBe(3);
    // A starred day of month ANDs: Sundays only.
    expect(n('0 0 * * 0', 7 * day)).toBe(1);
    // robfig's day of week is 0-6: `7` is not Sunday, it is an error (the API server rejects it).
    expect(parseSchedule('0 0 * * 7')).toEqual({ ok: false, error: 'end of range (7) above maximum (6): 7' });
    expect(parseSchedule('61 * * * *')).toEqual({ ok: false, error: 'end of range (61) above maximum (59): 61' });
    expect(parseSchedule('* * *')).toEqual({ ok: false, error: 'expected exactly 5 fields, found 3: * * *' });
  });
});
