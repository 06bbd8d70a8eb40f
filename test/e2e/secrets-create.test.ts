// CreateSecret and DescribeSecret through the official SDK (secretsmanager.md §2.1, §2.6): ARN suffix, idempotent
// tokens (AWS-verified texts), value rules, tags, KMS keys, replicas; bad input changes nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CreateKeyCommand, DisableKeyCommand, EnableKeyCommand, CreateAliasCommand, type KMSClient } from "@aws-sdk/client-kms";
import {
  CreateSecretCommand, DeleteSecretCommand, GetSecretValueCommand, ListSecretsCommand, ListSecretVersionIdsCommand,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { kmsClient, secretsClient } from "../helpers/clients.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { rejectsWith } from "../helpers/assertions.js";
import { describe, SECRET_ARN } from "./secrets-support.js";

let sm: SecretsManagerClient;
let kms: KMSClient;

serverPerFile((server) => {
  sm = secretsClient(server);
  kms = kmsClient(server);
});

const TOKEN_A = "11111111-1111-4111-8111-111111111111";
const TOKEN_B = "22222222-2222-4222-8222-222222222222";
const names = async (): Promise<string[]> => ((await sm.send(new ListSecretsCommand({ IncludePlannedDeletion: true }))).SecretList ?? []).map((s) => s.Name ?? "");

test("CreateSecret gives an ARN with a 6-character suffix and the token as VersionId", async () => {
  const out = await sm.send(new CreateSecretCommand({ Name: "create/basic", SecretString: "s3cr3t", ClientRequestToken: TOKEN_A, Description: "basic" }));
  assert.match(out.ARN ?? "", new RegExp(`${SECRET_ARN.source}create/basic-[A-Za-z0-9]{6}$`));
  assert.equal(out.Name, "create/basic");
  assert.equal(out.VersionId, TOKEN_A);
  assert.equal(out.ReplicationStatus, undefined);
  const v = await sm.send(new GetSecretValueCommand({ SecretId: "create/basic" }));
  assert.equal(v.SecretString, "s3cr3t");
  assert.deepEqual(v.VersionStages, ["AWSCURRENT"]);
  assert.equal(v.ARN, out.ARN);
  const d = await describe(sm, "create/basic");
  assert.equal(d.Description, "basic");
  assert.deepEqual(d.VersionIdsToStages, { [TOKEN_A]: ["AWSCURRENT"] });
  assert.equal("SecretString" in d, false, "DescribeSecret never carries the value");
  assert.equal(d.RotationEnabled, undefined, "rotation never configured: RotationEnabled omitted");
  assert.equal(d.KmsKeyId, undefined, "aws/secretsmanager is not named");
  assert.ok(d.CreatedDate instanceof Date && d.LastChangedDate instanceof Date);
});

test("a retried CreateSecret (same token, same value) replays; a different value is refused with AWS's text", async () => {
  const first = await sm.send(new CreateSecretCommand({ Name: "create/idem", SecretString: "v1", ClientRequestToken: TOKEN_A }));
  const again = await sm.send(new CreateSecretCommand({ Name: "create/idem", SecretString: "v1", ClientRequestToken: TOKEN_A }));
  assert.deepEqual({ ARN: again.ARN, Name: again.Name, VersionId: again.VersionId }, { ARN: first.ARN, Name: first.Name, VersionId: first.VersionId });
  await rejectsWith(
    sm.send(new CreateSecretCommand({ Name: "create/idem", SecretString: "v2", ClientRequestToken: TOKEN_A })),
    "ResourceExistsException",
    `You can't use ClientRequestToken ${TOKEN_A} because that value is already in use for a version of secret ${first.ARN}.`,
  );
  await rejectsWith(
    sm.send(new CreateSecretCommand({ Name: "create/idem", SecretString: "v1", ClientRequestToken: TOKEN_B })),
    "ResourceExistsException",
    "The operation failed because the secret create/idem already exists.",
  );
  assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: "create/idem" }))).SecretString, "v1");
  const versions = await sm.send(new ListSecretVersionIdsCommand({ SecretId: "create/idem", IncludeDeprecated: true }));
  assert.equal(versions.Versions?.length, 1, "no second version was written");
});

