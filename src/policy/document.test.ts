// Policy document validation: AWS's MalformedPolicyDocument texts, in AWS's order (iam.md §2).
import assert from "node:assert/strict";
import { test } from "node:test";
import { documentPrincipals, parsePolicyDocument, policySizeChars, validatePolicyDocument } from "./index.js";
import type { PolicyKind } from "./index.js";

const st = (s: Record<string, unknown>): string => JSON.stringify({ Version: "2012-10-17", Statement: [s] });
const ok = { Effect: "Allow", Action: "ssm:GetParameter", Resource: "*" };
const trustOk = { Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "sts:AssumeRole" };

const ERRORS: readonly (readonly [string, string, PolicyKind, string])[] = [
  ["invalid JSON", "{", "identity", "Syntax errors in policy."],
  ["top level is an array", "[]", "identity", "Syntax errors in policy."],
  ["unknown top-level element", JSON.stringify({ Version: "2012-10-17", Statement: [ok], Extra: 1 }), "identity", "Syntax errors in policy."],
  ["unknown Version", JSON.stringify({ Version: "2013-01-01", Statement: [ok] }), "identity", "Syntax errors in policy."],
  ["no Statement", JSON.stringify({ Version: "2012-10-17" }), "identity", "Syntax errors in policy."],
  ["empty Statement list", JSON.stringify({ Version: "2012-10-17", Statement: [] }), "identity", "Syntax errors in policy."],
  ["unknown statement element", st({ ...ok, Actions: "x" }), "identity", "Syntax errors in policy."],
  ["Effect not Allow/Deny", st({ ...ok, Effect: "Permit" }), "identity", "Syntax errors in policy."],
  ["Action and NotAction together", st({ ...ok, NotAction: "kms:*" }), "identity", "Syntax errors in policy."],
  ["Resource and NotResource together", st({ ...ok, NotResource: "*" }), "identity", "Syntax errors in policy."],
  ["Action is a number", st({ ...ok, Action: 5 }), "identity", "Syntax errors in policy."],
  ["Sid is a number", st({ ...ok, Sid: 1 }), "identity", "Syntax errors in policy."],
  ["condition value is an object", st({ ...ok, Condition: { StringEquals: { "aws:x": { a: 1 } } } }), "identity", "Syntax errors in policy."],
  ["unknown condition operator", st({ ...ok, Condition: { StringEqualz: { "aws:x": "a" } } }), "identity", "Syntax errors in policy."],
  ["Null cannot take IfExists", st({ ...ok, Condition: { NullIfExists: { "aws:x": "true" } } }), "identity", "Syntax errors in policy."],
  ["Principal is a bare ARN string", st({ ...trustOk, Principal: "arn:aws:iam::123456789012:root" }), "trust", "Syntax errors in policy."],
  ["Effect in lower case", st({ ...ok, Effect: "allow" }), "identity", "The policy failed legacy parsing"],
  ["unparsable date", st({ ...ok, Condition: { DateGreaterThan: { "aws:CurrentTime": "yesterday" } } }), "identity", "The policy failed legacy parsing"],
  ["identity policy with Principal", st({ ...ok, Principal: "*" }), "identity", "Policy document should not specify a principal."],
  ["trust policy with Resource", st({ ...trustOk, Resource: "*" }), "trust", "Has prohibited field Resource"],
  ["trust policy with a non-STS action", st({ ...trustOk, Action: "sts:InvalidAction" }), "trust", "AssumeRole policy may only specify STS AssumeRole actions."],
  ["trust policy with an S3 action among STS ones", st({ ...trustOk, Action: ["sts:AssumeRole", "s3:GetObject"] }), "trust", "AssumeRole policy may only specify STS AssumeRole actions."],
  ["trust policy without Principal", st({ Effect: "Allow", Action: "sts:AssumeRole" }), "trust", "Missing required field Principal."],
  ["key policy without Principal", st(ok), "resource", "Missing required field Principal."],
  ["duplicate Sid", JSON.stringify({ Version: "2012-10-17", Statement: [{ ...ok, Sid: "a" }, { ...ok, Sid: "a" }] }), "identity", "Statement IDs (SID) in a single policy must be unique."],
  ["no Action", st({ Effect: "Allow", Resource: "*" }), "identity", "Policy statement must contain actions."],
  ["empty Action list", st({ ...ok, Action: [] }), "identity", "Policy statement must contain actions."],
  ["no Resource", st({ Effect: "Allow", Action: "ssm:GetParameter" }), "identity", "Policy statement must contain resources."],
  ["resource not an ARN", st({ ...ok, Resource: "parameter/x" }), "identity", 'Resource parameter/x must be in ARN format or "*".'],
  ["unknown partition", st({ ...ok, Resource: "arn:aws-x:ssm:us-east-1:1:parameter/a" }), "identity", 'Partition "aws-x" is not valid for resource "arn:aws-x:ssm:us-east-1:1:parameter/a".'],
  ["wildcard in the service segment", st({ ...ok, Resource: "arn:aws:*:us-east-1:123456789012:parameter/a" }), "identity", "Resource vendor must be fully qualified and cannot contain regexes."],
  ["IAM ARN with a region", st({ ...ok, Resource: "arn:aws:iam:us-east-1:123456789012:user/a" }), "identity", "IAM resource arn:aws:iam:us-east-1:123456789012:user/a cannot contain region information."],
  ["action without vendor", st({ ...ok, Action: "GetParameter" }), "identity", "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."],
  ["action with two colons", st({ ...ok, Action: "ssm:Get:Parameter" }), "identity", "Actions/Condition can contain only one colon."],
  ["invalid vendor", st({ ...ok, Action: "s$m:GetParameter" }), "identity", "Vendor s$m is not valid"],
  ["S3 object ARN with a region", st({ ...ok, Resource: "arn:aws:s3:eu-west-1::b/k" }), "identity", "Resource arn:aws:s3:eu-west-1::b/k can not contain region information."],
  ["IAM path neither *, root nor a known type", st({ ...ok, Resource: "arn:aws:iam::123456789012:thing/a" }), "identity", 'IAM resource path must either be "*", root, or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/.'],
  ["empty service segment", st({ ...ok, Resource: "arn:aws::ssm:us-east-1:1:x" }), "identity", "The policy failed legacy parsing"],
  ["epoch date beyond a Java long", st({ ...ok, Condition: { DateLessThan: { "aws:EpochTime": "9223372036854775808" } } }), "identity", "The policy failed legacy parsing"],
  ["date with a one-digit zone hour", st({ ...ok, Condition: { DateLessThan: { "aws:CurrentTime": "2020-01-01T00:00:00+1" } } }), "identity", "The policy failed legacy parsing"],
];

