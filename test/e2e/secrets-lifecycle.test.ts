// Deletion with a recovery window and the purge job, restore, ListSecrets filters/sorting/paging, tags,
// GetRandomPassword, resource policies, and the at-rest / audit guarantees (secretsmanager.md §2.7–§2.15).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CreateSecretCommand, DeleteResourcePolicyCommand, DeleteSecretCommand, GetRandomPasswordCommand, GetResourcePolicyCommand,
  GetSecretValueCommand, ListSecretsCommand, PutResourcePolicyCommand, PutSecretValueCommand, RestoreSecretCommand,
  TagResourceCommand, UntagResourceCommand, ValidateResourcePolicyCommand, type GetRandomPasswordCommandInput, type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { findInFiles } from "../helpers/operator.js";
import { secretsClient } from "../helpers/clients.js";
import { ACCOUNT_ID, type TestServer } from "../helpers/server.js";
import { serversPerFile } from "../helpers/fixtures.js";
import { rejectsWith, waitUntil } from "../helpers/assertions.js";
import { auditEvents, describe } from "./secrets-support.js";

let server: TestServer;
let purgeServer: TestServer;
let sm: SecretsManagerClient;

const DAY_MS = 86_400_000;

serversPerFile([
  {},
  // Jobs see a clock 8 days ahead, so a 7-day recovery window has ended for the purge job.
  { env: { NODE_ENV: "test", PARAMSTORE_TEST_JOB_CLOCK_OFFSET_MS: String(8 * DAY_MS), PARAMSTORE_JOB_INTERVAL_MS: "100" } },
], ([plain, purge]) => {
  server = plain;
  purgeServer = purge;
  sm = secretsClient(server);
});

const listNames = async (extra: ConstructorParameters<typeof ListSecretsCommand>[0] = {}): Promise<string[]> =>
  ((await sm.send(new ListSecretsCommand(extra))).SecretList ?? []).map((s) => s.Name ?? "");

test("DeleteSecret with a window marks the secret: values refused, metadata visible, restore brings it back", async () => {
  const c = await sm.send(new CreateSecretCommand({ Name: "life/del", SecretString: "v" }));
  const before = Date.now();
  const d = await sm.send(new DeleteSecretCommand({ SecretId: "life/del", RecoveryWindowInDays: 7 }));
  assert.equal(d.ARN, c.ARN);
  const due = d.DeletionDate?.getTime() ?? 0;
  assert.ok(due >= before + 7 * DAY_MS - 5000 && due <= Date.now() + 7 * DAY_MS + 5000, "DeletionDate is now + 7 days");
  const marked = "You can't perform this operation on the secret because it was marked for deletion.";
  await rejectsWith(sm.send(new GetSecretValueCommand({ SecretId: "life/del" })), "InvalidRequestException", marked);
  await rejectsWith(sm.send(new PutSecretValueCommand({ SecretId: "life/del", SecretString: "w" })), "InvalidRequestException", marked);
  await rejectsWith(
    sm.send(new DeleteSecretCommand({ SecretId: "life/del" })),
    "InvalidRequestException",
    "You tried to perform the operation on a secret that's currently marked deleted.",
  );
  assert.equal((await describe(sm, "life/del")).DeletedDate?.getTime(), due);
  assert.equal((await listNames()).includes("life/del"), false);
  assert.equal((await listNames({ IncludePlannedDeletion: true })).includes("life/del"), true);
  const r = await sm.send(new RestoreSecretCommand({ SecretId: "life/del" }));
  assert.deepEqual([r.ARN, r.Name], [c.ARN, "life/del"]);
  assert.equal((await describe(sm, "life/del")).DeletedDate, undefined);
  assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: "life/del" }))).SecretString, "v");
});

test("the default recovery window is 30 days; out-of-range windows and window+force are refused", async () => {
  await sm.send(new CreateSecretCommand({ Name: "life/window", SecretString: "v" }));
  for (const days of [6, 31]) {
    await rejectsWith(
      sm.send(new DeleteSecretCommand({ SecretId: "life/window", RecoveryWindowInDays: days })),
      "InvalidParameterException",
      "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).",
    );
  }
  await rejectsWith(
    sm.send(new DeleteSecretCommand({ SecretId: "life/window", RecoveryWindowInDays: 10, ForceDeleteWithoutRecovery: true })),
    "InvalidParameterException",
    "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
  );
  assert.equal((await describe(sm, "life/window")).DeletedDate, undefined, "refused deletes changed nothing");
  const d = await sm.send(new DeleteSecretCommand({ SecretId: "life/window" }));
  const days = ((d.DeletionDate?.getTime() ?? 0) - Date.now()) / DAY_MS;
  assert.ok(days > 29.9 && days <= 30, `default window ~30 days, got ${days}`);
});