test("SecretString together with SecretBinary is InvalidParameterException and creates nothing", async () => {
  await rejectsWith(
    sm.send(new CreateSecretCommand({ Name: "create/both", SecretString: "a", SecretBinary: Buffer.from("b") })),
    "InvalidParameterException",
    "You can't specify both a binary secret value and a string secret value in the same secret.",
  );
  assert.equal((await names()).includes("create/both"), false);
});

test("a value over 65,536 characters is a ValidationException that names no value", async () => {
  await rejectsWith(
    sm.send(new CreateSecretCommand({ Name: "create/big", SecretString: "x".repeat(70_000) })),
    "ValidationException",
    "1 validation error detected: Value at 'secretString' failed to satisfy constraint: Member must have length less than or equal to 65536",
  );
  // 65,536 UTF-16 units but more than 65,536 UTF-8 bytes: AWS's quota is in bytes.
  await rejectsWith(
    sm.send(new CreateSecretCommand({ Name: "create/big", SecretString: "é".repeat(40_000) })),
    "ValidationException",
    "1 validation error detected: Value at 'secretString' failed to satisfy constraint: Member must have length less than or equal to 65536",
  );
  assert.equal((await names()).includes("create/big"), false);
  const max = await sm.send(new CreateSecretCommand({ Name: "create/max", SecretString: "y".repeat(65_536) }));
  assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: max.ARN }))).SecretString?.length, 65_536);
});

test("names with other characters are refused with AWS's ValidationException text", async () => {
  const text = "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!";
  await rejectsWith(sm.send(new CreateSecretCommand({ Name: "bad name", SecretString: "x" })), "ValidationException", text);
  await rejectsWith(sm.send(new CreateSecretCommand({ Name: "bad#name", SecretString: "x" })), "ValidationException", text);
  await rejectsWith(sm.send(new GetSecretValueCommand({ SecretId: "bad name" })), "ValidationException", text);
  await rejectsWith(
    sm.send(new CreateSecretCommand({ Name: "", SecretString: "x" })),
    "ValidationException",
    "1 validation error detected: Value '' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1",
  );
  assert.equal((await names()).some((n) => n.startsWith("bad")), false);
});

test("a secret created without a value has no versions until one is put", async () => {
  const out = await sm.send(new CreateSecretCommand({ Name: "create/empty", ClientRequestToken: TOKEN_A }));
  assert.equal(out.VersionId, undefined);
  await rejectsWith(
    sm.send(new GetSecretValueCommand({ SecretId: "create/empty" })),
    "ResourceNotFoundException",
    "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
  );
  assert.equal((await describe(sm, "create/empty")).VersionIdsToStages, undefined);
  const replay = await sm.send(new CreateSecretCommand({ Name: "create/empty", ClientRequestToken: TOKEN_A }));
  assert.equal(replay.ARN, out.ARN, "the same token replays a value-less create");
});

test("SecretBinary round-trips byte for byte", async () => {
  const bytes = Buffer.from([0, 1, 2, 250, 251, 255, 10, 13]);
  await sm.send(new CreateSecretCommand({ Name: "create/binary", SecretBinary: bytes }));
  const v = await sm.send(new GetSecretValueCommand({ SecretId: "create/binary" }));
  assert.equal(v.SecretString, undefined);
  assert.deepEqual(Buffer.from(v.SecretBinary ?? new Uint8Array()), bytes);
});

test("tags on create are stored in order; an aws: key is refused", async () => {
  await sm.send(new CreateSecretCommand({ Name: "create/tags", SecretString: "x", Tags: [{ Key: "team", Value: "core" }, { Key: "env", Value: "prod" }] }));
  assert.deepEqual((await describe(sm, "create/tags")).Tags, [{ Key: "team", Value: "core" }, { Key: "env", Value: "prod" }]);
  await rejectsWith(
    sm.send(new CreateSecretCommand({ Name: "create/awstag", SecretString: "x", Tags: [{ Key: "aws:owner", Value: "me" }] })),
    "InvalidParameterException",
    "Tag keys can't start with the prefix aws:.",
  );
  assert.equal((await names()).includes("create/awstag"), false);
});

