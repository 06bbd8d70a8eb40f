// Key rotation (on demand and automatic) keeping old ciphertext readable, and the deletion window
// really destroying the key. The automatic paths run the real jobs inside the server; a second server
// is started with a short job interval and, test-only, a job clock 366 days ahead (compose.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CreateAliasCommand, DecryptCommand, DescribeKeyCommand, DisableKeyCommand, DisableKeyRotationCommand, EnableKeyCommand,
  EnableKeyRotationCommand, EncryptCommand, GetKeyRotationStatusCommand, ListAliasesCommand, ListKeyRotationsCommand,
  RotateKeyOnDemandCommand, ScheduleKeyDeletionCommand, CancelKeyDeletionCommand, type KMSClient,
} from "@aws-sdk/client-kms";
import { join } from "node:path";
import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { clientConfig, kmsClient } from "../helpers/clients.js";
import { ACCOUNT_ID, type TestServer } from "../helpers/server.js";
import { queryStore } from "../helpers/store-contents.js";
import { serversPerFile } from "../helpers/fixtures.js";
import { waitUntil, expectError } from "../helpers/assertions.js";
import { bytes, DAY_MS, keyArnOf, newKey, text } from "./kms-fixtures.js";

let server: TestServer;
let kms: KMSClient;
let jobServer: TestServer;
let jobKms: KMSClient;

serversPerFile([{}, { env: { NODE_ENV: "test", PARAMSTORE_JOB_INTERVAL_MS: "100", PARAMSTORE_TEST_JOB_CLOCK_OFFSET_MS: String(366 * DAY_MS) } }], ([plain, jobs]) => {
  server = plain;
  jobServer = jobs;
  kms = kmsClient(server);
  jobKms = kmsClient(jobServer);
});

const status = (c: KMSClient, keyId: string) => c.send(new GetKeyRotationStatusCommand({ KeyId: keyId }));
const encrypt = async (c: KMSClient, keyId: string, s: string): Promise<Uint8Array> =>
  (await c.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes(s) }))).CiphertextBlob ?? new Uint8Array();

test("EnableKeyRotation: default 365 days, custom period, DisableKeyRotation", async () => {
  const { keyId, arn } = await newKey(kms);
  assert.deepEqual({ ...(await status(kms, arn)), $metadata: undefined }, { KeyRotationEnabled: false, KeyId: arn, $metadata: undefined });
  const now = Date.now();
  await kms.send(new EnableKeyRotationCommand({ KeyId: keyId }));
  let s = await status(kms, keyId);
  assert.equal(s.KeyRotationEnabled, true);
  assert.equal(s.KeyId, arn, "the key ARN, as recorded from AWS");
  assert.equal(s.RotationPeriodInDays, 365);
  assert.ok(Math.abs((s.NextRotationDate?.getTime() ?? 0) - (now + 365 * DAY_MS)) < 60_000);
  await kms.send(new EnableKeyRotationCommand({ KeyId: arn, RotationPeriodInDays: 180 }));
  s = await status(kms, keyId);
  assert.equal(s.RotationPeriodInDays, 180);
  assert.ok(Math.abs((s.NextRotationDate?.getTime() ?? 0) - (now + 180 * DAY_MS)) < 60_000, "the schedule keeps its anchor");
  await expectError(kms.send(new EnableKeyRotationCommand({ KeyId: keyId, RotationPeriodInDays: 89 })), {
    name: "ValidationException",
    message: "1 validation error detected: Value '89' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value greater than or equal to 90",
  });
  assert.equal((await status(kms, keyId)).RotationPeriodInDays, 180, "the refused call changed nothing");
  await kms.send(new DisableKeyRotationCommand({ KeyId: keyId }));
  s = await status(kms, keyId);
  assert.equal(s.KeyRotationEnabled, false);
  assert.equal(s.RotationPeriodInDays, undefined);
  assert.equal(s.NextRotationDate, undefined);
});

test("rotation toggles follow the key-state table; the status survives disable and deletion scheduling", async () => {
  const { keyId, arn } = await newKey(kms);
  await kms.send(new EnableKeyRotationCommand({ KeyId: keyId }));
  await kms.send(new DisableKeyCommand({ KeyId: keyId }));
  const disabled = { name: "DisabledException", message: `${arn} is disabled.` };
  await expectError(kms.send(new EnableKeyRotationCommand({ KeyId: keyId })), disabled);
  await expectError(kms.send(new DisableKeyRotationCommand({ KeyId: keyId })), disabled);
  await expectError(kms.send(new RotateKeyOnDemandCommand({ KeyId: keyId })), disabled);
  assert.equal((await status(kms, keyId)).KeyRotationEnabled, true, "disabling the key keeps the rotation status");
  await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
  assert.equal((await status(kms, keyId)).KeyRotationEnabled, false, "pending deletion reads false");
  await expectError(kms.send(new EnableKeyRotationCommand({ KeyId: keyId })), { name: "KMSInvalidStateException", message: `${arn} is pending deletion.` });
  await kms.send(new CancelKeyDeletionCommand({ KeyId: keyId }));
  assert.equal((await status(kms, keyId)).KeyRotationEnabled, true, "cancel brings the setting back");
});

