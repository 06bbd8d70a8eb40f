// Multi-Region secrets through the official SDK: replicas are real secrets in the other Region (same name and ARN
// suffix, PrimaryRegion, own KMS key), kept in step with the primary at once, read-only there; delete/remove/stop
// behaviours and ReplicationStatus shapes as AWS documents them (AWS CLI examples, API reference).
import { test } from "node:test";
import assert from "node:assert/strict";
import { CreateAliasCommand, CreateKeyCommand, type KMSClient } from "@aws-sdk/client-kms";
import type { IAMClient } from "@aws-sdk/client-iam";
import {
  CreateSecretCommand, DeleteSecretCommand, GetSecretValueCommand, ListSecretsCommand, ListSecretVersionIdsCommand,
  GetResourcePolicyCommand, PutResourcePolicyCommand, PutSecretValueCommand, RemoveRegionsFromReplicationCommand, ReplicateSecretToRegionsCommand,
  RotateSecretCommand, StopReplicationToReplicaCommand, TagResourceCommand, UpdateSecretCommand, UpdateSecretVersionStageCommand,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { iamClient, kmsClient, secretsClient } from "../helpers/clients.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { rejectsWith, waitUntil } from "../helpers/assertions.js";
import { ACCOUNT_ID, REGION } from "../helpers/server.js";
import { allow, deniedText, newUser, policy, userArn } from "./iam-support.js";
import { describe } from "./secrets-support.js";

const WEST = "us-west-2";
const EU = "eu-west-1";
const ON_REPLICA = "Operation not permitted on a replica secret. Call must be made in primary secret's region.";
const NOT_FOUND = "Secrets Manager can't find the specified secret.";
const IN_SYNC = { KmsKeyId: "alias/aws/secretsmanager", Status: "InSync", StatusMessage: "Replication succeeded" };

let sm: SecretsManagerClient;
let west: SecretsManagerClient;
let eu: SecretsManagerClient;
let westKms: KMSClient;
let iam: IAMClient;
let userClient: (creds: Parameters<typeof secretsClient>[1]) => SecretsManagerClient;

serverPerFile((server) => {
  sm = secretsClient(server);
  west = secretsClient(server, undefined, WEST);
  eu = secretsClient(server, undefined, EU);
  westKms = kmsClient(server, undefined, WEST);
  iam = iamClient(server);
  userClient = (creds) => secretsClient(server, creds);
});

const inRegion = (arn: string, region: string): string => arn.replace(`:${REGION}:`, `:${region}:`);
const value = async (c: SecretsManagerClient, id: string, stage?: string): Promise<string | undefined> =>
  (await c.send(new GetSecretValueCommand({ SecretId: id, ...(stage ? { VersionStage: stage } : {}) }))).SecretString;

test("CreateSecret with AddReplicaRegions makes a readable replica: same name, suffix and value, PrimaryRegion", async () => {
  const out = await sm.send(new CreateSecretCommand({ Name: "repl/basic", SecretString: "v1", Description: "d1", AddReplicaRegions: [{ Region: WEST }] }));
  assert.deepEqual(out.ReplicationStatus, [{ Region: WEST, ...IN_SYNC }]);
  const arn = out.ARN ?? "";
  const got = await west.send(new GetSecretValueCommand({ SecretId: "repl/basic" }));
  assert.equal(got.ARN, inRegion(arn, WEST), "same ARN suffix, replica Region");
  assert.equal(got.SecretString, "v1");
  assert.deepEqual(got.VersionStages, ["AWSCURRENT"]);
  assert.equal(got.VersionId, out.VersionId, "versions keep their ids");
  const r = await describe(west, inRegion(arn, WEST));
  assert.equal(r.PrimaryRegion, REGION);
  assert.equal(r.ReplicationStatus, undefined, "only the primary reports ReplicationStatus");
  assert.equal(r.Description, "d1");
  const listed = (await west.send(new ListSecretsCommand({}))).SecretList?.find((s) => s.Name === "repl/basic");
  assert.equal(listed?.PrimaryRegion, REGION);
  const byPrimary = await west.send(new ListSecretsCommand({ Filters: [{ Key: "primary-region", Values: [REGION] }] }));
  assert.ok(byPrimary.SecretList?.some((s) => s.Name === "repl/basic"), "primary-region filter finds replicas by their primary");
  const p = await describe(sm, "repl/basic");
  assert.equal(p.PrimaryRegion, REGION);
  assert.deepEqual(p.ReplicationStatus?.map(({ LastAccessedDate: _d, ...rest }) => rest), [{ Region: WEST, ...IN_SYNC }]);
  // The replica's value is encrypted under its own Region's aws/secretsmanager key.
  const versions = await west.send(new ListSecretVersionIdsCommand({ SecretId: "repl/basic" }));
  assert.deepEqual(versions.Versions?.map((v) => v.KmsKeyIds), [["DefaultEncryptionKey"]]);
  // The read in the replica's Region shows up as that replica's LastAccessedDate (recorded after the read returns).
  const seen = await waitUntil(async () => (await describe(sm, "repl/basic")).ReplicationStatus?.[0]?.LastAccessedDate, 3000, "replica LastAccessedDate");
  assert.ok(seen instanceof Date);
});

test("changes on the primary reach the replica at once: values, stages, description, tags, resource policy", async () => {
  await sm.send(new CreateSecretCommand({ Name: "repl/sync", SecretString: "v1", ClientRequestToken: "a".repeat(32), AddReplicaRegions: [{ Region: WEST }] }));
  await sm.send(new PutSecretValueCommand({ SecretId: "repl/sync", SecretString: "v2", ClientRequestToken: "b".repeat(32) }));
  assert.equal(await value(west, "repl/sync"), "v2");
  assert.equal(await value(west, "repl/sync", "AWSPREVIOUS"), "v1");
  await sm.send(new UpdateSecretVersionStageCommand({ SecretId: "repl/sync", VersionStage: "AWSCURRENT", MoveToVersionId: "a".repeat(32), RemoveFromVersionId: "b".repeat(32) }));
  assert.equal(await value(west, "repl/sync"), "v1");
  await sm.send(new UpdateSecretCommand({ SecretId: "repl/sync", Description: "changed", SecretString: "v3", ClientRequestToken: "c".repeat(32) }));
  await sm.send(new TagResourceCommand({ SecretId: "repl/sync", Tags: [{ Key: "team", Value: "blue" }] }));
  const doc = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: "secretsmanager:DeleteSecret", Resource: "*" }] });
  await sm.send(new PutResourcePolicyCommand({ SecretId: "repl/sync", ResourcePolicy: doc }));
  const r = await describe(west, "repl/sync");
  assert.equal(r.Description, "changed");
  assert.deepEqual(r.Tags, [{ Key: "team", Value: "blue" }]);
  assert.deepEqual(r.VersionIdsToStages, (await describe(sm, "repl/sync")).VersionIdsToStages);
  assert.equal((await west.send(new GetResourcePolicyCommand({ SecretId: "repl/sync" }))).ResourcePolicy, doc);
  assert.equal(await value(west, "repl/sync"), "v3");
});

