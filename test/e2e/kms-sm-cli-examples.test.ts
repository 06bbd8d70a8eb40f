// Replays of the AWS CLI's documented KMS and Secrets Manager examples (awscli/examples/{kms,secretsmanager}/*.rst)
// where paramstore answered differently, plus the response shapes those examples document.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import {
  CancelKeyDeletionCommand, DescribeKeyCommand, GenerateDataKeyWithoutPlaintextCommand, ListKeyRotationsCommand,
  ListResourceTagsCommand, RotateKeyOnDemandCommand, ScheduleKeyDeletionCommand, TagResourceCommand, type KMSClient,
} from "@aws-sdk/client-kms";
import {
  CancelRotateSecretCommand, CreateSecretCommand, ListSecretsCommand, RotateSecretCommand, type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { kmsClient, secretsClient } from "../helpers/clients.js";
import { startServer, type TestServer } from "../helpers/server.js";
import { waitUntil } from "../helpers/assertions.js";
import { describe, lambdaArn } from "./secrets-support.js";
import { SIGNING_SECRET, startWebhook, type WebhookFixture } from "./secrets-webhook-fixture.js";
import { keyArnOf, newKey } from "./kms-fixtures.js";

let hook: WebhookFixture;
let server: TestServer;
let kms: KMSClient;
let sm: SecretsManagerClient;
const FN = lambdaArn("SecretsManagerTestRotationLambda");

before(async () => {
  hook = await startWebhook();
  const webhooks = JSON.stringify({ SecretsManagerTestRotationLambda: { url: hook.url, signingSecret: SIGNING_SECRET, timeoutSeconds: 10 } });
  server = await startServer({ env: { PARAMSTORE_ROTATION_WEBHOOKS: webhooks, PARAMSTORE_ROTATION_POLL_SECONDS: "0.2" } });
  kms = kmsClient(server);
  sm = secretsClient(server);
  hook.client = sm;
});
after(async () => {
  kms?.destroy();
  sm?.destroy();
  await Promise.all([server?.stop(), hook?.close()]);
});

const credentials = (password: string): string => JSON.stringify({ username: "svc", password });

test("the AWS managed key of Secrets Manager is described as protecting 'my Secrets Manager data'", async () => {
  const m = (await kms.send(new DescribeKeyCommand({ KeyId: "alias/aws/secretsmanager" }))).KeyMetadata;
  assert.equal(m?.KeyManager, "AWS");
  assert.equal(m?.Description, "Default master key that protects my Secrets Manager data when no other key is defined");
});

test("rotate-secret.rst example 2: a rate(10 days) schedule is described with AutomaticallyAfterDays 10 (describe-secret.rst)", async () => {
  const name = "MyTestDatabaseSecret";
  await sm.send(new CreateSecretCommand({ Name: name, SecretString: credentials("initial") }));
  const r = await sm.send(new RotateSecretCommand({ SecretId: name, RotationLambdaARN: FN, RotationRules: { ScheduleExpression: "rate(10 days)" } }));
  assert.deepEqual(Object.keys(r).filter((k) => k !== "$metadata").sort(), ["ARN", "Name", "VersionId"]);
  await waitUntil(async () => (await describe(sm, name)).LastRotatedDate, 15_000, "the rotation to finish");
  const rules = { AutomaticallyAfterDays: 10, ScheduleExpression: "rate(10 days)" };
  assert.deepEqual((await describe(sm, name)).RotationRules, rules);
  const listed = (await sm.send(new ListSecretsCommand({ Filters: [{ Key: "name", Values: [name] }] }))).SecretList?.[0];
  assert.deepEqual(listed?.RotationRules, rules);
  // cancel-rotate-secret.rst: with no rotation under way the answer is just ARN and Name.
  const c = await sm.send(new CancelRotateSecretCommand({ SecretId: name }));
  assert.deepEqual([c.ARN, c.Name, c.VersionId], [r.ARN, name, undefined]);
});

test("rotate-secret.rst example 1: cron() with a Duration is stored and described as given", async () => {
  const name = "MyCronSecret";
  await sm.send(new CreateSecretCommand({ Name: name, SecretString: credentials("initial") }));
  await sm.send(new RotateSecretCommand({ SecretId: name, RotationLambdaARN: FN, RotationRules: { ScheduleExpression: "cron(0 8/8 * * ? *)", Duration: "2h" } }));
  const d = await describe(sm, name);
  assert.equal(d.RotationRules?.ScheduleExpression, "cron(0 8/8 * * ? *)");
  assert.equal(d.RotationRules?.Duration, "2h");
  await waitUntil(async () => (await describe(sm, name)).LastRotatedDate, 15_000, "the rotation to finish");
});

test("KMS examples' documented members: generate-data-key-without-plaintext, schedule/cancel-key-deletion, list-resource-tags, list-key-rotations", async () => {
  const { keyId, arn } = await newKey(kms);
  const members = (o: object): string[] => Object.keys(o).filter((k) => k !== "$metadata").sort();
  const g = await kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: arn, KeySpec: "AES_256" }));
  assert.deepEqual(members(g), ["CiphertextBlob", "KeyId", "KeyMaterialId"]);
  await kms.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: "Purpose", TagValue: "Test" }, { TagKey: "Dept", TagValue: "IT" }] }));
  const tags = await kms.send(new ListResourceTagsCommand({ KeyId: keyId }));
  assert.deepEqual([tags.Tags, tags.Truncated], [[{ TagKey: "Dept", TagValue: "IT" }, { TagKey: "Purpose", TagValue: "Test" }], false]);
  await kms.send(new RotateKeyOnDemandCommand({ KeyId: keyId }));
  const rotations = await kms.send(new ListKeyRotationsCommand({ KeyId: keyId }));
  assert.deepEqual([rotations.Rotations?.[0]?.KeyId, rotations.Rotations?.[0]?.RotationType, rotations.Truncated], [keyId, "ON_DEMAND", false]);
  const s = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: arn, PendingWindowInDays: 15 }));
  assert.deepEqual(members(s), ["DeletionDate", "KeyId", "KeyState", "PendingWindowInDays"]);
  assert.deepEqual([s.KeyId, s.KeyState, s.PendingWindowInDays], [keyArnOf(keyId), "PendingDeletion", 15]);
  assert.deepEqual(await kms.send(new CancelKeyDeletionCommand({ KeyId: keyId })).then((c) => c.KeyId), arn);
  assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.KeyState, "Disabled");
});
