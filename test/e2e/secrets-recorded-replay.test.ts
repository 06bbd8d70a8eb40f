// LocalStack's AWS-validated Secrets Manager tests replayed against paramstore (tests/aws/services/secretsmanager/
// test_secretsmanager.py and its snapshot of real AWS answers): labels after PutSecretValue on a rotated secret,
// tagging a secret marked for deletion, and rotation through a function written like AWS's rotation template
// (lambda_rotate_secret.py, adapted from aws-samples' SecretsManagerRotationTemplate) registered as a webhook.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  CreateSecretCommand, DeleteSecretCommand, DescribeSecretCommand, GetSecretValueCommand, ListSecretVersionIdsCommand, PutSecretValueCommand,
  RestoreSecretCommand, RotateSecretCommand, TagResourceCommand, UntagResourceCommand, UpdateSecretVersionStageCommand, type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { secretsClient } from "../helpers/clients.js";
import { rejectsWith, waitUntil } from "../helpers/assertions.js";
import { startServer, type TestServer } from "../helpers/server.js";
import { lambdaArn } from "./secrets-support.js";

interface RotationEvent {
  readonly SecretId: string;
  readonly ClientRequestToken: string;
  readonly Step: string;
}

const TEMPLATE_FN = lambdaArn("aws-template-rotator");
const FAILING_FN = lambdaArn("failing-rotator");
let hook: Server;
let server: TestServer;
let sm: SecretsManagerClient;
/** What the template function saw at createSecret: the token's labels and whether reading it was ResourceNotFound. */
const createSeen = new Map<string, { labels: string[] | undefined; notFound: boolean }>();
const hookErrors: string[] = [];

const isNotFound = (e: unknown): boolean => e instanceof Error && e.name === "ResourceNotFoundException";

/** One step of AWS's rotation template: every step first checks that RotateSecret staged the token as AWSPENDING. */
async function templateStep(e: RotationEvent): Promise<void> {
  const { SecretId: arn, ClientRequestToken: token, Step: step } = e;
  const metadata = await sm.send(new DescribeSecretCommand({ SecretId: arn }));
  if (metadata.RotationEnabled !== true) throw new Error(`Secret ${arn} is not enabled for rotation`);
  const labels = metadata.VersionIdsToStages?.[token];
  if (step === "createSecret") createSeen.set(token, { labels, notFound: false });
  if (!labels) throw new Error(`Secret version ${token} has no stage for rotation of secret ${arn}.`);
  if (labels.includes("AWSCURRENT")) return;
  if (!labels.includes("AWSPENDING")) throw new Error(`Secret version ${token} not set as AWSPENDING for rotation of secret ${arn}.`);
  if (step === "createSecret") {
    await sm.send(new GetSecretValueCommand({ SecretId: arn, VersionStage: "AWSCURRENT" }));
    try {
      await sm.send(new GetSecretValueCommand({ SecretId: arn, VersionId: token, VersionStage: "AWSPENDING" }));
    } catch (err) {
      if (!isNotFound(err)) throw err;
      createSeen.set(token, { labels, notFound: true });
      await sm.send(new PutSecretValueCommand({ SecretId: arn, ClientRequestToken: token, SecretString: `lambda_rotate_secret_rotation_${token}`, VersionStages: ["AWSPENDING"] }));
    }
  } else if (step === "finishSecret") {
    const stages = (await sm.send(new DescribeSecretCommand({ SecretId: arn }))).VersionIdsToStages ?? {};
    const current = Object.entries(stages).find(([, l]) => l.includes("AWSCURRENT"))?.[0];
    if (current === token) return;
    await sm.send(new UpdateSecretVersionStageCommand({ SecretId: arn, VersionStage: "AWSCURRENT", MoveToVersionId: token, RemoveFromVersionId: current }));
  }
}

