// AccessDenied texts exactly as iam.md §8 gives them.
import assert from "node:assert/strict";
import { test } from "node:test";
import { accessDeniedMessage } from "./index.js";
import type { Decision, DenialSource } from "./index.js";

const USER = "arn:aws:iam::123456789012:user/x";
const PARAM = "arn:aws:ssm:us-east-1:123456789012:parameter/a";
const implicit = (deniedBy: DenialSource): Decision => ({ effect: "ImplicitDeny", deniedBy });
const explicit = (deniedBy: DenialSource): Decision => ({
  effect: "ExplicitDeny",
  deniedBy,
  statement: { policyName: "p", policyType: "identity", index: 0 },
});

test("implicit deny from identity policies (SSM/KMS/Secrets Manager form)", () => {
  assert.equal(
    accessDeniedMessage(USER, "ssm:GetParameter", PARAM, implicit("identity-based")),
    `User: ${USER} is not authorized to perform: ssm:GetParameter on resource: ${PARAM} because no identity-based policy allows the ssm:GetParameter action`,
  );
});

test("the real bug-report examples are reproduced verbatim", () => {
  const session = "arn:aws:sts::123456789012:assumed-role/AWSAFTService/AWSAFT-Session";
  const path = "arn:aws:ssm:eu-west-1:123456789012:parameter/aft/account-request/custom-fields/";
  assert.equal(
    accessDeniedMessage(session, "ssm:GetParametersByPath", path, implicit("identity-based")),
    "User: arn:aws:sts::123456789012:assumed-role/AWSAFTService/AWSAFT-Session is not authorized to perform: ssm:GetParametersByPath on resource: arn:aws:ssm:eu-west-1:123456789012:parameter/aft/account-request/custom-fields/ because no identity-based policy allows the ssm:GetParametersByPath action",
  );
  const key = "arn:aws:kms:us-west-2:123456789012:key/k";
  assert.equal(
    accessDeniedMessage("arn:aws:iam::123456789012:user/EC2Cryptomatic", "kms:DescribeKey", key, implicit("resource-based")),
    `User: arn:aws:iam::123456789012:user/EC2Cryptomatic is not authorized to perform: kms:DescribeKey on resource: ${key} because no resource-based policy allows the kms:DescribeKey action`,
  );
});

const PHRASES: readonly (readonly [Decision, string])[] = [
  [explicit("identity-based"), "with an explicit deny in an identity-based policy"],
  [explicit("resource-based"), "with an explicit deny in a resource-based policy"],
  [explicit("session"), "with an explicit deny in a session policy"],
  [explicit("permissions boundary"), "with an explicit deny in a permissions boundary"],
  [explicit("role trust"), "with an explicit deny in the role trust policy"],
  [explicit("service control"), "with an explicit deny in a service control policy"],
  [implicit("resource-based"), "because no resource-based policy allows the kms:Decrypt action"],
  [implicit("session"), "because no session policy allows the kms:Decrypt action"],
  [implicit("permissions boundary"), "because no permissions boundary allows the kms:Decrypt action"],
  [implicit("service control"), "because no service control policy allows the kms:Decrypt action"],
];

for (const [decision, phrase] of PHRASES) {
  test(`context phrase: ${phrase}`, () => {
    assert.equal(
      accessDeniedMessage(USER, "kms:Decrypt", "arn:aws:kms:us-east-1:123456789012:key/k", decision),
      `User: ${USER} is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:us-east-1:123456789012:key/k ${phrase}`,
    );
  });
}

test("AssumeRole refused by the trust policy has no resource part", () => {
  assert.equal(
    accessDeniedMessage("arn:aws:iam::123456789012:user/JohnDoe", "sts:AssumeRole", undefined, implicit("role trust")),
    "User: arn:aws:iam::123456789012:user/JohnDoe is not authorized to perform: sts:AssumeRole because no role trust policy allows the sts:AssumeRole action",
  );
});

test("the hint overrides the decision's policy type; a decision without one names identity-based", () => {
  const m = accessDeniedMessage(USER, "ssm:GetParameter", PARAM, implicit("identity-based"), "resource-based");
  assert.ok(m.endsWith("because no resource-based policy allows the ssm:GetParameter action"));
  const bare = accessDeniedMessage(USER, "ssm:GetParameter", PARAM, { effect: "ImplicitDeny" });
  assert.ok(bare.endsWith("because no identity-based policy allows the ssm:GetParameter action"));
});

test("asking for a denial message for an Allow is a programming error", () => {
  assert.throws(() => accessDeniedMessage(USER, "ssm:GetParameter", PARAM, { effect: "Allow" }));
});