test("writes on a replica are refused with AWS's text; reads work", async () => {
  await sm.send(new CreateSecretCommand({ Name: "repl/ro", SecretString: "v1", AddReplicaRegions: [{ Region: WEST }] }));
  const refused = [
    west.send(new PutSecretValueCommand({ SecretId: "repl/ro", SecretString: "x" })),
    west.send(new UpdateSecretCommand({ SecretId: "repl/ro", Description: "x" })),
    west.send(new TagResourceCommand({ SecretId: "repl/ro", Tags: [{ Key: "k", Value: "v" }] })),
    west.send(new DeleteSecretCommand({ SecretId: "repl/ro" })),
    west.send(new RotateSecretCommand({ SecretId: "repl/ro", RotationRules: { AutomaticallyAfterDays: 7 } })),
    west.send(new ReplicateSecretToRegionsCommand({ SecretId: "repl/ro", AddReplicaRegions: [{ Region: EU }] })),
    west.send(new RemoveRegionsFromReplicationCommand({ SecretId: "repl/ro", RemoveReplicaRegions: [REGION] })),
  ];
  for (const call of refused) await rejectsWith(call, "InvalidParameterException", ON_REPLICA);
  assert.equal(await value(west, "repl/ro"), "v1");
  assert.equal((await describe(west, "repl/ro")).Tags, undefined);
});