test("RotateKeyOnDemand: new material for new ciphertext, old ciphertext still decrypts", async () => {
  const { keyId, arn } = await newKey(kms);
  await kms.send(new CreateAliasCommand({ AliasName: "alias/rotating", TargetKeyId: keyId }));
  const oldMaterial = (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.CurrentKeyMaterialId;
  const oldBlob = await encrypt(kms, keyId, "attack at dawn");
  assert.equal((await kms.send(new RotateKeyOnDemandCommand({ KeyId: keyId }))).KeyId, arn, "the key ARN, whatever form was given");
  const newMaterial = (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.CurrentKeyMaterialId;
  assert.notEqual(newMaterial, oldMaterial);

  const oldDec = await kms.send(new DecryptCommand({ CiphertextBlob: oldBlob }));
  assert.equal(text(oldDec.Plaintext), "attack at dawn");
  assert.equal(oldDec.KeyMaterialId, oldMaterial);
  const newDec = await kms.send(new DecryptCommand({ CiphertextBlob: await encrypt(kms, "alias/rotating", "fresh") }));
  assert.equal(newDec.KeyMaterialId, newMaterial);

  const rotations = await kms.send(new ListKeyRotationsCommand({ KeyId: keyId }));
  assert.equal(rotations.Truncated, false);
  assert.equal(rotations.Rotations?.length, 1);
  const r = rotations.Rotations?.[0];
  assert.equal(r?.KeyId, keyId);
  assert.equal(r?.KeyMaterialId, newMaterial);
  assert.equal(r?.KeyMaterialState, "CURRENT");
  assert.equal(r?.RotationType, "ON_DEMAND");
  assert.ok(Math.abs((r?.RotationDate?.getTime() ?? 0) - Date.now()) < 60_000);
  const all = await kms.send(new ListKeyRotationsCommand({ KeyId: keyId, IncludeKeyMaterial: "ALL_KEY_MATERIAL" }));
  assert.deepEqual(all.Rotations?.map((x) => [x.KeyMaterialId, x.KeyMaterialState]), [[oldMaterial, "NON_CURRENT"], [newMaterial, "CURRENT"]]);
  await expectError(kms.send(new RotateKeyOnDemandCommand({ KeyId: "alias/rotating" })), { name: "NotFoundException", message: "Invalid keyId 'alias/rotating'" });
});

test("at most 25 on-demand rotations per key; every material stays readable", async () => {
  const { keyId, arn } = await newKey(kms);
  const blobs: Array<[string, Uint8Array]> = [];
  for (let i = 0; i < 25; i++) {
    blobs.push([`v${i}`, await encrypt(kms, keyId, `v${i}`)]);
    await kms.send(new RotateKeyOnDemandCommand({ KeyId: keyId }));
  }
  await expectError(kms.send(new RotateKeyOnDemandCommand({ KeyId: keyId })), {
    name: "LimitExceededException",
    message: `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${arn}`,
  });
  for (const [plain, blob] of blobs) assert.equal(text((await kms.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext), plain);
  const page1 = await kms.send(new ListKeyRotationsCommand({ KeyId: keyId, Limit: 10 }));
  assert.equal(page1.Rotations?.length, 10);
  assert.equal(page1.Truncated, true);
  const page2 = await kms.send(new ListKeyRotationsCommand({ KeyId: keyId, Limit: 100, Marker: page1.NextMarker }));
  assert.equal(page2.Rotations?.length, 15);
  assert.equal(page2.Truncated, false);
});

test("automatic rotation runs as a job when NextRotationDate passes, keeping old ciphertext readable", async () => {
  const { keyId } = await newKey(jobKms);
  const oldBlob = await encrypt(jobKms, keyId, "before rotation");
  const oldMaterial = (await jobKms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.CurrentKeyMaterialId;
  const firstDate = Date.now() + 365 * DAY_MS;
  await jobKms.send(new EnableKeyRotationCommand({ KeyId: keyId }));
  const rotation = await waitUntil(async () => {
    const r = await jobKms.send(new ListKeyRotationsCommand({ KeyId: keyId }));
    return r.Rotations?.find((x) => x.RotationType === "AUTOMATIC");
  }, 10_000, "an automatic rotation", 50);
  assert.equal(rotation.KeyMaterialState, "CURRENT");
  assert.notEqual(rotation.KeyMaterialId, oldMaterial);
  assert.equal(text((await jobKms.send(new DecryptCommand({ CiphertextBlob: oldBlob }))).Plaintext), "before rotation");
  const s = await status(jobKms, keyId);
  assert.ok((s.NextRotationDate?.getTime() ?? 0) > firstDate, "the next rotation moved a period ahead");
  // One rotation per period, not one per job run.
  assert.equal((await jobKms.send(new ListKeyRotationsCommand({ KeyId: keyId }))).Rotations?.length, 1);
  // As the KMS developer guide's RotateKey example: "AWS Internal" acting, details in serviceEventDetails.
  const event = await serviceEvent("RotateKey", keyArnOf(keyId));
  assert.equal(event["eventSource"], "kms.amazonaws.com");
  assert.equal(event["eventType"], "AwsServiceEvent");
  assert.equal(event["readOnly"], false);
  assert.deepEqual(event["userIdentity"], { accountId: ACCOUNT_ID, invokedBy: "AWS Internal" });
  assert.equal(event["sourceIPAddress"], "AWS Internal");
  assert.equal(event["userAgent"], "AWS Internal");
  assert.equal(event["additionalEventData"], undefined);
  assert.deepEqual(event["serviceEventDetails"], {
    rotationType: "AUTOMATIC", keyOrigin: "AWS_KMS", previousKeyMaterialId: oldMaterial, currentKeyMaterialId: rotation.KeyMaterialId, keyId,
  });
});

/** The CloudTrail record of a service event about `arn` (automatic rotation, end of deletion window). */
async function serviceEvent(name: string, arn: string): Promise<Record<string, unknown>> {
  const ct = new CloudTrailClient(clientConfig(jobServer));
  return waitUntil(async () => {
    const out = await ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: name }] }));
    const hit = out.Events?.find((e) => e.Resources?.some((r) => r.ResourceName === arn));
    return hit ? (JSON.parse(hit.CloudTrailEvent ?? "{}") as Record<string, unknown>) : undefined; // a CloudTrail record is a JSON object
  }, 10_000, `a ${name} event for ${arn}`, 50);
}