for (const [name, text, kind, message] of ERRORS) {
  test(`MalformedPolicyDocument: ${name}`, () => {
    assert.deepEqual(parsePolicyDocument(text, kind), { error: message });
  });
}

test("managed policies must declare Version 2012-10-17", () => {
  const text = JSON.stringify({ Statement: [ok] });
  assert.deepEqual(parsePolicyDocument(text, "identity", { requireCurrentVersion: true }), {
    error: "Policy document must be version 2012-10-17 or greater.",
  });
  const r = parsePolicyDocument(text, "identity");
  assert.ok("document" in r && r.document.version === "2008-10-17", "a missing Version means 2008-10-17");
});

test("any Sid string is accepted (project decision, iam.md §2)", () => {
  for (const sid of ["allow-parameter-store-decryption", "Enable IAM User Permissions", ""]) {
    assert.ok("document" in parsePolicyDocument(st({ ...ok, Sid: sid }), "identity"), sid);
  }
});

test("Statement may be a single object; JSON booleans and numbers in conditions become strings", () => {
  const text = JSON.stringify({
    Version: "2012-10-17",
    Statement: { ...ok, Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": false }, NumericLessThan: { "a:b": [1, "2"] } } },
  });
  const r = parsePolicyDocument(text, "identity");
  assert.ok("document" in r);
  assert.deepEqual(r.document.statements[0]?.conditions, [
    { operator: "BoolIfExists", key: "aws:MultiFactorAuthPresent", values: ["false"] },
    { operator: "NumericLessThan", key: "a:b", values: ["1", "2"] },
  ]);
});

test("the default key policy parses as a resource policy; account IDs normalise to root ARNs", () => {
  const text = JSON.stringify({
    Version: "2012-10-17",
    Id: "key-default-1",
    Statement: [
      { Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "kms:*", Resource: "*" },
      { Sid: "Other", Effect: "Allow", Principal: { AWS: ["444455556666"], Service: "ssm.amazonaws.com" }, Action: "kms:Decrypt", Resource: "*" },
    ],
  });
  const r = parsePolicyDocument(text, "resource");
  assert.ok("document" in r);
  assert.equal(r.document.id, "key-default-1");
  assert.deepEqual(documentPrincipals(r.document), ["arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:root"]);
  assert.deepEqual(r.document.statements[1]?.principal?.service, ["ssm.amazonaws.com"]);
});

test("key policy statements may omit Action and Resource (accepted, ineffective: kms.md §7)", () => {
  const r = parsePolicyDocument(st({ Effect: "Allow", Principal: "*" }), "resource");
  assert.ok("document" in r);
  assert.equal(r.document.statements[0]?.principal?.wildcard, true);
});

test("condition keys are not checked for a vendor: several colons or none are accepted", () => {
  for (const key of ["kms:EncryptionContext:aws:ssm:name", "SourceIp"]) {
    const text = st({ ...ok, Condition: { StringEquals: { [key]: "x" } } });
    assert.ok("document" in parsePolicyDocument(text, "identity"), key);
  }
});

test("regional S3 resource types, the IAM root and account-wide IAM ARNs are accepted", () => {
  for (const r of [
    "arn:aws:s3:us-east-1:123456789012:job/*",
    "arn:aws:s3:us-east-1:123456789012:storage-lens/cfg",
    "arn:aws:iam::123456789012:root",
    "arn:aws:iam::123456789012:*",
  ]) {
    assert.ok("document" in parsePolicyDocument(st({ ...ok, Resource: r }), "identity"), r);
  }
});

test("trust policies may use any assume-role action or a wildcard covering one", () => {
  for (const a of ["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:TagSession", "sts:SetSourceIdentity", "sts:SetContext", "sts:assumerole", "sts:*", "*"]) {
    assert.ok("document" in parsePolicyDocument(st({ ...trustOk, Action: a }), "trust"), a);
  }
});

test("legacy date parsing: ISO 8601 variants and epoch seconds AWS accepts", () => {
  for (const d of ["2019-07-01T13:20:15Z", "2016-12-13T21:20:37.593194+00:00", "2020-01-01T00:00:00-05:00", "01T", "-292275054", "1500000000"]) {
    const text = st({ ...ok, Condition: { DateGreaterThan: { "aws:CurrentTime": d } } });
    assert.ok("document" in parsePolicyDocument(text, "identity"), d);
  }
});

test("validatePolicyDocument lists every problem, AWS's answer first", () => {
  const text = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Sid: "a", Effect: "Allow", Action: "ssm", Resource: "foo" }, { Sid: "a", Effect: "Allow", Action: "ssm:X" }],
  });
  assert.deepEqual(validatePolicyDocument(text, "identity"), {
    problems: [
      "Statement IDs (SID) in a single policy must be unique.",
      "Policy statement must contain resources.",
      'Resource foo must be in ARN format or "*".',
      "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.",
    ],
  });
});

test("policy size excludes whitespace (iam.md §2)", () => {
  assert.equal(policySizeChars('{ "a" :\n  "b c" }'), '{"a":"bc"}'.length);
});