test("DeleteSecret refuses a primary with replicas; RemoveRegionsFromReplication deletes the replica, then delete works", async () => {
  const arn = (await sm.send(new CreateSecretCommand({ Name: "repl/del", SecretString: "v", AddReplicaRegions: [{ Region: WEST }, { Region: EU }] }))).ARN ?? "";
  await rejectsWith(
    sm.send(new DeleteSecretCommand({ SecretId: "repl/del", ForceDeleteWithoutRecovery: true })),
    "InvalidParameterException",
    `You can't delete secret ${arn} that still has replica regions [${WEST}, ${EU}].`,
  );
  const one = await sm.send(new RemoveRegionsFromReplicationCommand({ SecretId: "repl/del", RemoveReplicaRegions: [WEST] }));
  assert.equal(one.ARN, arn);
  assert.deepEqual(one.ReplicationStatus, [{ Region: EU, ...IN_SYNC }]);
  await rejectsWith(west.send(new GetSecretValueCommand({ SecretId: "repl/del" })), "ResourceNotFoundException", NOT_FOUND);
  assert.equal(await value(eu, "repl/del"), "v");
  const none = await sm.send(new RemoveRegionsFromReplicationCommand({ SecretId: arn, RemoveReplicaRegions: [EU] }));
  assert.deepEqual(none.ReplicationStatus, [], "the CLI example's answer once no replica is left");
  assert.equal((await describe(sm, "repl/del")).ReplicationStatus, undefined);
  await sm.send(new DeleteSecretCommand({ SecretId: "repl/del", ForceDeleteWithoutRecovery: true }));
});

test("StopReplicationToReplica in the replica's Region promotes it to a standalone secret", async () => {
  const arn = (await sm.send(new CreateSecretCommand({ Name: "repl/stop", SecretString: "v1", AddReplicaRegions: [{ Region: WEST }, { Region: EU }] }))).ARN ?? "";
  await rejectsWith(sm.send(new StopReplicationToReplicaCommand({ SecretId: "repl/stop" })), "InvalidRequestException", /not a replica/);
  const out = await west.send(new StopReplicationToReplicaCommand({ SecretId: "repl/stop" }));
  assert.deepEqual({ ARN: out.ARN }, { ARN: inRegion(arn, WEST) });
  const promoted = await describe(west, "repl/stop");
  assert.equal(promoted.PrimaryRegion, undefined);
  assert.deepEqual((await describe(sm, "repl/stop")).ReplicationStatus?.map((r) => r.Region), [EU]);
  // Now independent: writable in its Region, no longer fed by the primary.
  await west.send(new PutSecretValueCommand({ SecretId: "repl/stop", SecretString: "west-only" }));
  await sm.send(new PutSecretValueCommand({ SecretId: "repl/stop", SecretString: "v2" }));
  assert.equal(await value(west, "repl/stop"), "west-only");
  assert.equal(await value(eu, "repl/stop"), "v2");
});

test("a Region that already holds the name: Status Failed unless ForceOverwriteReplicaSecret", async () => {
  await west.send(new CreateSecretCommand({ Name: "repl/taken", SecretString: "theirs" }));
  await sm.send(new CreateSecretCommand({ Name: "repl/taken", SecretString: "ours" }));
  const failed = await sm.send(new ReplicateSecretToRegionsCommand({ SecretId: "repl/taken", AddReplicaRegions: [{ Region: WEST }] }));
  assert.deepEqual(failed.ReplicationStatus, [{
    Region: WEST, KmsKeyId: "alias/aws/secretsmanager", Status: "Failed",
    StatusMessage: `Replication failed: Secret name repl/taken already exists in region ${WEST}.`,
  }]);
  assert.equal(await value(west, "repl/taken"), "theirs", "the other secret is left alone");
  assert.equal((await describe(west, "repl/taken")).PrimaryRegion, undefined);
  await sm.send(new RemoveRegionsFromReplicationCommand({ SecretId: "repl/taken", RemoveReplicaRegions: [WEST] }));
  assert.equal(await value(west, "repl/taken"), "theirs", "removing a Failed replica deletes nothing in that Region");
  const forced = await sm.send(new ReplicateSecretToRegionsCommand({ SecretId: "repl/taken", AddReplicaRegions: [{ Region: WEST }], ForceOverwriteReplicaSecret: true }));
  assert.deepEqual(forced.ReplicationStatus, [{ Region: WEST, ...IN_SYNC }]);
  assert.equal(await value(west, "repl/taken"), "ours");
  assert.equal((await describe(west, "repl/taken")).PrimaryRegion, REGION);
});