const rotationCount = async (keyId: string): Promise<number> => (await jobKms.send(new ListKeyRotationsCommand({ KeyId: keyId }))).Rotations?.length ?? 0;

/** A key with rotation due (the job clock is a year ahead) that got disabled before the job caught it. */
async function disabledDueKey(): Promise<string> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const { keyId } = await newKey(jobKms);
    await jobKms.send(new EnableKeyRotationCommand({ KeyId: keyId }));
    await jobKms.send(new DisableKeyCommand({ KeyId: keyId }));
    if ((await rotationCount(keyId)) === 0) return keyId; // else the 100 ms job won the race: try again
  }
  throw new Error("the job rotated every key before it could be disabled");
}

test("a disabled key is not rotated automatically", async () => {
  const keyId = await disabledDueKey();
  // Meanwhile another key rotates: proof that the job ran while the disabled one waited.
  const witness = await newKey(jobKms);
  await jobKms.send(new EnableKeyRotationCommand({ KeyId: witness.keyId }));
  await waitUntil(async () => ((await jobKms.send(new ListKeyRotationsCommand({ KeyId: witness.keyId }))).Rotations?.length ? true : undefined), 10_000, "the witness rotation", 50);
  assert.equal(await rotationCount(keyId), 0);
  await jobKms.send(new EnableKeyCommand({ KeyId: keyId }));
  await waitUntil(async () => ((await jobKms.send(new ListKeyRotationsCommand({ KeyId: keyId }))).Rotations?.length ? true : undefined), 10_000, "rotation after re-enabling", 50);
});

test("when the deletion window passes the key, its material and aliases are gone for good", async () => {
  const { keyId, arn } = await newKey(jobKms);
  await jobKms.send(new CreateAliasCommand({ AliasName: "alias/to-be-deleted", TargetKeyId: keyId }));
  const blob = await encrypt(jobKms, keyId, "soon unreadable");
  await jobKms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
  await waitUntil(async () => {
    try {
      await jobKms.send(new DescribeKeyCommand({ KeyId: keyId }));
      return undefined;
    } catch (e) {
      return e instanceof Error && e.name === "NotFoundException" ? true : undefined;
    }
  }, 10_000, "the key to be deleted", 50);
  await expectError(jobKms.send(new DescribeKeyCommand({ KeyId: keyId })), { name: "NotFoundException", message: `Key '${arn}' does not exist` });
  await expectError(jobKms.send(new DecryptCommand({ CiphertextBlob: blob })), {
    name: "AccessDeniedException",
    message: "The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.",
  });
  const aliases = (await jobKms.send(new ListAliasesCommand({}))).Aliases ?? [];
  assert.equal(aliases.some((a) => a.AliasName === "alias/to-be-deleted"), false);
  assert.equal((await serviceEvent("DeleteKey", arn))["eventName"], "DeleteKey");
  // Not just hidden: no row of the key or its (wrapped) material is left in storage.
  for (const table of ["kms_keys", "kms_key_materials", "kms_aliases", "kms_key_tags"]) {
    assert.deepEqual(await queryStore(jobServer, `SELECT CAST(COUNT(*) AS INTEGER) AS n FROM ${table} WHERE key_id = ?`, [keyId]), { n: 0 }, table);
  }
});
