// KMS keys through the real API: CreateKey, DescribeKey (every identifier form), ListKeys,
// UpdateKeyDescription, Enable/DisableKey, Schedule/CancelKeyDeletion and their key-state errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CancelKeyDeletionCommand, CreateAliasCommand, CreateKeyCommand, DescribeKeyCommand, DisableKeyCommand, EnableKeyCommand,
  ListKeysCommand, ScheduleKeyDeletionCommand, UpdateKeyDescriptionCommand, type KMSClient, type KeyMetadata,
} from "@aws-sdk/client-kms";
import { kmsClient } from "../helpers/clients.js";
import { ACCOUNT_ID, REGION, type TestServer } from "../helpers/server.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { expectError } from "../helpers/assertions.js";
import { aliasArnOf, DAY_MS, keyArnOf, newKey, UUID_V4 } from "./kms-fixtures.js";

let server: TestServer;
let kms: KMSClient;

serverPerFile((started) => {
  server = started;
  kms = kmsClient(server);
});

const describe = async (keyId: string): Promise<KeyMetadata> => {
  const out = await kms.send(new DescribeKeyCommand({ KeyId: keyId }));
  assert.ok(out.KeyMetadata);
  return out.KeyMetadata;
};

async function allKeyIds(): Promise<string[]> {
  const ids: string[] = [];
  let marker: string | undefined;
  do {
    const page = await kms.send(new ListKeysCommand({ Marker: marker }));
    ids.push(...(page.Keys ?? []).map((k) => k.KeyId ?? ""));
    marker = page.NextMarker;
  } while (marker);
  return ids;
}

test("CreateKey with defaults returns the full KeyMetadata of a symmetric customer key", async () => {
  const before = Date.now();
  const out = await kms.send(new CreateKeyCommand({}));
  const m = out.KeyMetadata;
  assert.ok(m?.KeyId && m.CreationDate);
  assert.match(m.KeyId, UUID_V4);
  assert.ok(Math.abs(m.CreationDate.getTime() - before) < 60_000);
  assert.match(m.CurrentKeyMaterialId ?? "", /^[0-9a-f]{64}$/);
  assert.deepEqual({ ...m, CreationDate: undefined, CurrentKeyMaterialId: undefined }, {
    AWSAccountId: ACCOUNT_ID,
    KeyId: m.KeyId,
    Arn: keyArnOf(m.KeyId),
    CreationDate: undefined,
    Enabled: true,
    Description: "",
    KeyUsage: "ENCRYPT_DECRYPT",
    KeyState: "Enabled",
    Origin: "AWS_KMS",
    KeyManager: "CUSTOMER",
    CustomerMasterKeySpec: "SYMMETRIC_DEFAULT",
    KeySpec: "SYMMETRIC_DEFAULT",
    EncryptionAlgorithms: ["SYMMETRIC_DEFAULT"],
    MultiRegion: false,
    CurrentKeyMaterialId: undefined,
  });
  assert.deepEqual(await describe(m.KeyId), m);
});

test("CreateKey keeps the description and the explicit defaults", async () => {
  const { keyId } = await newKey(kms, { Description: "My encryption key", KeyUsage: "ENCRYPT_DECRYPT", Origin: "AWS_KMS", KeySpec: "SYMMETRIC_DEFAULT" });
  const m = await describe(keyId);
  assert.equal(m.Description, "My encryption key");
  assert.equal(m.KeyUsage, "ENCRYPT_DECRYPT");
});

test("CreateKey MultiRegion gives an mrk- key that is its own primary", async () => {
  const { keyId } = await newKey(kms, { MultiRegion: true });
  assert.match(keyId, /^mrk-[0-9a-f]{32}$/);
  const m = await describe(keyId);
  assert.equal(m.MultiRegion, true);
  assert.deepEqual(m.MultiRegionConfiguration, { MultiRegionKeyType: "PRIMARY", PrimaryKey: { Arn: keyArnOf(keyId), Region: REGION }, ReplicaKeys: [] });
});