before(async () => {
  hook = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.url === "/fail") {
        res.writeHead(500).end("this rotation function always fails");
        return;
      }
      const event = JSON.parse(Buffer.concat(chunks).toString("utf8")) as RotationEvent; // paramstore's rotation event
      templateStep(event).then(
        () => res.writeHead(200).end("{}"),
        (err: unknown) => {
          hookErrors.push(`${event.Step}: ${err instanceof Error ? err.message : String(err)}`);
          res.writeHead(500).end("step failed");
        },
      );
    });
  });
  await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(hook.address() as AddressInfo).port}`; // a TCP listener
  const webhooks = { "aws-template-rotator": { url: `${base}/template` }, "failing-rotator": { url: `${base}/fail` } };
  server = await startServer({ env: { PARAMSTORE_ROTATION_WEBHOOKS: JSON.stringify(webhooks), PARAMSTORE_ROTATION_RETRY_SECONDS: "", PARAMSTORE_ROTATION_POLL_SECONDS: "0.2" } });
  sm = secretsClient(server);
});
after(async () => {
  sm?.destroy();
  await server?.stop();
  hook?.closeAllConnections();
  await new Promise<void>((r) => (hook ? hook.close(() => r()) : r()));
});

/** ListSecretVersionIds as [VersionId, VersionStages, KmsKeyIds, has LastAccessedDate] in the order listed. */
const versionList = async (SecretId: string) =>
  ((await sm.send(new ListSecretVersionIdsCommand({ SecretId }))).Versions ?? []).map((v) => [v.VersionId, v.VersionStages, v.KmsKeyIds, v.LastAccessedDate !== undefined]);

test("PutSecretValue on a rotated secret: the old AWSCURRENT version keeps only AWSPREVIOUS (recorded: current_pending)", async () => {
  const c = await sm.send(new CreateSecretCommand({ Name: "recorded/current-pending", SecretString: "Something1" }));
  const p = await sm.send(new PutSecretValueCommand({ SecretId: "recorded/current-pending", SecretString: "Something2", VersionStages: ["AWSPENDING"] }));
  assert.deepEqual(p.VersionStages, ["AWSPENDING"]);
  await sm.send(new UpdateSecretVersionStageCommand({ SecretId: "recorded/current-pending", RemoveFromVersionId: c.VersionId, MoveToVersionId: p.VersionId, VersionStage: "AWSCURRENT" }));
  const key = ["DefaultEncryptionKey"];
  assert.deepEqual(await versionList("recorded/current-pending"), [[c.VersionId, ["AWSPREVIOUS"], key, false], [p.VersionId, ["AWSCURRENT", "AWSPENDING"], key, false]]);
  const p2 = await sm.send(new PutSecretValueCommand({ SecretId: "recorded/current-pending", SecretString: "SS3" }));
  assert.deepEqual(p2.VersionStages, ["AWSCURRENT"]);
  assert.deepEqual(await versionList("recorded/current-pending"), [[p.VersionId, ["AWSPREVIOUS"], key, false], [p2.VersionId, ["AWSCURRENT"], key, false]]);
});

test("TagResource and UntagResource refuse a secret marked for deletion and change nothing", async () => {
  const c = await sm.send(new CreateSecretCommand({ Name: "recorded/tag-deleted", SecretString: "test-secret-value", Tags: [{ Key: "initial-tag", Value: "initial-value" }] }));
  await sm.send(new DeleteSecretCommand({ SecretId: c.ARN }));
  const text = "You can't perform this operation on the secret because it was marked for deletion.";
  await rejectsWith(sm.send(new TagResourceCommand({ SecretId: c.ARN, Tags: [{ Key: "new-tag", Value: "new-value" }] })), "InvalidRequestException", text);
  await rejectsWith(sm.send(new UntagResourceCommand({ SecretId: c.ARN, TagKeys: ["initial-tag"] })), "InvalidRequestException", text);
  await sm.send(new RestoreSecretCommand({ SecretId: c.ARN }));
  assert.deepEqual((await sm.send(new DescribeSecretCommand({ SecretId: c.ARN }))).Tags, [{ Key: "initial-tag", Value: "initial-value" }]);
});

/**
 * Until the rotation has finished: AWSCURRENT is on the new version (finishSecret moved it) and the rotation's
 * completion is recorded (LastRotatedDate, set once the function's last step returned) no earlier than `since`.
 */
const rotatedTo = (SecretId: string, versionId: string | undefined, since: Date) =>
  waitUntil(async () => {
    const d = await sm.send(new DescribeSecretCommand({ SecretId }));
    const finished = (d.LastRotatedDate?.getTime() ?? 0) >= Math.floor(since.getTime() / 1000) * 1000;
    return finished && d.VersionIdsToStages?.[versionId ?? "-"]?.includes("AWSCURRENT");
  }, 15_000, `${SecretId} to be rotated`);

test("a function written like AWS's rotation template rotates: the token is staged as AWSPENDING on an empty version first", async () => {
  const name = "recorded/rotate-template";
  const c = await sm.send(new CreateSecretCommand({ Name: name, SecretString: "my_secret", Description: "testing rotation of secrets" }));
  const started1 = new Date();
  const r1 = await sm.send(new RotateSecretCommand({ SecretId: name, RotationLambdaARN: TEMPLATE_FN, RotationRules: { AutomaticallyAfterDays: 1 }, RotateImmediately: true }));
  await rotatedTo(name, r1.VersionId, started1);
  assert.deepEqual(hookErrors, []);
  assert.deepEqual(createSeen.get(r1.VersionId ?? "-"), { labels: ["AWSPENDING"], notFound: true }, "createSecret saw the staged, still empty version");
  const d = await sm.send(new DescribeSecretCommand({ SecretId: name }));
  const { $metadata: _m, ...members } = d;
  // The member set AWS recorded for describe_secret_rotated (test_rotate_secret_with_lambda_success).
  assert.deepEqual(Object.keys(members).sort(), [
    "ARN", "CreatedDate", "Description", "LastAccessedDate", "LastChangedDate", "LastRotatedDate", "Name", "NextRotationDate",
    "RotationEnabled", "RotationLambdaARN", "RotationRules", "VersionIdsToStages",
  ]);
  assert.deepEqual(d.RotationRules, { AutomaticallyAfterDays: 1 });
  assert.deepEqual(d.VersionIdsToStages, { [c.VersionId ?? ""]: ["AWSPREVIOUS"], [r1.VersionId ?? ""]: ["AWSCURRENT", "AWSPENDING"] });
  const key = ["DefaultEncryptionKey"];
  assert.deepEqual(await versionList(name), [[c.VersionId, ["AWSPREVIOUS"], key, true], [r1.VersionId, ["AWSCURRENT", "AWSPENDING"], key, false]]);
  // test_rotate_secret_multiple_times_with_lambda_success: a second RotateSecret without parameters rotates again.
  const started2 = new Date();
  const r2 = await sm.send(new RotateSecretCommand({ SecretId: name }));
  await rotatedTo(name, r2.VersionId, started2);
  assert.deepEqual(hookErrors, []);
  assert.deepEqual((await sm.send(new DescribeSecretCommand({ SecretId: name }))).VersionIdsToStages, {
    [r1.VersionId ?? ""]: ["AWSPREVIOUS"], [r2.VersionId ?? ""]: ["AWSCURRENT", "AWSPENDING"],
  });
  assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString, `lambda_rotate_secret_rotation_${r2.VersionId ?? ""}`);
});

test("when the function fails, AWSPENDING stays on the empty version RotateSecret staged, which has no value to read", async () => {
  const name = "recorded/rotate-failing";
  const c = await sm.send(new CreateSecretCommand({ Name: name, SecretString: "keep-me" }));
  const r = await sm.send(new RotateSecretCommand({ SecretId: name, RotationLambdaARN: FAILING_FN, RotationRules: { AutomaticallyAfterDays: 1 } }));
  const token = r.VersionId ?? "-";
  assert.deepEqual((await sm.send(new DescribeSecretCommand({ SecretId: name }))).VersionIdsToStages, { [c.VersionId ?? ""]: ["AWSCURRENT"], [token]: ["AWSPENDING"] });
  await rejectsWith(sm.send(new GetSecretValueCommand({ SecretId: name, VersionStage: "AWSPENDING" })), "ResourceNotFoundException", "Secrets Manager can't find the specified secret value for staging label: AWSPENDING");
  await rejectsWith(sm.send(new GetSecretValueCommand({ SecretId: name, VersionId: token })), "ResourceNotFoundException", `Secrets Manager can't find the specified secret value for VersionId: ${token}`);
  assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString, "keep-me");
  // The staged version is filled by PutSecretValue with its token, as a rotation function's createSecret does.
  const put = await sm.send(new PutSecretValueCommand({ SecretId: name, ClientRequestToken: token, SecretString: "by-hand", VersionStages: ["AWSPENDING"] }));
  assert.deepEqual([put.VersionId, put.VersionStages], [token, ["AWSPENDING"]]);
  assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: name, VersionStage: "AWSPENDING" }))).SecretString, "by-hand");
});
