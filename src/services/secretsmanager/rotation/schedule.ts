// PURE: rotation rules (AutomaticallyAfterDays | rate() | cron(), optional Duration) → validation problems and the
// next rotation window, in UTC as Secrets Manager computes them (RotationRulesType docs).
import { nextCronTime, parseCron, type Cron } from "./cron.js";

export interface RotationRules {
  readonly days?: number;
  readonly schedule?: string;
  readonly duration?: string;
}

export interface Window {
  /** When the rotation becomes due (the scheduler starts it then). */
  readonly start: Date;
  /** DescribeSecret's NextRotationDate: rotation happens "on or before" this time. */
  readonly end: Date;
}

type Parsed =
  | { readonly kind: "days"; readonly every: number }
  | { readonly kind: "hours"; readonly every: number }
  | { readonly kind: "cron"; readonly cron: Cron };

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const MIN_RATE_HOURS = 4;

const startOfDay = (t: number): number => Math.floor(t / DAY_MS) * DAY_MS;

function parseExpression(expr: string): Parsed | string {
  const rate = /^rate\(\s*(\d+)\s+(hours?|days?)\s*\)$/.exec(expr.trim());
  if (rate) {
    const n = Number(rate[1]);
    const unit = rate[2] ?? "";
    if (unit.startsWith("hour")) {
      if (n < MIN_RATE_HOURS || n > 999 * 24) return `The rate() expression must be between ${MIN_RATE_HOURS} hours and 999 days.`;
      return { kind: "hours", every: n };
    }
    if (n < 1 || n > 999) return `The rate() expression must be between ${MIN_RATE_HOURS} hours and 999 days.`;
    return { kind: "days", every: n };
  }
  const cron = /^cron\((.*)\)$/.exec(expr.trim());
  if (cron) {
    const c = parseCron(cron[1] ?? "");
    return typeof c === "string" ? c : { kind: "cron", cron: c };
  }
  return "The ScheduleExpression must be a rate() or cron() expression.";
}

function parseRules(r: RotationRules): Parsed | string | undefined {
  if (r.schedule !== undefined) return parseExpression(r.schedule);
  if (r.days !== undefined) return { kind: "days", every: r.days };
  return undefined;
}

const durationHours = (d: string | undefined): number | undefined => (d === undefined ? undefined : Number(d.slice(0, -1)));

/** Window length: Duration if given, else one hour for hourly schedules and the rest of the UTC day otherwise. */
function windowEnd(p: Parsed, start: Date, duration: string | undefined): Date {
  const hours = durationHours(duration);
  if (hours !== undefined) return new Date(start.getTime() + hours * HOUR_MS - 1000);
  const hourly = p.kind === "hours" || (p.kind === "cron" && !p.cron.singleHour);
  return new Date(hourly ? start.getTime() + HOUR_MS - 1000 : startOfDay(start.getTime()) + DAY_MS - 1000);
}

/**
 * The day count a `rate(N days)` schedule stands for, which DescribeSecret/ListSecrets show as AutomaticallyAfterDays
 * ("calculated from the rotation schedule", RotationRulesType docs; AWS answered `{AutomaticallyAfterDays: 1,
 * ScheduleExpression: "rate(1 days)"}`, and AWS CLI example describe-secret.rst shows both members together).
 * How AWS derives it from hour rates and cron() is undocumented, so those give none.
 */
export function scheduleDays(schedule: string): number | undefined {
  const p = parseExpression(schedule);
  return typeof p !== "string" && p.kind === "days" ? p.every : undefined;
}

/** A problem message for rules AWS would refuse, or null. */
export function rulesProblem(r: RotationRules): string | null {
  if (r.days !== undefined && r.schedule !== undefined) {
    return "You can't specify both AutomaticallyAfterDays and ScheduleExpression in the same RotationRules.";
  }
  const p = parseRules(r);
  if (typeof p === "string") return p;
  const hours = durationHours(r.duration);
  if (hours === undefined) return null;
  if (!Number.isInteger(hours) || hours < 1 || hours > 24) return "The Duration must be between 1h and 24h.";
  if (p?.kind === "hours" && hours > p.every) return "The rotation window (Duration) can't extend into the next rotation window.";
  return null;
}

/**
 * The first window after `base` (the last rotation, or when rotation was turned on). Day schedules start at
 * midnight UTC `every` days after the base's day; hour schedules on the hour; cron at its next matching minute.
 */
export function nextWindow(r: RotationRules, base: Date): Window | undefined {
  const p = parseRules(r);
  if (p === undefined || typeof p === "string") return undefined;
  let start: Date | undefined;
  if (p.kind === "days") start = new Date(startOfDay(base.getTime()) + p.every * DAY_MS);
  else if (p.kind === "hours") start = new Date(Math.floor(base.getTime() / HOUR_MS) * HOUR_MS + p.every * HOUR_MS);
  else start = nextCronTime(p.cron, base);
  return start && { start, end: windowEnd(p, start, r.duration) };
}

/** When the next scheduled rotation becomes due (window start), if the rules give one. */
export function nextRotationAfter(r: RotationRules, base: Date): Date | undefined {
  return nextWindow(r, base)?.start;
}

/** NextRotationDate as DescribeSecret shows it: the end of the window that starts at `due`. */
export function displayedNextRotation(r: RotationRules, due: Date): Date {
  const p = parseRules(r);
  if (p === undefined || typeof p === "string") return due;
  return windowEnd(p, due, r.duration);
}
