// Versions and staging labels (secretsmanager.md §2.2–§2.5, §2.8, §2.12): GetSecretValue selection, PutSecretValue
// and UpdateSecret idempotency, AWSCURRENT/AWSPREVIOUS moves, UpdateSecretVersionStage rules, BatchGetSecretValue.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  BatchGetSecretValueCommand, CreateSecretCommand, GetSecretValueCommand, ListSecretVersionIdsCommand, PutSecretValueCommand,
  UpdateSecretCommand, UpdateSecretVersionStageCommand, DeleteSecretCommand, type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { secretsClient } from "../helpers/clients.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { rejectsWith } from "../helpers/assertions.js";
import { describe } from "./secrets-support.js";

let sm: SecretsManagerClient;

serverPerFile((server) => {
  sm = secretsClient(server);
});

const V1 = "aaaaaaaa-0000-4000-8000-000000000001";
const V2 = "aaaaaaaa-0000-4000-8000-000000000002";
const V3 = "aaaaaaaa-0000-4000-8000-000000000003";
const get = (SecretId: string, extra: { VersionId?: string; VersionStage?: string } = {}) => sm.send(new GetSecretValueCommand({ SecretId, ...extra }));
const stagesOf = async (id: string) => (await describe(sm, id)).VersionIdsToStages ?? {};

test("PutSecretValue makes the new version AWSCURRENT and the old one AWSPREVIOUS", async () => {
  const c = await sm.send(new CreateSecretCommand({ Name: "ver/basic", SecretString: "one", ClientRequestToken: V1 }));
  const p = await sm.send(new PutSecretValueCommand({ SecretId: "ver/basic", SecretString: "two", ClientRequestToken: V2 }));
  assert.deepEqual({ ARN: p.ARN, Name: p.Name, VersionId: p.VersionId, VersionStages: p.VersionStages }, { ARN: c.ARN, Name: "ver/basic", VersionId: V2, VersionStages: ["AWSCURRENT"] });
  assert.deepEqual(await stagesOf("ver/basic"), { [V2]: ["AWSCURRENT"], [V1]: ["AWSPREVIOUS"] });
  assert.equal((await get("ver/basic")).SecretString, "two");
  assert.equal((await get("ver/basic", { VersionStage: "AWSPREVIOUS" })).SecretString, "one");
  assert.equal((await get("ver/basic", { VersionId: V1 })).SecretString, "one");
  await sm.send(new PutSecretValueCommand({ SecretId: "ver/basic", SecretString: "three", ClientRequestToken: V3 }));
  assert.deepEqual(await stagesOf("ver/basic"), { [V3]: ["AWSCURRENT"], [V2]: ["AWSPREVIOUS"] }, "v1 is deprecated (no labels)");
  const listed = await sm.send(new ListSecretVersionIdsCommand({ SecretId: "ver/basic" }));
  assert.deepEqual(listed.Versions?.map((v) => v.VersionId).sort(), [V2, V3]);
  const all = await sm.send(new ListSecretVersionIdsCommand({ SecretId: "ver/basic", IncludeDeprecated: true }));
  assert.deepEqual(all.Versions?.map((v) => v.VersionId), [V1, V2, V3]);
  assert.equal(all.Versions?.[0]?.VersionStages, undefined, "a deprecated version has no VersionStages member");
  assert.equal(all.ARN, c.ARN);
  const g = await get("ver/basic", { VersionId: V1 });
  assert.equal(g.VersionStages, undefined);
  assert.ok(g.CreatedDate instanceof Date);
});

