/**
 * Enough of the cron syntax CronJobs accept (robfig/cron ParseStandard: five fields, ranges,
 * steps, lists, month/day names, @hourly-style macros, CRON_TZ/TZ prefixes) to count the
 * schedule times a CronJob has missed. Times are evaluated in UTC; a time zone only shifts
 * them, it does not change how many fall in a window longer than a day.
 */
const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *', '@monthly': '0 0 1 * *', '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@hourly': '0 * * * *',
};
const NAMES: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
  sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6,
};
const BOUNDS: [number, number][] = [[0, 59], [0, 23], [1, 31], [1, 12], [0, 7]];

export interface Schedule {
  fields: Set<number>[];
  /** `*` or `?` in day-of-month / day-of-week: cron ORs the two only when both are restricted. */
  anyDom: boolean;
  anyDow: boolean;
  /** `@every 5m`: a fixed period in minutes. */
  every?: number;
}

export function parseSchedule(text: string): Schedule | undefined {
  let s = text.trim().replace(/^(?:CRON_TZ|TZ)=\S+\s+/, '');
  const every = /^@every\s+(?:(\d+)h)?(?:(\d+)m)?(?:0s)?$/.exec(s);
  if (every && (every[1] || every[2])) return { fields: [], anyDom: true, anyDow: true, every: Number(every[1] ?? 0) * 60 + Number(every[2] ?? 0) };
  s = MACROS[s] ?? s;
  const parts = s.split(/\s+/);
  if (parts.length !== 5) return undefined;
  const fields: Set<number>[] = [];
  for (const [i, part] of parts.entries()) {
    const set = parseField(part, BOUNDS[i]!);
    if (!set) return undefined;
    if (i === 4 && set.has(7)) set.add(0);
    fields.push(set);
  }
  return { fields, anyDom: /^[*?]/.test(parts[2]!), anyDow: /^[*?]/.test(parts[4]!) };
}

function parseField(field: string, [lo, hi]: [number, number]): Set<number> | undefined {
  const out = new Set<number>();
  for (const item of field.split(',')) {
    const m = /^(\*|\?|[a-z0-9]+)(?:-([a-z0-9]+))?(?:\/(\d+))?$/i.exec(item);
    if (!m) return undefined;
    const value = (v: string): number => NAMES[v.toLowerCase()] ?? Number(v);
    const star = m[1] === '*' || m[1] === '?';
    const from = star ? lo : value(m[1]!);
    const to = m[2] !== undefined ? value(m[2]) : star || m[3] ? hi : from;
    const step = m[3] ? Number(m[3]) : 1;
    if ([from, to, step].some(Number.isNaN) || from < lo || to > hi || step < 1) return undefined;
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}

function matches(s: Schedule, d: Date): boolean {
  const [min, hour, dom, month, dow] = s.fields as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  if (!min.has(d.getUTCMinutes()) || !hour.has(d.getUTCHours()) || !month.has(d.getUTCMonth() + 1)) return false;
  const domOk = dom.has(d.getUTCDate());
  const dowOk = dow.has(d.getUTCDay());
  if (s.anyDom || s.anyDow) return domOk && dowOk;
  return domOk || dowOk;
}

/** Schedule times in (from, to], counted up to `cap` (the controller itself stops at 100). */
export function countTimes(s: Schedule, fromMs: number, toMs: number, cap = 101): { count: number; first?: number; last?: number } {
  const MIN = 60_000;
  let count = 0;
  let first: number | undefined;
  let last: number | undefined;
  if (s.every) {
    const step = s.every * MIN;
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
