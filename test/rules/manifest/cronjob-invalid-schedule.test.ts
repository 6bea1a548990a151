import { describe, expect, it } from 'vitest';
import { validateSchedule } from '../../../src/model/cron.js';
import rule from '../../../src/rules/manifest/cronjob-invalid-schedule.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const cron = (schedule: string) => `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
  namespace: shop
spec:
  schedule: ${schedule}
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: ghcr.io/acme/report:1.0.0
`;

ruleTester(rule, {
  valid: [
    { name: 'every 5 minutes', files: { 'k8s/cron.yaml': cron('"*/5 * * * *"') } },
    { name: 'names, ranges, lists', files: { 'k8s/cron.yaml': cron('"30 2 1-7 JAN,jul MON-FRI"') } },
    { name: 'descriptor', files: { 'k8s/cron.yaml': cron('"@hourly"') } },
    { name: '29 February exists', files: { 'k8s/cron.yaml': cron('"0 0 29 2 *"') } },
    { name: 'unrendered', files: { 'k8s/cron.yaml': cron('"{{ .Values.schedule }}"') } },
  ],
  invalid: [
    {
      name: 'six fields (seconds, Spring/Quartz style)',
      files: { 'k8s/cron.yaml': cron('"0 */5 * * * *"') },
      findings: [{ file: 'k8s/cron.yaml', line: 7, column: 13, message: 'CronJob report: spec.schedule: Invalid value: "0 */5 * * * *": expected exactly 5 fields, found 6: 0 */5 * * * *' }],
    },
    {
      name: 'CRON_TZ prefix',
      files: { 'k8s/cron.yaml': cron('"CRON_TZ=Europe/Berlin 0 3 * * *"') },
      findings: [{ file: 'k8s/cron.yaml', line: 7, column: 13, message: /cannot use TZ or CRON_TZ in schedule, use timeZone field instead$/ }],
    },
    {
      name: '30 February never runs',
      files: { 'k8s/cron.yaml': cron('"0 0 30 2 *"') },
      findings: [{ file: 'k8s/cron.yaml', line: 7, column: 13, message: 'CronJob report schedule "0 0 30 2 *" never runs: no month in the schedule has that day' }],
    },
  ],
});

describe('validateSchedule (robfig/cron ParseStandard)', () => {
  it.each([
    ['0 0 * * 7', 'end of range (7) above maximum (6): 7'],
    ['60 * * * *', 'end of range (60) above maximum (59): 60'],
    ['0 0 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
    ['@reboot', 'unrecognized descriptor: @reboot'],
    ['0 0 * * funday', 'failed to parse int from funday: strconv.Atoi: parsing "funday": invalid syntax'],
  ])('%s → %s', (schedule, error) => {
    expect(validateSchedule(schedule)).toEqual({ ok: false, error });
  });
  it.each(['@every 1h30m', '0 0 ? * SUN', '15 */2 * * 1-5', '0 12 31 1,3 *'])('%s is valid', (s) => {
    expect(validateSchedule(s)).toEqual({ ok: true });
  });
});