test("PutSecretValue with the same token replays (AWS-verified); with another value it is refused", async () => {
  const c = await sm.send(new CreateSecretCommand({ Name: "ver/idem", SecretString: "one", ClientRequestToken: V1 }));
  const replay = await sm.send(new PutSecretValueCommand({ SecretId: "ver/idem", SecretString: "one", ClientRequestToken: V1 }));
  assert.deepEqual({ ARN: replay.ARN, Name: replay.Name, VersionId: replay.VersionId, VersionStages: replay.VersionStages }, { ARN: c.ARN, Name: "ver/idem", VersionId: V1, VersionStages: ["AWSCURRENT"] });
  await rejectsWith(
    sm.send(new PutSecretValueCommand({ SecretId: "ver/idem", SecretString: "other", ClientRequestToken: V1 })),
    "ResourceExistsException",
    `You can't use ClientRequestToken ${V1} because that value is already in use for a version of secret ${c.ARN}.`,
  );
  await rejectsWith(
    sm.send(new PutSecretValueCommand({ SecretId: "ver/idem", SecretBinary: Buffer.from("one"), ClientRequestToken: V1 })),
    "ResourceExistsException",
    `You can't use ClientRequestToken ${V1} because that value is already in use for a version of secret ${c.ARN}.`,
  );
  assert.deepEqual(await stagesOf("ver/idem"), { [V1]: ["AWSCURRENT"] });
  await rejectsWith(
    sm.send(new PutSecretValueCommand({ SecretId: "ver/idem" })),
    "InvalidRequestException",
    "You must provide either SecretString or SecretBinary.",
  );
  await rejectsWith(sm.send(new PutSecretValueCommand({ SecretId: "ver/none", SecretString: "x" })), "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
});

test("custom labels and AWSPENDING move without touching AWSCURRENT", async () => {
  await sm.send(new CreateSecretCommand({ Name: "ver/labels", SecretString: "one", ClientRequestToken: V1 }));
  const p = await sm.send(new PutSecretValueCommand({ SecretId: "ver/labels", SecretString: "two", ClientRequestToken: V2, VersionStages: ["AWSPENDING", "blue"] }));
  assert.deepEqual(p.VersionStages, ["AWSPENDING", "blue"]);
  // The answer lists labels as every read does: AWSCURRENT first, then as attached.
  const first = await sm.send(new CreateSecretCommand({ Name: "ver/first-custom" }));
  const q = await sm.send(new PutSecretValueCommand({ SecretId: first.ARN, SecretString: "x", ClientRequestToken: V1, VersionStages: ["blue"] }));
  assert.deepEqual(q.VersionStages, ["AWSCURRENT", "blue"]);
  assert.deepEqual(await stagesOf("ver/first-custom"), { [V1]: ["AWSCURRENT", "blue"] });
  assert.deepEqual(await stagesOf("ver/labels"), { [V1]: ["AWSCURRENT"], [V2]: ["AWSPENDING", "blue"] });
  await sm.send(new PutSecretValueCommand({ SecretId: "ver/labels", SecretString: "three", ClientRequestToken: V3, VersionStages: ["blue"] }));
  assert.deepEqual(await stagesOf("ver/labels"), { [V1]: ["AWSCURRENT"], [V2]: ["AWSPENDING"], [V3]: ["blue"] });
  assert.equal((await get("ver/labels", { VersionStage: "blue" })).SecretString, "three");
  assert.equal((await get("ver/labels")).SecretString, "one");
});

test("GetSecretValue finds a secret by name, full ARN and partial ARN; selection errors carry AWS's texts", async () => {
  const c = await sm.send(new CreateSecretCommand({ Name: "ver/lookup", SecretString: "val", ClientRequestToken: V1 }));
  const arn = c.ARN ?? "";
  assert.equal((await get(arn)).SecretString, "val");
  assert.equal((await get(arn.slice(0, -7))).SecretString, "val", "partial ARN (no -xxxxxx suffix)");
  await rejectsWith(get(`${arn.slice(0, -6)}zzzzzz`), "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
  await rejectsWith(get("ver/lookup", { VersionId: V2 }), "ResourceNotFoundException", `Secrets Manager can't find the specified secret value for VersionId: ${V2}`);
  await rejectsWith(get("ver/lookup", { VersionStage: "AWSPREVIOUS" }), "ResourceNotFoundException", "Secrets Manager can't find the specified secret value for staging label: AWSPREVIOUS");
  await rejectsWith(
    get("ver/lookup", { VersionId: V1, VersionStage: "AWSPENDING" }),
    "InvalidRequestException",
    "You provided a VersionStage that is not associated to the provided VersionId.",
  );
  assert.equal((await get("ver/lookup", { VersionId: V1, VersionStage: "AWSCURRENT" })).SecretString, "val");
});

test("UpdateSecretVersionStage moves AWSCURRENT only when told where from; AWSPREVIOUS follows, AWSPENDING stays", async () => {
  await sm.send(new CreateSecretCommand({ Name: "ver/stage", SecretString: "one", ClientRequestToken: V1 }));
  await sm.send(new PutSecretValueCommand({ SecretId: "ver/stage", SecretString: "two", ClientRequestToken: V2, VersionStages: ["AWSPENDING"] }));
  await rejectsWith(
    sm.send(new UpdateSecretVersionStageCommand({ SecretId: "ver/stage", VersionStage: "AWSCURRENT", MoveToVersionId: V2 })),
    "InvalidParameterException",
    `The parameter RemoveFromVersionId can't be empty. Staging label AWSCURRENT is currently attached to version ${V1}, so you must explicitly reference that version in RemoveFromVersionId.`,
  );
  await rejectsWith(
    sm.send(new UpdateSecretVersionStageCommand({ SecretId: "ver/stage", VersionStage: "AWSCURRENT", MoveToVersionId: V2, RemoveFromVersionId: V2 })),
    "InvalidParameterException",
    `Version stage AWSCURRENT not found in version ${V2}`,
  );
  await rejectsWith(
    sm.send(new UpdateSecretVersionStageCommand({ SecretId: "ver/stage", VersionStage: "AWSCURRENT", MoveToVersionId: V3, RemoveFromVersionId: V1 })),
    "InvalidParameterException",
    `Not a valid version: ${V3}`,
  );
  assert.deepEqual(await stagesOf("ver/stage"), { [V1]: ["AWSCURRENT"], [V2]: ["AWSPENDING"] }, "refused calls changed nothing");
  const out = await sm.send(new UpdateSecretVersionStageCommand({ SecretId: "ver/stage", VersionStage: "AWSCURRENT", MoveToVersionId: V2, RemoveFromVersionId: V1 }));
  assert.equal(out.Name, "ver/stage");
  assert.deepEqual(await stagesOf("ver/stage"), { [V2]: ["AWSCURRENT", "AWSPENDING"], [V1]: ["AWSPREVIOUS"] });
  await sm.send(new UpdateSecretVersionStageCommand({ SecretId: "ver/stage", VersionStage: "AWSPENDING", RemoveFromVersionId: V2 }));
  assert.deepEqual(await stagesOf("ver/stage"), { [V2]: ["AWSCURRENT"], [V1]: ["AWSPREVIOUS"] });
  await rejectsWith(
    sm.send(new UpdateSecretVersionStageCommand({ SecretId: "ver/stage", VersionStage: "AWSCURRENT", RemoveFromVersionId: V2 })),
    "InvalidParameterException",
    "You can only move staging label AWSCURRENT to a different secret version. It can’t be completely removed.",
  );
  await sm.send(new UpdateSecretVersionStageCommand({ SecretId: "ver/stage", VersionStage: "gold", MoveToVersionId: V1 }));
  assert.deepEqual((await get("ver/stage", { VersionStage: "gold" })).VersionStages, ["AWSPREVIOUS", "gold"]);
});

test("more than 20 labels on one version is LimitExceededException", async () => {
  await sm.send(new CreateSecretCommand({ Name: "ver/many", SecretString: "one", ClientRequestToken: V1 }));
  for (let i = 0; i < 19; i++) await sm.send(new UpdateSecretVersionStageCommand({ SecretId: "ver/many", VersionStage: `l${i}`, MoveToVersionId: V1 }));
  await rejectsWith(
    sm.send(new UpdateSecretVersionStageCommand({ SecretId: "ver/many", VersionStage: "l19", MoveToVersionId: V1 })),
    "LimitExceededException",
    "A version of a secret can have at most 20 staging labels.",
  );
  assert.equal((await stagesOf("ver/many"))[V1]?.length, 20);
});

test("UpdateSecret changes metadata without a version, or adds an AWSCURRENT version idempotently", async () => {
  await sm.send(new CreateSecretCommand({ Name: "ver/update", SecretString: "one", ClientRequestToken: V1, Description: "before" }));
  const meta = await sm.send(new UpdateSecretCommand({ SecretId: "ver/update", Description: "after", ClientRequestToken: V2 }));
  assert.equal(meta.VersionId, undefined, "no value: no version");
  assert.equal((await describe(sm, "ver/update")).Description, "after");
  assert.deepEqual(await stagesOf("ver/update"), { [V1]: ["AWSCURRENT"] });
  const upd = await sm.send(new UpdateSecretCommand({ SecretId: "ver/update", SecretString: "two", ClientRequestToken: V2 }));
  assert.equal(upd.VersionId, V2);
  const again = await sm.send(new UpdateSecretCommand({ SecretId: "ver/update", SecretString: "two", ClientRequestToken: V2 }));
  assert.equal(again.VersionId, V2);
  await rejectsWith(
    sm.send(new UpdateSecretCommand({ SecretId: "ver/update", SecretString: "three", ClientRequestToken: V2 })),
    "ResourceExistsException",
    `You can't use ClientRequestToken ${V2} because that value is already in use for a version of secret ${upd.ARN}.`,
  );
  assert.deepEqual(await stagesOf("ver/update"), { [V2]: ["AWSCURRENT"], [V1]: ["AWSPREVIOUS"] });
  await sm.send(new DeleteSecretCommand({ SecretId: "ver/update" }));
  await rejectsWith(
    sm.send(new UpdateSecretCommand({ SecretId: "ver/update", Description: "x" })),
    "InvalidRequestException",
    "You can't perform this operation on the secret because it was marked for deletion.",
  );
});

test("ListSecretVersionIds pages with MaxResults and refuses a foreign NextToken", async () => {
  await sm.send(new CreateSecretCommand({ Name: "ver/pages", SecretString: "one", ClientRequestToken: V1 }));
  await sm.send(new PutSecretValueCommand({ SecretId: "ver/pages", SecretString: "two", ClientRequestToken: V2 }));
  const p1 = await sm.send(new ListSecretVersionIdsCommand({ SecretId: "ver/pages", MaxResults: 1 }));
  assert.equal(p1.Versions?.length, 1);
  assert.ok(p1.NextToken);
  const p2 = await sm.send(new ListSecretVersionIdsCommand({ SecretId: "ver/pages", MaxResults: 1, NextToken: p1.NextToken }));
  assert.equal(p2.NextToken, undefined);
  assert.deepEqual([...(p1.Versions ?? []), ...(p2.Versions ?? [])].map((v) => v.VersionId).sort(), [V1, V2]);
  await rejectsWith(
    sm.send(new ListSecretVersionIdsCommand({ SecretId: "ver/pages", NextToken: "bm90LWEtdG9rZW4=" })),
    "InvalidNextTokenException",
    "The NextToken value is invalid.",
  );
});

test("BatchGetSecretValue returns values and per-secret errors; its parameter rules match AWS", async () => {
  await sm.send(new CreateSecretCommand({ Name: "batch/a", SecretString: "A", Tags: [{ Key: "batch", Value: "yes" }] }));
  await sm.send(new CreateSecretCommand({ Name: "batch/b", SecretString: "B", Tags: [{ Key: "batch", Value: "yes" }] }));
  const out = await sm.send(new BatchGetSecretValueCommand({ SecretIdList: ["batch/a", "batch/missing", "batch/b"] }));
  assert.deepEqual(out.SecretValues?.map((v) => [v.Name, v.SecretString, v.VersionStages]), [["batch/a", "A", ["AWSCURRENT"]], ["batch/b", "B", ["AWSCURRENT"]]]);
  assert.deepEqual(out.Errors, [{ SecretId: "batch/missing", ErrorCode: "ResourceNotFoundException", Message: "Secrets Manager can't find the specified secret." }]);
  const byFilter = await sm.send(new BatchGetSecretValueCommand({ Filters: [{ Key: "tag-key", Values: ["batch"] }], MaxResults: 1 }));
  assert.equal(byFilter.SecretValues?.length, 1);
  assert.ok(byFilter.NextToken);
  const rest = await sm.send(new BatchGetSecretValueCommand({ Filters: [{ Key: "tag-key", Values: ["batch"] }], MaxResults: 1, NextToken: byFilter.NextToken }));
  assert.deepEqual([byFilter.SecretValues?.[0]?.Name, rest.SecretValues?.[0]?.Name].sort(), ["batch/a", "batch/b"]);
  await rejectsWith(
    sm.send(new BatchGetSecretValueCommand({ SecretIdList: ["batch/a"], Filters: [{ Key: "name", Values: ["batch"] }] })),
    "InvalidParameterException",
    "Either 'SecretIdList' or 'Filters' must be provided, but not both.",
  );
  await rejectsWith(
    sm.send(new BatchGetSecretValueCommand({ SecretIdList: ["batch/a"], MaxResults: 5 })),
    "InvalidParameterException",
    "'Filters' not specified. 'Filters' must also be specified when 'MaxResults' is provided.",
  );
});