test("unsupported key specs, usages and origins are refused and create nothing", async () => {
  const before = (await allKeyIds()).length;
  await expectError(kms.send(new CreateKeyCommand({ KeySpec: "RSA_2048", KeyUsage: "ENCRYPT_DECRYPT" })), {
    name: "UnsupportedOperationException", message: "KeySpec RSA_2048 is not supported by this server; only SYMMETRIC_DEFAULT keys are.",
  });
  await expectError(kms.send(new CreateKeyCommand({ KeyUsage: "SIGN_VERIFY" })), {
    name: "ValidationException", message: "KeyUsage SIGN_VERIFY is not compatible with KeySpec SYMMETRIC_DEFAULT",
  });
  await expectError(kms.send(new CreateKeyCommand({ Origin: "EXTERNAL" })), {
    name: "UnsupportedOperationException", message: "Origin EXTERNAL is not supported by this server; only AWS_KMS is.",
  });
  assert.equal((await allKeyIds()).length, before);
});

test("an enum violation is a model ValidationException", async () => {
  // @ts-expect-error deliberately outside the enum
  await expectError(kms.send(new CreateKeyCommand({ KeySpec: "NotSupportedKeySpec" })), {
    name: "ValidationException",
    message: /^1 validation error detected: Value 'NotSupportedKeySpec' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: \[.*SYMMETRIC_DEFAULT.*\]$/,
  });
});

test("DescribeKey accepts key id, key ARN, alias name and alias ARN", async () => {
  const { keyId, arn } = await newKey(kms);
  await kms.send(new CreateAliasCommand({ AliasName: "alias/describe-me", TargetKeyId: keyId }));
  for (const form of [keyId, arn, "alias/describe-me", aliasArnOf("alias/describe-me")]) {
    assert.equal((await describe(form)).KeyId, keyId, form);
  }
});

test("DescribeKey NotFound texts for each kind of unknown identifier (kms.md §1)", async () => {
  const missing = "0f0e0d0c-0b0a-4909-8807-060504030201";
  const cases: Array<[string, string]> = [
    ["unknown", "Invalid keyId 'unknown'"],
    [missing, `Key '${keyArnOf(missing)}' does not exist`],
    [keyArnOf(missing), `Key '${keyArnOf(missing)}' does not exist`],
    [`arn:aws:kms:eu-west-1:${ACCOUNT_ID}:key/${missing}`, "Invalid arn eu-west-1"],
    ["alias/nothing-here", `Alias ${aliasArnOf("alias/nothing-here")} is not found.`],
    [`arn:aws:kms:eu-west-1:${ACCOUNT_ID}:alias/nothing-here`, `Alias arn:aws:kms:eu-west-1:${ACCOUNT_ID}:alias/nothing-here is not found.`],
  ];
  for (const [keyId, message] of cases) await expectError(kms.send(new DescribeKeyCommand({ KeyId: keyId })), { name: "NotFoundException", message });
});

test("a key made in one region does not exist in another", async () => {
  const { keyId } = await newKey(kms);
  const west = kmsClient(server, undefined, "eu-west-1");
  await expectError(west.send(new DescribeKeyCommand({ KeyId: keyId })), {
    name: "NotFoundException", message: `Key '${keyArnOf(keyId, "eu-west-1")}' does not exist`,
  });
  assert.equal((await west.send(new ListKeysCommand({}))).Keys?.some((k) => k.KeyId === keyId), false);
});

test("ListKeys pages with Limit and NextMarker and covers every key once", async () => {
  const made = await Promise.all([newKey(kms), newKey(kms), newKey(kms)]);
  const first = await kms.send(new ListKeysCommand({ Limit: 2 }));
  assert.equal(first.Keys?.length, 2);
  assert.equal(first.Truncated, true);
  assert.ok(first.NextMarker);
  assert.deepEqual(first.Keys?.[0], { KeyId: first.Keys?.[0]?.KeyId, KeyArn: keyArnOf(first.Keys?.[0]?.KeyId ?? "") });
  const ids = await allKeyIds();
  assert.equal(new Set(ids).size, ids.length);
  for (const k of made) assert.ok(ids.includes(k.keyId));
  const last = await kms.send(new ListKeysCommand({ Limit: 1000 }));
  assert.equal(last.Truncated, false);
  assert.equal(last.NextMarker, undefined);
});

test("ListKeys refuses a marker it did not issue", async () => {
  await expectError(kms.send(new ListKeysCommand({ Marker: "bogus-marker" })), { name: "InvalidMarkerException", message: "Invalid marker" });
});

test("UpdateKeyDescription changes the description; aliases are not accepted", async () => {
  const { keyId } = await newKey(kms, { Description: "old" });
  await kms.send(new UpdateKeyDescriptionCommand({ KeyId: keyId, Description: "new" }));
  assert.equal((await describe(keyId)).Description, "new");
  await kms.send(new CreateAliasCommand({ AliasName: "alias/update-desc", TargetKeyId: keyId }));
  await expectError(kms.send(new UpdateKeyDescriptionCommand({ KeyId: "alias/update-desc", Description: "x" })), {
    name: "NotFoundException", message: "Invalid keyId 'alias/update-desc'",
  });
  assert.equal((await describe(keyId)).Description, "new");
});

