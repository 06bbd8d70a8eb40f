// Policy documents over the wire, compared with answers recorded from real AWS: every CreatePolicy document of
// localstack's AWS-recorded test_iam_policies snapshot (src/policy/document-recorded.cases.ts) and the recorded
// UpdateAssumeRolePolicy refusals (test_iam_roles snapshot, 2026-02-11).
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  CreatePolicyCommand, CreateRoleCommand, GetRoleCommand, ListPoliciesCommand, UpdateAssumeRolePolicyCommand, type IAMClient,
} from "@aws-sdk/client-iam";
import { CreateKeyCommand, PutKeyPolicyCommand, type KMSClient } from "@aws-sdk/client-kms";
import { CreateSecretCommand, PutResourcePolicyCommand, ValidateResourcePolicyCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { RECORDED_INVALID, RECORDED_VALID, documentText } from "../../src/policy/document-recorded.cases.js";
import { iamClient, kmsClient, secretsClient } from "../helpers/clients.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { expectError } from "../helpers/assertions.js";
import { ACCOUNT_ID } from "../helpers/server.js";
import { ROOT_ARN, decodeDoc } from "./iam-support.js";

let iam: IAMClient;
let kms: KMSClient;
let secrets: SecretsManagerClient;

serverPerFile((server) => {
  iam = iamClient(server);
  kms = kmsClient(server);
  secrets = secretsClient(server);
});

const policyNames = async (): Promise<string[]> =>
  ((await iam.send(new ListPoliciesCommand({ Scope: "Local" }))).Policies ?? []).map((p) => p.PolicyName ?? "");

test("CreatePolicy answers each AWS-recorded invalid document with AWS's exact MalformedPolicyDocument text", async () => {
  for (const [i, [doc, message]] of RECORDED_INVALID.entries()) {
    await expectError(iam.send(new CreatePolicyCommand({ PolicyName: `invalid-${i}`, PolicyDocument: documentText(doc) })), {
      name: "MalformedPolicyDocumentException", message, status: 400,
    });
  }
  assert.deepEqual((await policyNames()).filter((n) => n.startsWith("invalid-")), [], "nothing is stored");
});

test("CreatePolicy accepts each document AWS accepted", async () => {
  for (const [i, doc] of RECORDED_VALID.entries()) {
    const r = await iam.send(new CreatePolicyCommand({ PolicyName: `valid-${i}`, PolicyDocument: documentText(doc) }));
    assert.equal(r.Policy?.Arn, `arn:aws:iam::${ACCOUNT_ID}:policy/valid-${i}`);
  }
});

const TRUST = { Effect: "Allow", Principal: { AWS: ROOT_ARN }, Action: "sts:AssumeRole" };
const trustDoc = (statement: object): string => JSON.stringify({ Version: "2012-10-17", Statement: [statement] });

test("UpdateAssumeRolePolicy refuses a non-STS action and a Resource element with AWS's recorded texts", async () => {
  await iam.send(new CreateRoleCommand({ RoleName: "trust-compat", AssumeRolePolicyDocument: trustDoc(TRUST) }));
  await expectError(iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: "trust-compat", PolicyDocument: trustDoc({ ...TRUST, Action: "sts:InvalidAction" }) })), {
    name: "MalformedPolicyDocumentException", message: "AssumeRole policy may only specify STS AssumeRole actions.", status: 400,
  });
  await expectError(iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: "trust-compat", PolicyDocument: trustDoc({ ...TRUST, Resource: "arn:aws:s3:::example_bucket" }) })), {
    name: "MalformedPolicyDocumentException", message: "Has prohibited field Resource", status: 400,
  });
  const stored = decodeDoc((await iam.send(new GetRoleCommand({ RoleName: "trust-compat" }))).Role?.AssumeRolePolicyDocument);
  assert.deepEqual(stored, JSON.parse(trustDoc(TRUST)), "the refused documents changed nothing");
  await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: "trust-compat", PolicyDocument: trustDoc({ ...TRUST, Action: ["sts:AssumeRole", "sts:TagSession"] }) }));
});

// Key and secret policies go through the same grammar: a document AWS IAM accepts (condition key without a
// vendor, legacy-parsable short date) is accepted there too, and a legacy-parsing failure is refused the same way.
const resourceDoc = (condition: object): string =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Sid: "Root", Effect: "Allow", Principal: { AWS: ROOT_ARN }, Action: "*", Resource: "*" },
      { Sid: "Conditional", Effect: "Deny", Principal: { AWS: ROOT_ARN }, Action: "kms:Decrypt", Resource: "*", Condition: condition },
    ],
  });
const ACCEPTED = resourceDoc({ StringEqualsIfExists: { a: "asf" }, DateGreaterThan: { "aws:CurrentTime": "01T" } });
const LEGACY = resourceDoc({ DateLessThan: { "aws:CurrentTime": "9223372036854775808" } });

test("KMS key policies and Secrets Manager resource policies are refused by the same document checks", async () => {
  const key = await kms.send(new CreateKeyCommand({ Policy: ACCEPTED }));
  const keyId = key.KeyMetadata?.KeyId ?? "";
  await kms.send(new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: "default", Policy: ACCEPTED }));
  await expectError(kms.send(new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: "default", Policy: LEGACY })), {
    name: "MalformedPolicyDocumentException", message: "The policy failed legacy parsing", status: 400,
  });
  await secrets.send(new CreateSecretCommand({ Name: "policy-compat", SecretString: "x" }));
  await secrets.send(new PutResourcePolicyCommand({ SecretId: "policy-compat", ResourcePolicy: ACCEPTED }));
  // The same checks refuse it; Secrets Manager words every syntax problem its own way (its user guide).
  const SM_SYNTAX = "This resource policy contains a syntax error.";
  await expectError(secrets.send(new PutResourcePolicyCommand({ SecretId: "policy-compat", ResourcePolicy: LEGACY })), {
    name: "MalformedPolicyDocumentException", message: SM_SYNTAX, status: 400,
  });
  const v = await secrets.send(new ValidateResourcePolicyCommand({ SecretId: "policy-compat", ResourcePolicy: LEGACY }));
  assert.equal(v.PolicyValidationPassed, false);
  assert.deepEqual(v.ValidationErrors, [{ CheckName: "POLICY_SYNTAX", ErrorMessage: SM_SYNTAX }]);
});
