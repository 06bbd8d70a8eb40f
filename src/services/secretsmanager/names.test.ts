// Table tests for names.ts: name characters, ARN suffixes, SecretId lookups.
import { test } from "node:test";
import assert from "node:assert/strict";
import { customKeyId, dayOf, guessArn, isValidName, randomSuffix, secretArn, secretLookup } from "./names.js";

const scope = { accountId: "123456789012", region: "us-east-1" };

test("secret names allow letters, digits and /_+=.@-!", () => {
  for (const ok of ["a", "prod/db/credentials", "A_b+c=d.e@f-g", "x!"]) assert.equal(isValidName(ok), true, ok);
  for (const bad of ["", "a b", "a#b", "a:b", "é", "a*b"]) assert.equal(isValidName(bad), false, bad);
});

test("suffixes are six characters of [A-Za-z0-9]; biased bytes are skipped", () => {
  assert.match(randomSuffix((n) => Buffer.alloc(n, 7)), /^HHHHHH$/);
  // 248..255 would bias the modulo: they must be rejected, then 0 gives "A".
  let calls = 0;
  const s = randomSuffix((n) => (calls++ === 0 ? Buffer.alloc(n, 250) : Buffer.alloc(n, 0)));
  assert.equal(s, "AAAAAA");
  assert.equal(calls, 2);
  assert.equal(secretArn(scope, "a/b", "AbC123"), "arn:aws:secretsmanager:us-east-1:123456789012:secret:a/b-AbC123");
});

test("SecretId lookups: full ARN, partial ARN, name; foreign ARNs never fall back to a name", () => {
  const cases: Array<[string, ReturnType<typeof secretLookup>]> = [
    ["db", { lookup: { name: "db" }, problem: null }],
    ["arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf", { lookup: { arn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf", name: "db-AbCdEf" }, problem: null }],
    ["arn:aws:secretsmanager:us-east-1:123456789012:secret:db", { lookup: { arn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db", name: "db" }, problem: null }],
    ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:db", { lookup: { arn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db" }, problem: null }],
    ["bad name", { lookup: {}, problem: "invalid-name" }],
  ];
  for (const [id, want] of cases) assert.deepEqual(secretLookup(scope, id), want, id);
  assert.equal(guessArn(scope, "x/y"), "arn:aws:secretsmanager:us-east-1:123456789012:secret:x/y");
});

test("the AWS managed key is named by absence, empty string or its alias", () => {
  for (const k of [undefined, "", "alias/aws/secretsmanager", "arn:aws:kms:us-east-1:123456789012:alias/aws/secretsmanager"]) assert.equal(customKeyId(k), undefined, String(k));
  assert.equal(customKeyId("alias/mine"), "alias/mine");
});

test("LastAccessedDate has day resolution (midnight UTC)", () => {
  assert.equal(dayOf(new Date("2026-11-23T17:45:12.345Z")), Date.parse("2026-11-23T00:00:00Z"));
});