test("a replica KmsKeyId names a key of the replica's Region; the replica's versions are encrypted under it", async () => {
  const key = await westKms.send(new CreateKeyCommand({}));
  const keyArn = key.KeyMetadata?.Arn ?? "";
  await westKms.send(new CreateAliasCommand({ AliasName: "alias/repl-west", TargetKeyId: keyArn }));
  await sm.send(new CreateSecretCommand({ Name: "repl/cmk", SecretString: "v" }));
  const out = await sm.send(new ReplicateSecretToRegionsCommand({ SecretId: "repl/cmk", AddReplicaRegions: [{ Region: WEST, KmsKeyId: "alias/repl-west" }] }));
  assert.deepEqual(out.ReplicationStatus, [{ Region: WEST, KmsKeyId: "alias/repl-west", Status: "InSync", StatusMessage: "Replication succeeded" }]);
  assert.equal((await describe(west, "repl/cmk")).KmsKeyId, "alias/repl-west");
  const versions = await west.send(new ListSecretVersionIdsCommand({ SecretId: "repl/cmk" }));
  assert.deepEqual(versions.Versions?.map((v) => v.KmsKeyIds), [[keyArn]]);
  assert.equal(await value(west, "repl/cmk"), "v");
  // A key the replica's Region does not have: that replica fails, the call and the primary do not.
  const bad = await sm.send(new ReplicateSecretToRegionsCommand({ SecretId: "repl/cmk", AddReplicaRegions: [{ Region: EU, KmsKeyId: "alias/repl-west" }] }));
  assert.equal(bad.ReplicationStatus?.find((r) => r.Region === EU)?.Status, "Failed");
  await rejectsWith(eu.send(new GetSecretValueCommand({ SecretId: "repl/cmk" })), "ResourceNotFoundException", NOT_FOUND);
});

test("replication needs secretsmanager:ReplicateSecretToRegions, also when CreateSecret adds replicas", async () => {
  const creds = await newUser(iam, "sm-no-repl", {
    policy: policy(allow(["secretsmanager:CreateSecret", "secretsmanager:DescribeSecret", "kms:GenerateDataKey", "kms:Decrypt"])),
  });
  const user = userClient(creds);
  const me = userArn("sm-no-repl");
  await rejectsWith(
    user.send(new CreateSecretCommand({ Name: "repl/authz", SecretString: "x", AddReplicaRegions: [{ Region: WEST }] })),
    "AccessDeniedException",
    new RegExp(`^User: ${me} is not authorized to perform: secretsmanager:ReplicateSecretToRegions on resource: arn:aws:secretsmanager:${REGION}:${ACCOUNT_ID}:secret:repl/authz-[A-Za-z0-9]{6} because`),
  );
  await rejectsWith(west.send(new GetSecretValueCommand({ SecretId: "repl/authz" })), "ResourceNotFoundException", NOT_FOUND);
  const arn = (await user.send(new CreateSecretCommand({ Name: "repl/authz", SecretString: "x" }))).ARN ?? "";
  await rejectsWith(
    user.send(new ReplicateSecretToRegionsCommand({ SecretId: "repl/authz", AddReplicaRegions: [{ Region: WEST }] })),
    "AccessDeniedException",
    deniedText(me, "secretsmanager:ReplicateSecretToRegions", arn),
  );
  await rejectsWith(
    user.send(new RemoveRegionsFromReplicationCommand({ SecretId: "repl/authz", RemoveReplicaRegions: [WEST] })),
    "AccessDeniedException",
    deniedText(me, "secretsmanager:RemoveRegionsFromReplication", arn),
  );
});
