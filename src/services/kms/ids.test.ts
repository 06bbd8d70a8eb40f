import { test } from "node:test";
import assert from "node:assert/strict";
import { aliasNameProblem, managedServiceOf, parseKeyIdentifier } from "./ids.js";

const scope = { accountId: "123456789012", region: "us-east-1" };
const ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
const ARN = `arn:aws:kms:us-east-1:123456789012:key/${ID}`;

test("identifier forms (kms.md §1)", () => {
  const cases: Array<[string, unknown]> = [
    [ID, { kind: "key", keyId: ID, display: ARN }],
    [ARN, { kind: "key", keyId: ID, display: ARN }],
    ["mrk-1234abcd12ab34cd56ef1234567890ab", { kind: "key", keyId: "mrk-1234abcd12ab34cd56ef1234567890ab", display: "arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab" }],
    ["alias/my-key", { kind: "alias", aliasName: "alias/my-key", aliasArn: "arn:aws:kms:us-east-1:123456789012:alias/my-key", inScope: true }],
    ["arn:aws:kms:us-east-1:123456789012:alias/my-key", { kind: "alias", aliasName: "alias/my-key", aliasArn: "arn:aws:kms:us-east-1:123456789012:alias/my-key", inScope: true }],
    ["arn:aws:kms:eu-west-1:123456789012:alias/my-key", { kind: "alias", aliasName: "alias/my-key", aliasArn: "arn:aws:kms:eu-west-1:123456789012:alias/my-key", inScope: false }],
    [`arn:aws:kms:eu-west-1:123456789012:key/${ID}`, { kind: "other-region", region: "eu-west-1" }],
    [`arn:aws:kms:eu-west-1:999999999999:key/${ID}`, { kind: "other-region", region: "eu-west-1" }],
    [`arn:aws:kms:us-east-1:999999999999:key/${ID}`, { kind: "missing-key", display: `arn:aws:kms:us-east-1:999999999999:key/${ID}` }],
    ["arn:aws:kms:us-east-1:123456789012:key/nope", { kind: "missing-key", display: "arn:aws:kms:us-east-1:123456789012:key/nope" }],
    ["unknown", { kind: "invalid", raw: "unknown" }],
    ["1234", { kind: "invalid", raw: "1234" }],
    ["arn:aws:ssm:us-east-1:123456789012:parameter/x", { kind: "invalid", raw: "arn:aws:ssm:us-east-1:123456789012:parameter/x" }],
  ];
  for (const [raw, want] of cases) assert.deepEqual(parseKeyIdentifier(raw, scope), want, raw);
});

test("alias name rules the model cannot express (kms.md §3)", () => {
  const cases: Array<[string, string | null]> = [
    ["alias/my-key", null],
    ["alias/my-alias_/", null],
    ["alias/a/b/c", null],
    ["my-key", "invalid-identifier"],
    ["alias/", "invalid-identifier"],
    ["alias/aws/mine", "reserved"],
    ["alias/aws/ssm", "reserved"],
    ["alias/my:alias", "invalid-characters"],
  ];
  for (const [name, want] of cases) assert.equal(aliasNameProblem(name), want, name);
});

test("managed aliases map to their service", () => {
  assert.equal(managedServiceOf("alias/aws/ssm"), "ssm");
  assert.equal(managedServiceOf("alias/aws/secretsmanager"), "secretsmanager");
  assert.equal(managedServiceOf("alias/aws/s3"), undefined);
});
