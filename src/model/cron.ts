/**
 * CronJob schedules as the API server validates them: robfig/cron/v3 ParseStandard (five
 * fields, names, ranges, steps, descriptors), with its error texts, plus Kubernetes' own ban on
 * TZ= / CRON_TZ= prefixes (the `timeZone` field replaces them).
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

const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
const GO_DURATION = /^(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h)(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))*$/;
/** Days in each month, February in a leap year (robfig searches five years ahead). */
const MONTH_DAYS = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export type CronResult = { ok: true } | { ok: false; error: string };

export function validateSchedule(schedule: string): CronResult {
  if (schedule.includes('TZ')) return fail('cannot use TZ or CRON_TZ in schedule, use timeZone field instead');
  const spec = schedule.trim();
  if (spec === '') return fail('empty spec string');
  if (spec.startsWith('@')) {
    if (DESCRIPTORS.has(spec)) return { ok: true };
    if (spec.startsWith('@every ')) {
      const d = spec.slice('@every '.length);
      return GO_DURATION.test(d) ? { ok: true } : fail(`failed to parse duration ${spec}: time: invalid duration "${d}"`);
    }
    return fail(`unrecognized descriptor: ${spec}`);
  }
  const fields = spec.split(/\s+/);
  if (fields.length !== 5) return fail(`expected exactly 5 fields, found ${fields.length}: ${spec}`);
  const sets: Set<number>[] = [];
  for (let i = 0; i < 5; i++) {
    const r = parseField(fields[i]!, FIELDS[i]!);
    if (typeof r === 'string') return fail(r);
    sets.push(r);
  }
  // With day-of-week unrestricted only day-of-month decides, and it may name no real date.
  if (/^[*?]/.test(fields[4]!) && !/^[*?]/.test(fields[2]!)) {
    const possible = [...sets[3]!].some((m) => [...sets[2]!].some((d) => d <= MONTH_DAYS[m]!));
    if (!possible) return { ok: false, error: 'never runs: no month in the schedule has that day' };
  }
  return { ok: true };
}

function fail(error: string): CronResult {
  return { ok: false, error };
}

function parseField(field: string, b: Bounds): Set<number> | string {
  const out = new Set<number>();
  for (const expr of field.split(',')) {
    const r = parseRange(expr, b);
    if (typeof r === 'string') return r;
    for (let v = r.start; v <= r.end; v += r.step) out.add(v);
  }
  return out;
}

function parseRange(expr: string, b: Bounds): { start: number; end: number; step: number } | string {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  const single = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    [start, end] = [b.min, b.max];
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
    if (single) end = b.max;
  } else if (rangeAndStep.length > 2) return `too many slashes: ${expr}`;
  if (start < b.min) return `beginning of range (${start}) below minimum (${b.min}): ${expr}`;
  if (end > b.max) return `end of range (${end}) above maximum (${b.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  if (step === 0) return `step of range should be a positive number: ${expr}`;
  return { start, end, step };
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