test("DisableKey and EnableKey switch the state and are idempotent", async () => {
  const { keyId } = await newKey(kms);
  await kms.send(new DisableKeyCommand({ KeyId: keyId }));
  await kms.send(new DisableKeyCommand({ KeyId: keyId }));
  let m = await describe(keyId);
  assert.equal(m.KeyState, "Disabled");
  assert.equal(m.Enabled, false);
  await kms.send(new EnableKeyCommand({ KeyId: keyId }));
  await kms.send(new EnableKeyCommand({ KeyId: keyId }));
  m = await describe(keyId);
  assert.equal(m.KeyState, "Enabled");
  assert.equal(m.Enabled, true);
});

test("ScheduleKeyDeletion: 7–30 days, PendingDeletion metadata, and the state errors around it", async () => {
  const { keyId, arn } = await newKey(kms, { Description: "doomed" });
  for (const days of [6, 31]) {
    await expectError(kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: days })), {
      name: "ValidationException", message: "PendingWindowInDays must be between 7 and 30",
    });
  }
  assert.equal((await describe(keyId)).KeyState, "Enabled", "refused schedules change nothing");
  await expectError(kms.send(new CancelKeyDeletionCommand({ KeyId: keyId })), { name: "KMSInvalidStateException", message: `${arn} is not pending deletion.` });

  const now = Date.now();
  const out = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
  assert.equal(out.KeyId, arn);
  assert.equal(out.KeyState, "PendingDeletion");
  assert.equal(out.PendingWindowInDays, 7);
  assert.ok(Math.abs((out.DeletionDate?.getTime() ?? 0) - (now + 7 * DAY_MS)) < 60_000);
  const m = await describe(keyId);
  assert.equal(m.KeyState, "PendingDeletion");
  assert.equal(m.Enabled, false);
  assert.equal(m.DeletionDate?.getTime(), out.DeletionDate?.getTime());
  assert.equal(m.PendingDeletionWindowInDays, undefined, "only PendingReplicaDeletion keys show it");

  const pending = { name: "KMSInvalidStateException", message: `${arn} is pending deletion.` };
  await expectError(kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId })), pending);
  await expectError(kms.send(new EnableKeyCommand({ KeyId: keyId })), pending);
  await expectError(kms.send(new DisableKeyCommand({ KeyId: keyId })), pending);
  await expectError(kms.send(new UpdateKeyDescriptionCommand({ KeyId: keyId, Description: "x" })), pending);
  await expectError(kms.send(new CreateAliasCommand({ AliasName: "alias/to-doomed", TargetKeyId: keyId })), pending);
  assert.ok((await allKeyIds()).includes(keyId), "ListKeys includes keys pending deletion");

  assert.deepEqual((await kms.send(new CancelKeyDeletionCommand({ KeyId: keyId }))).KeyId, arn);
  const back = await describe(keyId);
  assert.equal(back.KeyState, "Disabled");
  assert.equal(back.DeletionDate, undefined);
  assert.equal(back.PendingDeletionWindowInDays, undefined);
  assert.equal(back.Description, "doomed");
});

test("ScheduleKeyDeletion defaults to a 30-day window", async () => {
  const { keyId } = await newKey(kms);
  const out = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId }));
  assert.equal(out.PendingWindowInDays, 30);
});

test("key-only operations refuse aliases and malformed ids", async () => {
  const { keyId } = await newKey(kms);
  await kms.send(new CreateAliasCommand({ AliasName: "alias/keys-only", TargetKeyId: keyId }));
  await expectError(kms.send(new DisableKeyCommand({ KeyId: "alias/keys-only" })), { name: "NotFoundException", message: "Invalid keyId 'alias/keys-only'" });
  await expectError(kms.send(new DisableKeyCommand({ KeyId: aliasArnOf("alias/keys-only") })), {
    name: "NotFoundException", message: `Invalid keyId '${aliasArnOf("alias/keys-only")}'`,
  });
  await expectError(kms.send(new EnableKeyCommand({ KeyId: "unknown" })), { name: "NotFoundException", message: "Invalid keyId 'unknown'" });
  assert.equal((await describe(keyId)).KeyState, "Enabled");
});
