// AWS managed keys (alias/aws/ssm): created on first use, usable for encryption, not manageable
// (kms.md §6); the AWS-compatible policy behind --aws-managed-keys-open; SSM ciphertext is KMS ciphertext.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CreateAliasCommand, DecryptCommand, DescribeKeyCommand, DisableKeyCommand, EnableKeyRotationCommand, EncryptCommand,
  GetKeyPolicyCommand, GetKeyRotationStatusCommand, ListAliasesCommand, PutKeyPolicyCommand, RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand, TagResourceCommand, UpdateKeyDescriptionCommand, type KMSClient,
} from "@aws-sdk/client-kms";
import { GetParameterCommand, PutParameterCommand } from "@aws-sdk/client-ssm";
import { kmsClient, ssmClient } from "../helpers/clients.js";
import { ACCOUNT_ID, REGION, type TestServer } from "../helpers/server.js";
import { expectError } from "../helpers/assertions.js";
import { ROOT_ARN } from "./iam-support.js";
import { bytes, keyArnOf, managedKeyServersPerFile, newKey, text } from "./kms-fixtures.js";

let server: TestServer;
let openServer: TestServer;
let kms: KMSClient;

managedKeyServersPerFile((s) => ({ server, openServer, kms } = s));

test("DescribeKey on alias/aws/ssm creates the AWS managed key once", async () => {
  const before = (await kms.send(new ListAliasesCommand({}))).Aliases?.find((a) => a.AliasName === "alias/aws/ssm");
  assert.equal(before?.TargetKeyId, undefined, "listed without a target before first use");
  const m = (await kms.send(new DescribeKeyCommand({ KeyId: "alias/aws/ssm" }))).KeyMetadata;
  assert.equal(m?.KeyManager, "AWS");
  assert.equal(m?.KeyState, "Enabled");
  assert.equal(m?.Description, "Default master key that protects my SSM parameters when no other key is defined");
  assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: "alias/aws/ssm" }))).KeyMetadata?.KeyId, m?.KeyId);
  const after = (await kms.send(new ListAliasesCommand({}))).Aliases?.find((a) => a.AliasName === "alias/aws/ssm");
  assert.equal(after?.TargetKeyId, m?.KeyId);
  const rotation = await kms.send(new GetKeyRotationStatusCommand({ KeyId: m?.KeyId }));
  assert.equal(rotation.KeyRotationEnabled, true);
  assert.equal(rotation.RotationPeriodInDays, 365);
});

test("the managed key encrypts and decrypts, but cannot be managed", async () => {
  const id = (await kms.send(new DescribeKeyCommand({ KeyId: "alias/aws/ssm" }))).KeyMetadata?.KeyId ?? "";
  const arn = keyArnOf(id);
  const enc = await kms.send(new EncryptCommand({ KeyId: "alias/aws/ssm", Plaintext: bytes("managed") }));
  assert.equal(text((await kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob }))).Plaintext), "managed");
  const denied = (action: string) => ({
    name: "AccessDeniedException",
    message: `User: ${ROOT_ARN} is not authorized to perform: ${action} on resource: ${arn} because no resource-based policy allows the ${action} action`,
  });
  await expectError(kms.send(new DisableKeyCommand({ KeyId: id })), denied("kms:DisableKey"));
  await expectError(kms.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: 7 })), denied("kms:ScheduleKeyDeletion"));
  await expectError(kms.send(new PutKeyPolicyCommand({ KeyId: id, Policy: "{}" })), denied("kms:PutKeyPolicy"));
  await expectError(kms.send(new RotateKeyOnDemandCommand({ KeyId: id })), denied("kms:RotateKeyOnDemand"));
  await expectError(kms.send(new TagResourceCommand({ KeyId: id, Tags: [{ TagKey: "a", TagValue: "b" }] })), denied("kms:TagResource"));
  await expectError(kms.send(new UpdateKeyDescriptionCommand({ KeyId: id, Description: "mine" })), denied("kms:UpdateKeyDescription"));
  await expectError(kms.send(new EnableKeyRotationCommand({ KeyId: id })), {
    name: "UnsupportedOperationException", message: `${arn} is an AWS managed key; its automatic rotation cannot be changed.`,
  });
  await expectError(kms.send(new CreateAliasCommand({ AliasName: "alias/steal-managed", TargetKeyId: id })), { name: "NotAuthorizedException", message: "UnknownError" });
  const m = (await kms.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata;
  assert.equal(m?.KeyState, "Enabled");
  assert.equal(m?.Description, "Default master key that protects my SSM parameters when no other key is defined");
});

test("by default the managed key has the default policy: IAM must allow its use (kms.md §6 divergence)", async () => {
  const id = (await kms.send(new DescribeKeyCommand({ KeyId: "alias/aws/ssm" }))).KeyMetadata?.KeyId;
  const policy = (await kms.send(new GetKeyPolicyCommand({ KeyId: id }))).Policy ?? "";
  assert.deepEqual(JSON.parse(policy).Statement, [{ Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: ROOT_ARN }, Action: "kms:*", Resource: "*" }]);
});

test("with --aws-managed-keys-open the managed key carries AWS's ViaService policy", async () => {
  const open = kmsClient(openServer);
  const id = (await open.send(new DescribeKeyCommand({ KeyId: "alias/aws/secretsmanager" }))).KeyMetadata?.KeyId;
  const doc = JSON.parse((await open.send(new GetKeyPolicyCommand({ KeyId: id }))).Policy ?? "{}");
  assert.equal(doc.Id, "auto-secretsmanager-2");
  assert.deepEqual(doc.Statement[0].Principal, { AWS: "*" });
  assert.deepEqual(doc.Statement[0].Condition, { StringEquals: { "kms:CallerAccount": ACCOUNT_ID, "kms:ViaService": `secretsmanager.${REGION}.amazonaws.com` } });
  assert.deepEqual(doc.Statement[1].Action, ["kms:Describe*", "kms:Get*", "kms:List*", "kms:RevokeGrant"]);
});

test("a SecureString's ciphertext is a KMS blob Decrypt opens with the PARAMETER_ARN context", async () => {
  const ssm = ssmClient(server);
  const { keyId, arn } = await newKey(kms);
  await ssm.send(new PutParameterCommand({ Name: "/kms-test/secret", Value: "s3cret", Type: "SecureString", KeyId: keyId }));
  const raw = (await ssm.send(new GetParameterCommand({ Name: "/kms-test/secret" }))).Parameter?.Value ?? "";
  const blob = Buffer.from(raw, "base64");
  const context = { PARAMETER_ARN: `arn:aws:ssm:${REGION}:${ACCOUNT_ID}:parameter/kms-test/secret` };
  const dec = await kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: context }));
  assert.equal(text(dec.Plaintext), "s3cret");
  assert.equal(dec.KeyId, arn);
  await expectError(kms.send(new DecryptCommand({ CiphertextBlob: blob })), { name: "InvalidCiphertextException", message: "UnknownError" });
});
