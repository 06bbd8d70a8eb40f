// PURE: AWS six-field cron expressions (minutes hours day-of-month month day-of-week year, UTC) as used by
// Secrets Manager rotation schedules: parse once, then find the next matching minute.

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

type Matcher = (value: number) => boolean;

interface Field {
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  /** Offset of names: MONTHS start at 1, DAYS at 1 (AWS: 1 = SUN). */
  readonly nameBase?: number;
}

const FIELDS = {
  minute: { min: 0, max: 59 },
  hour: { min: 0, max: 23 },
  dom: { min: 1, max: 31 },
  month: { min: 1, max: 12, names: MONTHS, nameBase: 1 },
  dow: { min: 1, max: 7, names: DAYS, nameBase: 1 },
  year: { min: 1970, max: 2199 },
} satisfies Record<string, Field>;

export interface Cron {
  readonly minute: Matcher;
  readonly hour: Matcher;
  /** Day filter: gets the date (UTC) being considered. */
  readonly day: (d: Date) => boolean;
  readonly month: Matcher;
  readonly year: Matcher;
  /** True when the hour field names one hour (a "daily" schedule for window defaults). */
  readonly singleHour: boolean;
}

function num(token: string, f: Field): number | undefined {
  const upper = token.toUpperCase();
  const named = f.names?.indexOf(upper) ?? -1;
  if (named >= 0) return named + (f.nameBase ?? 0);
  if (!/^\d+$/.test(token)) return undefined;
  const n = Number(token);
  return n >= f.min && n <= f.max ? n : undefined;
}

/** One comma-separated part: `*`, `a`, `a-b`, with an optional `/step`. */
function part(text: string, f: Field): Matcher | undefined {
  const [range, stepText, extra] = text.split("/");
  if (extra !== undefined || range === undefined) return undefined;
  const step = stepText === undefined ? 1 : Number(stepText);
  if (!Number.isInteger(step) || step < 1) return undefined;
  let lo: number | undefined;
  let hi: number | undefined;
  if (range === "*") [lo, hi] = [f.min, f.max];
  else if (range.includes("-")) {
    const [a, b] = range.split("-");
    [lo, hi] = [num(a ?? "", f), num(b ?? "", f)];
  } else {
    lo = num(range, f);
    hi = stepText === undefined ? lo : f.max;
  }
  if (lo === undefined || hi === undefined || lo > hi) return undefined;
  const [from, to] = [lo, hi];
  return (v) => v >= from && v <= to && (v - from) % step === 0;
}

function field(text: string, f: Field): Matcher | undefined {
  const parts = text.split(",").map((p) => part(p, f));
  if (parts.some((p) => p === undefined)) return undefined;
  const ms = parts as Matcher[]; // checked above: no undefined entries
  return (v) => ms.some((m) => m(v));
}

const lastDayOfMonth = (d: Date): number => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();

function domMatcher(text: string): ((d: Date) => boolean) | undefined {
  if (text === "?") return () => true;
  if (text === "L") return (d) => d.getUTCDate() === lastDayOfMonth(d);
  const m = field(text, FIELDS.dom);
  return m && ((d) => m(d.getUTCDate()));
}

function dowMatcher(text: string): ((d: Date) => boolean) | undefined {
  if (text === "?") return () => true;
  const dow = (d: Date): number => d.getUTCDay() + 1;
  const hash = /^(\w+)#([1-5])$/.exec(text);
  if (hash) {
    const day = num(hash[1] ?? "", FIELDS.dow);
    const nth = Number(hash[2]);
    return day === undefined ? undefined : (d) => dow(d) === day && Math.ceil(d.getUTCDate() / 7) === nth;
  }
  const last = /^(\w+)L$/.exec(text);
  if (last) {
    const day = num(last[1] ?? "", FIELDS.dow);
    return day === undefined ? undefined : (d) => dow(d) === day && d.getUTCDate() + 7 > lastDayOfMonth(d);
  }
  const m = field(text, FIELDS.dow);
  return m && ((d) => m(dow(d)));
}

/** Parses `minutes hours dom month dow year`; one of dom/dow must be `?` (AWS rule). Returns a problem text on failure. */
export function parseCron(body: string): Cron | string {
  const f = body.trim().split(/\s+/);
  if (f.length !== 6) return "cron() expressions need six fields: minutes hours day-of-month month day-of-week year.";
  const [mi, h, dom, mo, dw, y] = f as [string, string, string, string, string, string];
  if ((dom === "?") === (dw === "?")) return "In a cron() expression exactly one of day-of-month and day-of-week must be '?'.";
  const minute = field(mi, FIELDS.minute);
  const hour = field(h, FIELDS.hour);
  const month = field(mo, FIELDS.month);
  const year = field(y, FIELDS.year);
  const domM = domMatcher(dom);
  const dowM = dowMatcher(dw);
  if (!minute || !hour || !month || !year || !domM || !dowM) return "The cron() expression has a field that is not valid.";
  return { minute, hour, month, year, day: (d) => domM(d) && dowM(d), singleHour: /^\d+$/.test(h) };
}

/** The first matching minute strictly after `after` (UTC), searching at most ten years ahead. */
export function nextCronTime(c: Cron, after: Date): Date | undefined {
  const start = new Date(Math.floor(after.getTime() / 60_000) * 60_000 + 60_000);
  const day = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()));
  for (let i = 0; i < 3660; i++, day.setUTCDate(day.getUTCDate() + 1)) {
    if (!c.year(day.getUTCFullYear()) || !c.month(day.getUTCMonth() + 1) || !c.day(day)) continue;
    for (let h = 0; h < 24; h++) {
      if (!c.hour(h)) continue;
      for (let m = 0; m < 60; m++) {
        if (!c.minute(m)) continue;
        const t = new Date(day.getTime() + h * 3_600_000 + m * 60_000);
        if (t.getTime() >= start.getTime()) return t;
      }
    }
  }
  return undefined;
}
