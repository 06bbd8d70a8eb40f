// Table tests for schedule.ts and cron.ts: rule validation and the next rotation window (UTC).
import { test } from "node:test";
import assert from "node:assert/strict";
import { nextCronTime, parseCron } from "./cron.js";
import { displayedNextRotation, nextWindow, rulesProblem } from "./schedule.js";

const at = (s: string): Date => new Date(s);
const iso = (d: Date | undefined): string | undefined => d?.toISOString();

test("rules AWS refuses", () => {
  const cases: Array<[Parameters<typeof rulesProblem>[0], string | null]> = [
    [{ days: 30 }, null],
    [{ days: 5, schedule: "rate(5 days)" }, "You can't specify both AutomaticallyAfterDays and ScheduleExpression in the same RotationRules."],
    [{ schedule: "rate(4 hours)" }, null],
    [{ schedule: "rate(3 hours)" }, "The rate() expression must be between 4 hours and 999 days."],
    [{ schedule: "rate(1000 days)" }, "The rate() expression must be between 4 hours and 999 days."],
    [{ schedule: "every day" }, "The ScheduleExpression must be a rate() or cron() expression."],
    [{ schedule: "cron(0 16 1,15 * ? *)", duration: "2h" }, null],
    [{ schedule: "cron(0 16 * * * *)" }, "In a cron() expression exactly one of day-of-month and day-of-week must be '?'."],
    [{ schedule: "cron(0 16 * *)" }, "cron() expressions need six fields: minutes hours day-of-month month day-of-week year."],
    [{ schedule: "cron(0 25 * * ? *)" }, "The cron() expression has a field that is not valid."],
    [{ schedule: "rate(6 hours)", duration: "7h" }, "The rotation window (Duration) can't extend into the next rotation window."],
    [{ days: 1, duration: "25h" }, "The Duration must be between 1h and 24h."],
  ];
  for (const [rules, want] of cases) assert.equal(rulesProblem(rules), want, JSON.stringify(rules));
});

test("day schedules start at midnight UTC N days after the base day and close at the day's end", () => {
  const w = nextWindow({ days: 10 }, at("2026-11-23T15:30:00Z"));
  assert.equal(iso(w?.start), "2026-12-03T00:00:00.000Z");
  assert.equal(iso(w?.end), "2026-12-03T23:59:59.000Z");
  assert.equal(iso(nextWindow({ schedule: "rate(2 days)", duration: "3h" }, at("2026-11-23T15:30:00Z"))?.end), "2026-11-25T02:59:59.000Z");
  assert.equal(iso(nextWindow({ schedule: "rate(6 hours)" }, at("2026-11-23T15:30:00Z"))?.start), "2026-11-23T21:00:00.000Z");
  assert.equal(iso(displayedNextRotation({ schedule: "rate(6 hours)" }, at("2026-11-23T21:00:00Z"))), "2026-11-23T21:59:59.000Z");
});

test("cron: next matching minute, with lists, steps, names, L and #", () => {
  const next = (expr: string, from: string): string | undefined => {
    const c = parseCron(expr);
    assert.ok(typeof c !== "string", `${expr}: ${String(c)}`);
    return iso(nextCronTime(c, at(from)));
  };
  assert.equal(next("0 16 1,15 * ? *", "2026-11-23T10:00:00Z"), "2026-12-01T16:00:00.000Z");
  assert.equal(next("0 16 1,15 * ? *", "2026-12-01T16:00:00Z"), "2026-12-15T16:00:00.000Z", "strictly after");
  assert.equal(next("30 */6 * * ? *", "2026-11-23T10:00:00Z"), "2026-11-23T12:30:00.000Z");
  assert.equal(next("0 8 ? * MON-FRI *", "2026-11-28T09:00:00Z"), "2026-11-30T08:00:00.000Z", "Saturday -> Monday");
  assert.equal(next("0 0 L * ? *", "2026-02-03T00:00:00Z"), "2026-02-28T00:00:00.000Z");
  assert.equal(next("0 9 ? * 2#1 *", "2026-11-23T00:00:00Z"), "2026-12-07T09:00:00.000Z", "first Monday");
  assert.equal(next("0 9 ? * 6L *", "2026-11-01T00:00:00Z"), "2026-11-27T09:00:00.000Z", "last Friday");
  assert.equal(next("0 0 1 JAN ? 2030", "2026-11-23T00:00:00Z"), "2030-01-01T00:00:00.000Z");
});
