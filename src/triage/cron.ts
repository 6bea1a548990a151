import type { CronSchedule, FieldSchedule } from '../model/cron.js';

/**
 * How many times a CronJob should have started in a window, by the schedule the API server
 * accepted (src/model/cron.ts, robfig/cron/v3 semantics). Times are evaluated in UTC; a time
 * zone only shifts them, it does not change how many fall in a window longer than a day.
 */

/** robfig's dayMatches: both day fields when either is starred, else either one. */
function matches(s: FieldSchedule, d: Date): boolean {
  const [min, hour, dom, month, dow] = s.fields;
  if (!min.has(d.getUTCMinutes()) || !hour.has(d.getUTCHours()) || !month.has(d.getUTCMonth() + 1)) return false;
  const domOk = dom.has(d.getUTCDate());
  const dowOk = dow.has(d.getUTCDay());
  if (s.domStar || s.dowStar) return domOk && dowOk;
  return domOk || dowOk;
}

/** Schedule times in (from, to], counted up to `cap` (the controller itself stops at 100). */
export function countTimes(s: CronSchedule, fromMs: number, toMs: number, cap = 101): { count: number; first?: number; last?: number } {
  const MIN = 60_000;
  let count = 0;
  let first: number | undefined;
  let last: number | undefined;
  if ('everySeconds' in s) {
    const step = s.everySeconds * 1000;
    for (let t = fromMs + step; t <= toMs && count < cap; t += step) [count, first, last] = [count + 1, first ?? t, t];
    return { count, ...(first !== undefined ? { first } : {}), ...(last !== undefined ? { last } : {}) };
  }
  // Minute by minute, bounded: a year of minutes is ~525k steps.
  const end = Math.min(toMs, fromMs + 366 * 24 * 60 * MIN);
  for (let t = Math.floor(fromMs / MIN) * MIN + MIN; t <= end && count < cap; t += MIN) {
    if (matches(s, new Date(t))) [count, first, last] = [count + 1, first ?? t, t];
  }
  return { count, ...(first !== undefined ? { first } : {}), ...(last !== undefined ? { last } : {}) };
}
