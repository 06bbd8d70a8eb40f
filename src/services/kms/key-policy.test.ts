import { test } from "node:test";
import assert from "node:assert/strict";
import { isServiceError } from "../../protocol/errors.js";
import { awsManagedKeyPolicy, checkKeyPolicy, defaultKeyPolicy, managedKeyAllows } from "./key-policy.js";

const refused = (code: string, message: string | RegExp) => (e: unknown): boolean =>
  isServiceError(e) && e.code === code && (typeof message === "string" ? e.message === message : message.test(e.message));

const doc = (principal: unknown): string =>
  JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: principal, Action: "kms:*", Resource: "*" }] });

test("the default and managed-key policies are valid key policies", () => {
  assert.equal(checkKeyPolicy(defaultKeyPolicy("123456789012")).statements.length, 1);
  assert.equal(checkKeyPolicy(awsManagedKeyPolicy("ssm", "123456789012", "us-east-1")).statements.length, 2);
  assert.deepEqual(JSON.parse(defaultKeyPolicy("123456789012")).Statement[0].Principal, { AWS: "arn:aws:iam::123456789012:root" });
});

test("principals KMS accepts", () => {
  for (const p of ["*", { AWS: "*" }, { AWS: "123456789012" }, { AWS: "arn:aws:iam::123456789012:root" }, { AWS: ["arn:aws:iam::123456789012:user/a", "arn:aws:iam::123456789012:role/path/r"] },
    { AWS: "arn:aws:sts::123456789012:assumed-role/r/s" }, { Service: "ssm.amazonaws.com" }]) {
    assert.doesNotThrow(() => checkKeyPolicy(doc(p)), JSON.stringify(p));
  }
});

test("refusals: unparsable text (empty message, as AWS), bad principals, size", () => {
  assert.throws(() => checkKeyPolicy("not json"), refused("MalformedPolicyDocumentException", ""));
  for (const p of [{ AWS: "bob" }, { AWS: "arn:aws:iam::12345:root" }, { AWS: "arn:aws:s3:::bucket" }]) {
    assert.throws(() => checkKeyPolicy(doc(p)), refused("MalformedPolicyDocumentException", "Policy contains a statement with one or more invalid principals."), JSON.stringify(p));
  }
  const big = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "x".repeat(32_800), Effect: "Allow", Principal: "*", Action: "kms:*", Resource: "*" }] });
  assert.throws(() => checkKeyPolicy(big), refused("LimitExceededException", "The key policy exceeds the maximum size of 32768 bytes."));
});

test("what an AWS managed key's policy can ever allow", () => {
  for (const a of ["kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags", "kms:ListKeyRotations"]) {
    assert.equal(managedKeyAllows(a), true, a);
  }
  for (const a of ["kms:DisableKey", "kms:EnableKey", "kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:TagResource", "kms:UpdateKeyDescription", "kms:RotateKeyOnDemand", "kms:CreateAlias", "kms:EnableKeyRotation"]) {
    assert.equal(managedKeyAllows(a), false, a);
  }
});
