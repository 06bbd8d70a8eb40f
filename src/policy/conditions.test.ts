// Condition operators, set operators, IfExists and the IP/date/number parsers (iam.md §4).
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDate, parseNumber } from "./condition-ops.js";
import { conditionHolds, parseOperator } from "./conditions.js";
import { cidrContains, parseCidr, parseIp } from "./ip.js";
import type { ContextValue } from "./types.js";

test("parseOperator splits prefixes and IfExists", () => {
  assert.deepEqual(parseOperator("ForAllValues:StringLikeIfExists"), { set: "all", base: "StringLike", ifExists: true });
  assert.deepEqual(parseOperator("ForAnyValue:StringEquals"), { set: "any", base: "StringEquals", ifExists: false });
  assert.deepEqual(parseOperator("Null"), { base: "Null", ifExists: false });
  assert.equal(parseOperator("NullIfExists"), undefined);
  assert.equal(parseOperator("StringEqualz"), undefined);
  assert.equal(parseOperator("stringequals"), undefined, "operator names are case-sensitive");
  assert.equal(parseOperator("IfExists"), undefined);
});

type Row = readonly [string, string, string | readonly string[], ContextValue, boolean];
const ROWS: readonly Row[] = [
  ["StringEquals", "k:a", "x", "x", true],
  ["StringEquals", "k:a", "x", "X", false],
  ["StringEquals", "k:a", ["x", "y"], "y", true],
  ["StringEquals", "k:a", "x*", "xyz", false],
  ["StringEquals", "k:a", "x", undefined, false],
  ["StringNotEquals", "k:a", ["x", "y"], "z", true],
  ["StringNotEquals", "k:a", ["x", "y"], "y", false],
  ["StringNotEquals", "k:a", "x", undefined, true],
  ["StringEqualsIgnoreCase", "k:a", "AbC", "aBc", true],
  ["StringNotEqualsIgnoreCase", "k:a", "AbC", "aBc", false],
  ["StringLike", "k:a", "x*z", "xyyz", true],
  ["StringLike", "k:a", "x?z", "xyyz", false],
  ["StringLike", "k:a", "X*", "xa", false],
  ["StringNotLike", "k:a", "x*", "ya", true],
  ["NumericEquals", "k:a", "10", 10, true],
  ["NumericEquals", "k:a", "10", "10.0", true],
  ["NumericNotEquals", "k:a", "10", "11", true],
  ["NumericLessThan", "k:a", "10", "9.5", true],
  ["NumericLessThanEquals", "k:a", "10", "10", true],
  ["NumericGreaterThan", "k:a", "10", "10", false],
  ["NumericGreaterThanEquals", "k:a", "10", "10", true],
  ["NumericEquals", "k:a", "10", "ten", false],
  ["DateEquals", "k:a", "2020-01-01T00:00:00Z", "1577836800", true],
  ["DateNotEquals", "k:a", "2020-01-01T00:00:00Z", "2020-01-01T00:00:01Z", true],
  ["DateLessThanEquals", "k:a", "2020-01-01", "2020-01-01T00:00:00Z", true],
  ["DateGreaterThanEquals", "k:a", "2020-01-01T00:00:00Z", "2019-12-31T23:59:59Z", false],
  ["Bool", "k:a", "true", true, true],
  ["Bool", "k:a", "true", "TRUE", true],
  ["Bool", "k:a", "false", "true", false],
  ["BinaryEquals", "k:a", "aGVsbG8=", "aGVsbG8=", true],
  ["IpAddress", "aws:SourceIp", "203.0.113.0/24", "203.0.113.255", true],
  ["IpAddress", "aws:SourceIp", "203.0.113.0/24", "203.0.114.0", false],
  ["IpAddress", "aws:SourceIp", "203.0.113.7", "203.0.113.7", true],
  ["NotIpAddress", "aws:SourceIp", "10.0.0.0/8", "10.9.9.9", false],
  ["IpAddress", "aws:SourceIp", "2001:db8::/32", "2001:DB8:ffff::1", true],
  ["IpAddress", "aws:SourceIp", "::ffff:10.0.0.0/104", "10.1.1.1", true],
  ["ArnLike", "aws:SourceArn", "arn:aws:ssm:*:123456789012:parameter/*", "arn:aws:ssm:eu-west-1:123456789012:parameter/a/b", true],
  ["ArnEquals", "aws:SourceArn", "arn:aws:ssm:*:123456789012:parameter/*", "arn:aws:ssm:eu-west-1:123456789012:parameter/a", true],
  ["ArnNotLike", "aws:SourceArn", "arn:aws:ssm:*:123456789012:parameter/*", "arn:aws:ssm:eu-west-1:999999999999:parameter/a", true],
  ["ArnNotEquals", "aws:SourceArn", "arn:aws:ssm:*:123456789012:parameter/*", undefined, true],
  ["Null", "k:a", "true", undefined, true],
  ["Null", "k:a", "true", "", false],
  ["Null", "k:a", "false", [], false],
  ["StringEqualsIfExists", "k:a", "x", undefined, true],
  ["StringEqualsIfExists", "k:a", "x", "y", false],
  ["NotIpAddressIfExists", "aws:SourceIp", "10.0.0.0/8", undefined, true],
  ["ForAnyValue:StringEquals", "k:a", ["a", "b"], ["c", "b"], true],
  ["ForAnyValue:StringEquals", "k:a", ["a", "b"], ["c", "d"], false],
  ["ForAnyValue:StringEquals", "k:a", ["a"], undefined, false],
  ["ForAnyValue:StringEquals", "k:a", ["a"], [], false],
  ["ForAnyValue:StringEqualsIfExists", "k:a", ["a"], undefined, true],
  ["ForAllValues:StringEquals", "k:a", ["a", "b"], ["a", "b"], true],
  ["ForAllValues:StringEquals", "k:a", ["a", "b"], ["a", "c"], false],
  ["ForAllValues:StringEquals", "k:a", ["a"], undefined, true],
  ["ForAllValues:StringLike", "k:a", ["x-*"], ["x-1", "x-2"], true],
  ["ForAllValues:StringNotEquals", "k:a", ["a"], ["b", "c"], true],
  ["ForAllValues:StringNotEquals", "k:a", ["a"], ["b", "a"], false],
  ["ForAnyValue:StringNotEquals", "k:a", ["a"], ["a", "b"], true],
  ["StringEquals", "k:a", "x", ["y", "x"], true],
  ["StringNotEquals", "k:a", "x", ["y", "x"], false],
];