test("force delete is immediate and permanent; force-deleting a missing secret is not an error", async () => {
  await sm.send(new CreateSecretCommand({ Name: "life/force", SecretString: "v" }));
  const d = await sm.send(new DeleteSecretCommand({ SecretId: "life/force", ForceDeleteWithoutRecovery: true }));
  assert.ok(Math.abs((d.DeletionDate?.getTime() ?? 0) - Date.now()) < 60_000);
  await rejectsWith(sm.send(new GetSecretValueCommand({ SecretId: "life/force" })), "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
  await rejectsWith(sm.send(new RestoreSecretCommand({ SecretId: "life/force" })), "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
  const missing = await sm.send(new DeleteSecretCommand({ SecretId: "life/never", ForceDeleteWithoutRecovery: true }));
  assert.equal(missing.Name, "life/never");
  // A secret ARN always ends in "-" + 6 random characters, also in this answer (moto does the same).
  assert.match(missing.ARN ?? "", /^arn:aws:secretsmanager:us-east-1:123456789012:secret:life\/never-[A-Za-z0-9]{6}$/);
  await rejectsWith(sm.send(new DeleteSecretCommand({ SecretId: "life/never" })), "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
});

test("the purge job removes a secret once its recovery window has ended", async () => {
  const sm2 = secretsClient(purgeServer);
  await sm2.send(new CreateSecretCommand({ Name: "life/purge", SecretString: "v" }));
  await sm2.send(new CreateSecretCommand({ Name: "life/kept", SecretString: "v" }));
  await sm2.send(new DeleteSecretCommand({ SecretId: "life/purge", RecoveryWindowInDays: 7 }));
  await sm2.send(new DeleteSecretCommand({ SecretId: "life/kept", RecoveryWindowInDays: 30 }));
  await waitUntil(async () => {
    try {
      await describe(sm2, "life/purge");
      return false;
    } catch (e) {
      return e instanceof Error && e.name === "ResourceNotFoundException";
    }
  }, 15_000, "the 7-day secret to be purged");
  assert.ok((await describe(sm2, "life/kept")).DeletedDate, "a 30-day window has not ended yet");
  await sm2.send(new CreateSecretCommand({ Name: "life/purge", SecretString: "again" }));
});

test("ListSecrets filters by name prefix, tags, description words and negation; sorts and pages", async () => {
  await sm.send(new CreateSecretCommand({ Name: "list/app-one", SecretString: "v", Description: "Primary database credentials", Tags: [{ Key: "team", Value: "payments" }] }));
  await sm.send(new CreateSecretCommand({ Name: "list/app-two", SecretString: "v", Description: "cache password", Tags: [{ Key: "team", Value: "search" }] }));
  await sm.send(new CreateSecretCommand({ Name: "list/other", SecretString: "v", Tags: [{ Key: "owner", Value: "payments" }] }));
  const by = async (Key: string, Values: string[]): Promise<string[]> => (await listNames({ Filters: [{ Key: Key as "name", Values }] })).filter((n) => n.startsWith("list/")).sort();
  assert.deepEqual(await by("name", ["list/app"]), ["list/app-one", "list/app-two"]);
  assert.deepEqual(await by("name", ["List/app"]), [], "name filters are case-sensitive");
  assert.deepEqual(await by("tag-key", ["team"]), ["list/app-one", "list/app-two"]);
  assert.deepEqual(await by("tag-value", ["pay"]), ["list/app-one", "list/other"]);
  assert.deepEqual(await by("description", ["DATABASE"]), ["list/app-one"], "description: words, case-insensitive");
  assert.deepEqual(await by("all", ["payments"]), ["list/app-one", "list/other"]);
  assert.deepEqual(await by("name", ["!list/app"]), ["list/other"]);
  const both = await listNames({ Filters: [{ Key: "name", Values: ["list/"] }, { Key: "tag-key", Values: ["owner"] }] });
  assert.deepEqual(both, ["list/other"], "several filters AND together");
  const desc = (await listNames({ Filters: [{ Key: "name", Values: ["list/"] }], SortBy: "name", SortOrder: "desc" }));
  assert.deepEqual(desc, ["list/other", "list/app-two", "list/app-one"]);
  const p1 = await sm.send(new ListSecretsCommand({ Filters: [{ Key: "name", Values: ["list/"] }], MaxResults: 2, SortBy: "name" }));
  const p2 = await sm.send(new ListSecretsCommand({ Filters: [{ Key: "name", Values: ["list/"] }], MaxResults: 2, SortBy: "name", NextToken: p1.NextToken }));
  assert.deepEqual([...(p1.SecretList ?? []), ...(p2.SecretList ?? [])].map((s) => s.Name), ["list/app-one", "list/app-two", "list/other"]);
  assert.equal(p2.NextToken, undefined);
  const entry = p1.SecretList?.[0];
  assert.ok(entry?.SecretVersionsToStages && !("VersionIdsToStages" in entry), "ListSecrets says SecretVersionsToStages");
  await rejectsWith(
    sm.send(new ListSecretsCommand({ Filters: [{ Key: "nope" as "name", Values: ["x"] }] })),
    "ValidationException",
    "1 validation error detected: Value 'nope' at 'filters.1.member.key' failed to satisfy constraint: Member must satisfy enum value set: [description, name, tag-key, tag-value, primary-region, owning-service, all]",
  );
});

test("TagResource adds or overwrites tags, UntagResource removes them; unknown secrets are ResourceNotFound", async () => {
  await sm.send(new CreateSecretCommand({ Name: "life/tags", SecretString: "v", Tags: [{ Key: "a", Value: "1" }] }));
  await sm.send(new TagResourceCommand({ SecretId: "life/tags", Tags: [{ Key: "b", Value: "2" }, { Key: "a", Value: "one" }] }));
  assert.deepEqual((await describe(sm, "life/tags")).Tags, [{ Key: "a", Value: "one" }, { Key: "b", Value: "2" }]);
  await sm.send(new UntagResourceCommand({ SecretId: "life/tags", TagKeys: ["a", "zzz"] }));
  assert.deepEqual((await describe(sm, "life/tags")).Tags, [{ Key: "b", Value: "2" }]);
  const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: "v" }));
  await rejectsWith(sm.send(new TagResourceCommand({ SecretId: "life/tags", Tags: many })), "InvalidParameterException", "A secret can have at most 50 tags.");
  assert.deepEqual((await describe(sm, "life/tags")).Tags, [{ Key: "b", Value: "2" }], "a refused TagResource added nothing");
  await rejectsWith(sm.send(new TagResourceCommand({ SecretId: "life/none", Tags: [{ Key: "a", Value: "b" }] })), "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
  await rejectsWith(sm.send(new UntagResourceCommand({ SecretId: "life/none", TagKeys: ["a"] })), "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
});

test("GetRandomPassword honours every option and refuses impossible requests", async () => {
  const pw = async (o: GetRandomPasswordCommandInput): Promise<string> => (await sm.send(new GetRandomPasswordCommand(o))).RandomPassword ?? "";
  const dflt = await pw({});
  assert.equal(dflt.length, 32);
  assert.match(dflt, /[a-z]/);
  assert.match(dflt, /[A-Z]/);
  assert.match(dflt, /[0-9]/);
  assert.match(dflt, /[!-/:-@[-`{-~]/);
  assert.doesNotMatch(dflt, / /);
  assert.match(await pw({ PasswordLength: 64, ExcludePunctuation: true, ExcludeNumbers: true }), /^[A-Za-z]{64}$/);
  assert.match(await pw({ PasswordLength: 100, ExcludeUppercase: true, ExcludeLowercase: true, ExcludePunctuation: true }), /^[0-9]{100}$/);
  assert.doesNotMatch(await pw({ PasswordLength: 200, ExcludeCharacters: "abcXYZ019" }), /[abcXYZ019]/);
  assert.match(await pw({ PasswordLength: 4096, IncludeSpace: true, ExcludeLowercase: true, ExcludeUppercase: true, ExcludeNumbers: true, ExcludePunctuation: true }), /^ {4096}$/);
  const unique = new Set(await Promise.all(Array.from({ length: 20 }, () => pw({}))));
  assert.equal(unique.size, 20, "no repeats");
  await rejectsWith(sm.send(new GetRandomPasswordCommand({ PasswordLength: 3 })), "InvalidParameterException", "Password length is too short based on the required types.");
  await rejectsWith(
    sm.send(new GetRandomPasswordCommand({ PasswordLength: 5000 })),
    "ValidationException",
    "1 validation error detected: Value '5000' at 'passwordLength' failed to satisfy constraint: Member must have value less than or equal to 4096",
  );
  assert.equal((await pw({ PasswordLength: 3, RequireEachIncludedType: false })).length, 3);
});

test("resource policies: put, get, validate, delete; malformed and public policies are refused", async () => {
  const c = await sm.send(new CreateSecretCommand({ Name: "life/policy", SecretString: "v" }));
  const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: "secretsmanager:GetSecretValue", Resource: "*" }] });
  assert.equal((await sm.send(new GetResourcePolicyCommand({ SecretId: "life/policy" }))).ResourcePolicy, undefined);
  const put = await sm.send(new PutResourcePolicyCommand({ SecretId: "life/policy", ResourcePolicy: policy }));
  assert.deepEqual([put.ARN, put.Name], [c.ARN, "life/policy"]);
  assert.equal((await sm.send(new GetResourcePolicyCommand({ SecretId: "life/policy" }))).ResourcePolicy, policy);
  await rejectsWith(sm.send(new PutResourcePolicyCommand({ SecretId: "life/policy", ResourcePolicy: "{not json" })), "MalformedPolicyDocumentException", "This resource policy contains a syntax error.");
  const open = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "secretsmanager:GetSecretValue", Resource: "*" }] });
  await rejectsWith(
    sm.send(new PutResourcePolicyCommand({ SecretId: "life/policy", ResourcePolicy: open, BlockPublicPolicy: true })),
    "PublicPolicyException",
    "BlockPublicPolicy is enabled, and the resource policy grants broad access to the secret.",
  );
  assert.equal((await sm.send(new GetResourcePolicyCommand({ SecretId: "life/policy" }))).ResourcePolicy, policy, "refused puts changed nothing");
  assert.deepEqual(await sm.send(new ValidateResourcePolicyCommand({ ResourcePolicy: policy })).then((r) => [r.PolicyValidationPassed, r.ValidationErrors]), [true, []]);
  const bad = await sm.send(new ValidateResourcePolicyCommand({ SecretId: "life/policy", ResourcePolicy: "{not json" }));
  assert.equal(bad.PolicyValidationPassed, false);
  assert.equal(bad.ValidationErrors?.[0]?.ErrorMessage, "This resource policy contains a syntax error.");
  await sm.send(new DeleteResourcePolicyCommand({ SecretId: "life/policy" }));
  assert.equal((await sm.send(new GetResourcePolicyCommand({ SecretId: "life/policy" }))).ResourcePolicy, undefined);
});

test("secret values never reach the data files or the audit trail in clear", async () => {
  const value = "plaintext-marker-7f3a9c21-ZZ";
  const binary = Buffer.from("binary-marker-5d2e8b14-QQ");
  await sm.send(new CreateSecretCommand({ Name: "life/secretive", SecretString: value }));
  await sm.send(new PutSecretValueCommand({ SecretId: "life/secretive", SecretBinary: binary }));
  await sm.send(new GetSecretValueCommand({ SecretId: "life/secretive", VersionStage: "AWSPREVIOUS" }));
  const pw = (await sm.send(new GetRandomPasswordCommand({ PasswordLength: 40 }))).RandomPassword ?? "";
  const found = findInFiles(server.dataDir, { value: Buffer.from(value), binary, base64: Buffer.from(binary.toString("base64")), password: Buffer.from(pw) });
  assert.deepEqual(found, []);
  const [create] = await auditEvents(server, "CreateSecret");
  assert.ok(create, "CreateSecret is audited");
  assert.equal(JSON.stringify(create).includes(value), false);
  const params = create["requestParameters"] as Record<string, unknown>;
  assert.equal(params["name"], "life/secretive");
  assert.equal("secretString" in params, false, "SecretString is left out of requestParameters");
  const reads = await auditEvents(server, "GetSecretValue");
  assert.ok(reads.some((r) => (r["requestParameters"] as Record<string, unknown>)["secretId"] === "life/secretive" && r["responseElements"] === null));
  assert.equal(JSON.stringify(await auditEvents(server, "GetRandomPassword")).includes(pw), false);
});
