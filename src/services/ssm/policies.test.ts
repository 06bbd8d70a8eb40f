import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { expirationMs, nextNotificationMs, parsePolicies, parseTimestamp, restartNoChange } from "./policies.js";

const NOW = Date.parse("2026-01-01T00:00:00.000Z");
const exp = (ts: string): string => JSON.stringify({ Type: "Expiration", Version: "1.0", Attributes: { Timestamp: ts } });
const before = (n: string, unit = "Days"): string => JSON.stringify({ Type: "ExpirationNotification", Version: "1.0", Attributes: { Before: n, Unit: unit } });
const after = (n: string, unit = "Hours"): string => JSON.stringify({ Type: "NoChangeNotification", Version: "1.0", Attributes: { After: n, Unit: unit } });

describe("parsePolicies", () => {
  const cases: Array<[string, string, string]> = [
    ["empty list", "[]", "ok:0"],
    ["[{}] removes policies", "[{}]", "ok:0"],
    ["one expiration", `[${exp("2026-12-02T21:34:33.000Z")}]`, "ok:1"],
    ["offset timestamp", `[${exp("2026-11-01T22:13:48.87+10:30")}]`, "ok:1"],
    ["all three", `[${exp("2026-12-02T21:34:33.000Z")},${before("15")},${after("20")}]`, "ok:3"],
    ["not JSON", "Expiration", "InvalidPolicyTypeException"],
    ["not a list", exp("2026-12-02T21:34:33.000Z"), "InvalidPolicyTypeException"],
    ["unknown type", `[{"Type":"Delete","Version":"1.0","Attributes":{}}]`, "InvalidPolicyTypeException"],
    ["bad timestamp", `[${exp("tomorrow")}]`, "InvalidPolicyAttributeException"],
    ["expiration in the past", `[${exp("2025-12-31T23:59:59.000Z")}]`, "InvalidPolicyAttributeException"],
    ["bad unit", `[${exp("2026-12-02T21:34:33.000Z")},${before("15", "Weeks")}]`, "InvalidPolicyAttributeException"],
    ["bad amount", `[${after("-3")}]`, "InvalidPolicyAttributeException"],
    ["bad version", `[{"Type":"NoChangeNotification","Version":"2.0","Attributes":{"After":"1","Unit":"Days"}}]`, "InvalidPolicyAttributeException"],
    ["extra attribute", `[{"Type":"NoChangeNotification","Version":"1.0","Attributes":{"After":"1","Unit":"Days","X":"y"}}]`, "InvalidPolicyAttributeException"],
    ["two expirations", `[${exp("2026-12-02T21:34:33.000Z")},${exp("2026-12-03T21:34:33.000Z")}]`, "IncompatiblePolicyException"],
    ["notification without expiration", `[${before("1")}]`, "IncompatiblePolicyException"],
    ["eleven policies", `[${Array.from({ length: 11 }, () => after("1")).join(",")}]`, "PoliciesLimitExceededException"],
  ];
  for (const [why, text, want] of cases) {
    it(`${why} → ${want}`, () => {
      const r = parsePolicies(text, NOW);
      assert.equal(r.ok ? `ok:${r.policies.length}` : r.error.code, want);
    });
  }
  it("keeps each policy's JSON as PolicyText, Pending", () => {
    const r = parsePolicies(`[${after("20")}]`, NOW);
    assert.ok(r.ok);
    assert.deepEqual(r.policies, [{ text: after("20"), type: "NoChangeNotification", status: "Pending" }]);
  });
});

describe("policy times", () => {
  it("parses ISO instants and offsets", () => {
    assert.equal(parseTimestamp("2018-12-02T21:34:33.000Z"), Date.parse("2018-12-02T21:34:33.000Z"));
    assert.equal(parseTimestamp("2019-11-01T22:13:48.87+10:30"), Date.parse("2019-11-01T11:43:48.870Z"));
    assert.equal(parseTimestamp("2019-11-01"), null);
  });
  it("expiry, expiry notice and no-change notice", () => {
    const r = parsePolicies(`[${exp("2026-01-10T00:00:00Z")},${before("2")},${after("5")}]`, NOW);
    assert.ok(r.ok);
    assert.equal(expirationMs(r.policies), Date.parse("2026-01-10T00:00:00Z"));
    assert.equal(nextNotificationMs(r.policies, NOW), NOW + 5 * 3_600_000);
    const onlyExpiryNotice = r.policies.filter((p) => p.type !== "NoChangeNotification");
    assert.equal(nextNotificationMs(onlyExpiryNotice, NOW), Date.parse("2026-01-08T00:00:00Z"));
  });
  it("a finished no-change notice starts again on a new version", () => {
    const r = parsePolicies(`[${after("5")}]`, NOW);
    assert.ok(r.ok);
    const finished = r.policies.map((p) => ({ ...p, status: "Finished" as const }));
    assert.equal(nextNotificationMs(finished, NOW), null);
    assert.equal(nextNotificationMs(restartNoChange(finished), NOW + 1), NOW + 1 + 5 * 3_600_000);
  });
});