test("a name scheduled for deletion cannot be reused; after a force delete it can, with a new suffix", async () => {
  const first = await sm.send(new CreateSecretCommand({ Name: "create/reuse", SecretString: "x" }));
  await sm.send(new DeleteSecretCommand({ SecretId: "create/reuse", RecoveryWindowInDays: 7 }));
  await rejectsWith(
    sm.send(new CreateSecretCommand({ Name: "create/reuse", SecretString: "y" })),
    "InvalidRequestException",
    "You can't create this secret because a secret with this name is already scheduled for deletion.",
  );
  await sm.send(new DeleteSecretCommand({ SecretId: "create/reuse", ForceDeleteWithoutRecovery: true }));
  const second = await sm.send(new CreateSecretCommand({ Name: "create/reuse", SecretString: "y" }));
  assert.notEqual(second.ARN, first.ARN);
  await rejectsWith(sm.send(new GetSecretValueCommand({ SecretId: first.ARN })), "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
  assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: second.ARN }))).SecretString, "y");
});

test("a customer KMS key encrypts the versions; disabling it makes reads a DecryptionFailure", async () => {
  const key = (await kms.send(new CreateKeyCommand({ Description: "secrets" }))).KeyMetadata;
  assert.ok(key?.Arn && key.KeyId);
  await kms.send(new CreateAliasCommand({ AliasName: "alias/secrets-test", TargetKeyId: key.KeyId }));
  await sm.send(new CreateSecretCommand({ Name: "create/cmk", SecretString: "cmk-value", KmsKeyId: "alias/secrets-test" }));
  assert.equal((await describe(sm, "create/cmk")).KmsKeyId, "alias/secrets-test");
  const versions = await sm.send(new ListSecretVersionIdsCommand({ SecretId: "create/cmk" }));
  assert.deepEqual(versions.Versions?.[0]?.KmsKeyIds, [key.Arn]);
  const dflt = await sm.send(new ListSecretVersionIdsCommand({ SecretId: "create/basic" }));
  assert.deepEqual(dflt.Versions?.[0]?.KmsKeyIds, ["DefaultEncryptionKey"]);
  await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
  await rejectsWith(
    sm.send(new GetSecretValueCommand({ SecretId: "create/cmk" })),
    "DecryptionFailure",
    "Secrets Manager can't decrypt the protected secret text using the provided KMS key.",
  );
  await rejectsWith(
    sm.send(new CreateSecretCommand({ Name: "create/cmk2", SecretString: "x", KmsKeyId: key.Arn })),
    "EncryptionFailure",
    /^Secrets Manager can't encrypt the protected secret text using the provided KMS key/,
  );
  assert.equal((await names()).includes("create/cmk2"), false, "a failed encryption leaves no secret behind");
  await kms.send(new EnableKeyCommand({ KeyId: key.KeyId }));
  assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: "create/cmk" }))).SecretString, "cmk-value");
});

test("AddReplicaRegions is recorded and reported; the secret's own Region is refused", async () => {
  const out = await sm.send(new CreateSecretCommand({ Name: "create/replicated", SecretString: "x", AddReplicaRegions: [{ Region: "eu-west-1" }] }));
  assert.equal(out.ReplicationStatus?.length, 1);
  assert.equal(out.ReplicationStatus?.[0]?.Region, "eu-west-1");
  assert.equal(out.ReplicationStatus?.[0]?.KmsKeyId, "alias/aws/secretsmanager");
  const d = await describe(sm, "create/replicated");
  assert.equal(d.PrimaryRegion, "us-east-1");
  assert.deepEqual(d.ReplicationStatus?.map((r) => r.Region), ["eu-west-1"]);
  await rejectsWith(
    sm.send(new CreateSecretCommand({ Name: "create/samereg", SecretString: "x", AddReplicaRegions: [{ Region: "us-east-1" }] })),
    "InvalidParameterException",
    "Invalid replica region.",
  );
  assert.equal((await names()).includes("create/samereg"), false);
});

test("DescribeSecret on an unknown secret is ResourceNotFoundException with HTTP 400", async () => {
  await rejectsWith(describe(sm, "create/none"), "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
});
