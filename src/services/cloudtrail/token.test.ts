import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeToken, encodeToken, queryFingerprint } from "./token.js";

describe("LookupEvents NextToken", () => {
  const q = { attribute: { key: "EventName", value: "PutParameter" }, startTime: 100, region: "us-east-1" };
  const fp = queryFingerprint(q);
  const cursor = { time: 1700000000, nodeId: "node-1", seq: 42 };

  it("round-trips with the same query", () => assert.deepEqual(decodeToken(encodeToken(cursor, fp), fp), cursor));
  it("is refused with another attribute value", () => {
    assert.equal(decodeToken(encodeToken(cursor, fp), queryFingerprint({ ...q, attribute: { key: "EventName", value: "GetParameter" } })), null);
  });
  it("is refused with another time range or region", () => {
    assert.equal(decodeToken(encodeToken(cursor, fp), queryFingerprint({ ...q, endTime: 200 })), null);
    assert.equal(decodeToken(encodeToken(cursor, fp), queryFingerprint({ ...q, region: "eu-west-1" })), null);
  });
  const junk: Array<[string, string]> = [
    ["not base64url", "???"], ["empty", ""], ["base64 of non-JSON", Buffer.from("hello").toString("base64url")],
    ["JSON of the wrong shape", Buffer.from(JSON.stringify({ v: 1, t: "x", n: 1, s: 1, q: fp })).toString("base64url")],
    ["too long", "a".repeat(2000)],
  ];
  for (const [name, token] of junk) it(`is refused when ${name}`, () => assert.equal(decodeToken(token, fp), null));
});
