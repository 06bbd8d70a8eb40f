// Action, resource and policy-variable matching (iam.md §3).
import assert from "node:assert/strict";
import { test } from "node:test";
import { actionMatches, resourceMatches, substituteVariables } from "./index.js";
import { actionService } from "./match.js";

const ACTIONS: readonly (readonly [string, string, boolean])[] = [
  ["ssm:GetParameter", "ssm:GetParameter", true],
  ["SSM:getparameter", "ssm:GetParameter", true],
  ["ssm:GetParameter", "SSM:GETPARAMETER", true],
  ["ssm:GetParameters", "ssm:GetParameter", false],
  ["ssm:GetParameter", "ssm:GetParameters", false],
  ["ssm:GetParameter*", "ssm:GetParametersByPath", true],
  ["ssm:GetParameter*", "ssm:GetParameterHistory", true],
  ["ssm:GetParameter*", "ssm:PutParameter", false],
  ["kms:Describe*", "kms:DescribeKey", true],
  ["kms:ReEncrypt*", "kms:ReEncryptFrom", true],
  ["kms:GenerateDataKey*", "kms:GenerateDataKeyWithoutPlaintext", true],
  ["kms:*", "kms:Decrypt", true],
  ["kms:*", "ssm:GetParameter", false],
  ["*", "anything:AtAll", true],
  ["ssm:?etParameter", "ssm:GetParameter", true],
  ["ssm:?etParameter", "ssm:GGetParameter", false],
  ["ssm:*Parameter", "ssm:DeleteParameter", true],
];

for (const [pattern, action, expected] of ACTIONS) {
  test(`action ${pattern} ${expected ? "matches" : "does not match"} ${action}`, () => {
    assert.equal(actionMatches(pattern, action), expected);
  });
}

const A = "arn:aws:ssm:us-east-1:123456789012:parameter";
const RESOURCES: readonly (readonly [string, string, boolean, string])[] = [
  ["*", `${A}/x`, true, "bare * matches everything"],
  ["*", "*", true, "bare * matches the resource-less marker"],
  [`${A}/*`, "*", false, "an ARN pattern never grants a resource-less action"],
  ["arn:aws:ssm:*:*:parameter/email-worker/staging/*", `${A}/email-worker/staging/db/username`, true, "spec example"],
  [`${A}/projectA.*`, `${A}/projectA.production.api_token`, true, "spec example"],
  ["arn:aws:secretsmanager:*:*:secret:prod/*", "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf", true, "spec example"],
  [`${A}/a/*`, `${A}/a/b:c`, true, "* in the resource part spans ':'"],
  [`${A}/a/*`, `${A}/A/b`, false, "case-sensitive"],
  ["arn:aws:ssm:us-*:123456789012:parameter/x", `${A}/x`, true, "wildcard inside the region segment"],
  ["arn:aws:ssm:*:*:parameter/a", "arn:aws:ssm:r:b:c:d:parameter/a", false, "region/account * stay inside their segment"],
  ["arn:aws:*:us-east-1:123456789012:parameter/x", `${A}/x`, false, "no wildcard in the service segment"],
  ["arn:aws:ssm:?s-east-1:123456789012:parameter/x", `${A}/x`, true, "? inside a segment"],
  [`${A}/a?b`, `${A}/a/b`, true, "? in the resource part matches '/'"],
  ["arn:aws:ssm:*", `${A}/x`, true, "a short pattern is a plain glob"],
  [`${A}/x`, `${A}/x`, true, "exact"],
  [`${A}/x`, `${A}/xy`, false, "exact means exact"],
  [`${A}/x.y+z(1)`, `${A}/x.y+z(1)`, true, "regex metacharacters are literal"],
  [`${A}/x.y`, `${A}/xzy`, false, "'.' is not a wildcard"],
];

for (const [pattern, resource, expected, why] of RESOURCES) {
  test(`resource ${pattern} vs ${resource}: ${why}`, () => {
    assert.equal(resourceMatches(pattern, resource), expected);
  });
}

test("variables are substituted only when given (2012-10-17), as literal text", () => {
  const p = `${A}/users/\${aws:username}/*`;
  assert.equal(resourceMatches(p, `${A}/users/alice/k`, { "aws:username": "alice" }), true);
  assert.equal(resourceMatches(p, `${A}/users/bob/k`, { "aws:username": "alice" }), false);
  assert.equal(resourceMatches(p, `${A}/users/alice/k`, {}), false, "missing variable: no match");
  assert.equal(resourceMatches(p, `${A}/users/alice/k`), false, "2008-10-17: literal text");
  assert.equal(resourceMatches(p, `${A}/users/\${aws:username}/k`), true, "2008-10-17: literal text matches itself");
  assert.equal(resourceMatches(p, `${A}/users/a-b/k`, { "aws:username": "a*b" }), false, "a '*' in a value is literal");
  assert.equal(resourceMatches(p, `${A}/users/a*b/k`, { "aws:username": "a*b" }), true);
  assert.equal(resourceMatches(p, `${A}/users/alice/k`, { "AWS:UserName": "alice" }), true, "keys are case-insensitive");
});

test("substituteVariables: values, escapes, defaults and missing keys", () => {
  const vars = { "aws:username": "alice", "aws:PrincipalTag/team": "core" };
  assert.equal(substituteVariables("home/${aws:username}/${aws:principaltag/team}", vars), "home/alice/core");
  assert.equal(substituteVariables("a${*}b${?}c${$}d", {}), "a*b?c$d");
  assert.equal(substituteVariables("${aws:userid, 'anonymous'}", {}), "anonymous");
  assert.equal(substituteVariables("${aws:userid}", {}), undefined);
  assert.equal(substituteVariables("${}", {}), "${}");
  assert.equal(substituteVariables("plain * text", {}), "plain * text");
});

test("actionService groups literal services only", () => {
  assert.equal(actionService("SSM:GetParameter"), "ssm");
  assert.equal(actionService("kms:*"), "kms");
  assert.equal(actionService("*"), undefined);
  assert.equal(actionService("s*:Get"), undefined);
});

test("wildcard matching stays linear on hostile patterns (no regex backtracking)", () => {
  const pattern = `${A}/${"*a".repeat(40)}b`;
  const resource = `${A}/${"a".repeat(5000)}`;
  const started = process.hrtime.bigint();
  assert.equal(resourceMatches(pattern, resource), false);
  assert.equal(actionMatches(`ssm:${"*a".repeat(40)}b`, `ssm:${"a".repeat(5000)}`), false);
  assert.ok(process.hrtime.bigint() - started < 2_000_000_000n, "took more than 2 s");
});

test("a lone ? matches exactly one character", () => {
  assert.equal(actionMatches("ssm:?", "ssm:x"), true);
  assert.equal(actionMatches("ssm:?", "ssm:xy"), false);
  assert.equal(resourceMatches(`${A}/?`, `${A}/`), false);
});