for (const [op, key, values, actual, expected] of ROWS) {
  test(`${op} ${key}=${JSON.stringify(values)} vs ${JSON.stringify(actual)} → ${expected}`, () => {
    assert.equal(conditionHolds({ [op]: { [key]: values } }, actual === undefined ? {} : { [key]: actual }), expected);
  });
}

test("operators AND, keys AND, keys case-insensitive", () => {
  const cond = { StringEquals: { "K:A": "1", "k:b": "2" }, Bool: { "k:c": "true" } };
  assert.equal(conditionHolds(cond, { "k:a": "1", "K:B": "2", "k:C": true }), true);
  assert.equal(conditionHolds(cond, { "k:a": "1", "k:b": "2", "k:c": false }), false);
  assert.equal(conditionHolds(cond, { "k:a": "1", "k:c": true }), false);
});

test("policy variables in string conditions; a missing variable invalidates even a negated condition", () => {
  const cond = { StringNotEquals: { "aws:ResourceTag/owner": "${aws:username}" } };
  assert.equal(conditionHolds(cond, { "aws:username": "alice", "aws:ResourceTag/owner": "bob" }), true);
  assert.equal(conditionHolds(cond, { "aws:username": "alice", "aws:ResourceTag/owner": "alice" }), false);
  assert.equal(conditionHolds(cond, { "aws:ResourceTag/owner": "bob" }), false);
  assert.equal(conditionHolds({ NumericEquals: { "k:a": "${k:b}" } }, { "k:a": "1", "k:b": "1" }), false, "no variables in numeric operators");
});

test("IP parsing and CIDR containment", () => {
  assert.deepEqual(parseIp("::ffff:192.0.2.1"), parseIp("192.0.2.1"));
  assert.equal(parseIp("fe80::1%eth0")?.family, 6);
  for (const bad of ["256.1.1.1", "1.2.3", "01.2.3.4", "1::2::3", "12345::", "x"]) assert.equal(parseIp(bad), undefined, bad);
  for (const bad of ["10.0.0.0/33", "::/129", "10.0.0.0/8/1", "10.0.0.0/x"]) assert.equal(parseCidr(bad), undefined, bad);
  const block = parseCidr("2001:db8::/126");
  const inside = parseIp("2001:db8::3");
  const outside = parseIp("2001:db8::4");
  assert.ok(block && inside && outside);
  assert.equal(cidrContains(block, inside), true);
  assert.equal(cidrContains(block, outside), false);
  const all = parseCidr("0.0.0.0/0");
  const any4 = parseIp("8.8.8.8");
  assert.ok(all && any4 && cidrContains(all, any4));
});

test("numbers and dates", () => {
  assert.equal(parseNumber(" 1e3 "), 1000);
  assert.equal(parseNumber(""), undefined);
  assert.equal(parseNumber("0x10"), undefined);
  assert.equal(parseDate("1577836800"), Date.UTC(2020, 0, 1));
  assert.equal(parseDate("2020-01-01T01:00:00+01:00"), Date.UTC(2020, 0, 1));
  assert.equal(parseDate("soon"), undefined);
});
