/**
 * CronJob schedules exactly as Kubernetes reads them: robfig/cron/v3 ParseStandard (five
 * fields, names, ranges, steps, descriptors, `@every`, TZ= / CRON_TZ= prefixes) with its error
 * texts, plus Kubernetes' own ban on the TZ prefixes (the `timeZone` field replaces them). One
 * parser for both the manifest rule (is it valid?) and the live rule (when should it have run?).
 *
 * robfig's bounds: day-of-week is 0-6 (Sunday = 0); `7` is "end of range (7) above maximum (6)",
 * so the API server rejects it and the controller never sees one.
 */

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DAYS: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

const FIELDS: Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS },
  { min: 0, max: 6, names: DAYS },
];

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *', '@monthly': '0 0 1 * *', '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@hourly': '0 * * * *',
};
const GO_DURATION = /^(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h)(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))*$/;
const UNIT_SECONDS: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
/** Days in each month, February in a leap year (robfig searches five years ahead). */
const MONTH_DAYS = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** minute, hour, day of month, month, day of week. */
export interface FieldSchedule {
  fields: [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  /**
   * robfig's star bit: the field was `*` or `?` without a step > 1. When either day field has
   * it, a time must match both; otherwise either day field suffices (cron's OR).
   */
  domStar: boolean;
  dowStar: boolean;
}

/** `@every 90m`: a constant delay, in whole seconds (robfig rounds down, minimum 1 s). */
export interface EverySchedule {
  everySeconds: number;
}

export type CronSchedule = FieldSchedule | EverySchedule;

export type CronResult = { ok: true } | { ok: false; error: string };
export type ParseResult = { ok: true; schedule: CronSchedule } | { ok: false; error: string };

/** What the API server accepts for spec.schedule. */
export function validateSchedule(schedule: string): CronResult {
  if (schedule.includes('TZ')) return fail('cannot use TZ or CRON_TZ in schedule, use timeZone field instead');
  const parsed = parseSchedule(schedule);
  if (!parsed.ok) return parsed;
  const s = parsed.schedule;
  // With day-of-week unrestricted only day-of-month decides, and it may name no real date.
  if ('fields' in s && s.dowStar && !s.domStar) {
    const possible = [...s.fields[3]].some((m) => [...s.fields[2]].some((d) => d <= MONTH_DAYS[m]!));
    if (!possible) return fail('never runs: no month in the schedule has that day');
  }
  return { ok: true };
}

/** robfig/cron/v3 ParseStandard. */
export function parseSchedule(schedule: string): ParseResult {
  let spec = schedule.trim();
  if (spec === '') return fail('empty spec string');
  const tz = /^(?:CRON_TZ|TZ)=\S*/.exec(spec);
  if (tz) spec = spec.slice(tz[0].length).trim();
  if (spec.startsWith('@')) {
    if (spec.startsWith('@every ')) {
      const d = spec.slice('@every '.length);
      if (!GO_DURATION.test(d)) return fail(`failed to parse duration ${spec}: time: invalid duration "${d}"`);
      return { ok: true, schedule: { everySeconds: Math.max(1, Math.floor(goDurationSeconds(d))) } };
    }
    const expanded = DESCRIPTORS[spec];
    if (expanded === undefined) return fail(`unrecognized descriptor: ${spec}`);
    spec = expanded;
  }
  const parts = spec.split(/\s+/);
  if (parts.length !== 5) return fail(`expected exactly 5 fields, found ${parts.length}: ${spec}`);
  const sets: Set<number>[] = [];
  const stars: boolean[] = [];
  for (let i = 0; i < 5; i++) {
    const r = parseField(parts[i]!, FIELDS[i]!);
    if (typeof r === 'string') return fail(r);
    sets.push(r.values);
    stars.push(r.star);
  }
  return { ok: true, schedule: { fields: sets as FieldSchedule['fields'], domStar: stars[2]!, dowStar: stars[4]! } };
}

function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

function goDurationSeconds(d: string): number {
  let total = 0;
  for (const m of d.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)) total += Number(m[1]) * UNIT_SECONDS[m[2]!]!;
  return total;
}

function parseField(field: string, b: Bounds): { values: Set<number>; star: boolean } | string {
  const values = new Set<number>();
  let star = false;
  for (const expr of field.split(',')) {
    const r = parseRange(expr, b);
    if (typeof r === 'string') return r;
    for (let v = r.start; v <= r.end; v += r.step) values.add(v);
    star ||= r.star;
  }
  return { values, star };
}

function parseRange(expr: string, b: Bounds): { start: number; end: number; step: number; star: boolean } | string {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  const single = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    [start, end, star] = [b.min, b.max, true];
  } else {
    const s = intOrName(lowAndHigh[0]!, b.names);
    if (typeof s === 'string') return s;
    start = s;
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) {
      const e = intOrName(lowAndHigh[1]!, b.names);
      if (typeof e === 'string') return e;
      end = e;
    } else return `too many hyphens: ${expr}`;
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    const s = mustParseInt(rangeAndStep[1]!);
    if (typeof s === 'string') return s;
    step = s;
    // "N/step" means "N-max/step"; a step over a star is a list, not "every".
    if (single) end = b.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) return `too many slashes: ${expr}`;
  if (start < b.min) return `beginning of range (${start}) below minimum (${b.min}): ${expr}`;
  if (end > b.max) return `end of range (${end}) above maximum (${b.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  if (step === 0) return `step of range should be a positive number: ${expr}`;
  return { start, end, step, star };
}

function intOrName(expr: string, names: Record<string, number> | undefined): number | string {
  const named = names?.[expr.toLowerCase()];
  return named !== undefined ? named : mustParseInt(expr);
}

function mustParseInt(expr: string): number | string {
  if (!/^[+-]?\d+$/.test(expr)) return `failed to parse int from ${expr}: strconv.Atoi: parsing "${expr}": invalid syntax`;
  const n = Number(expr);
  return n < 0 ? `negative number (${n}) not allowed: ${expr}` : n;
}
