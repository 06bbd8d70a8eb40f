// KMS aliases through the real API: name rules, reserved alias/aws/, targets, state rules, listing.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CreateAliasCommand, DeleteAliasCommand, DescribeKeyCommand, EncryptCommand, ListAliasesCommand, ScheduleKeyDeletionCommand,
  UpdateAliasCommand, type AliasListEntry, type KMSClient,
} from "@aws-sdk/client-kms";
import { kmsClient } from "../helpers/clients.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { expectError } from "../helpers/assertions.js";
import { aliasArnOf, bytes, keyArnOf, newKey } from "./kms-fixtures.js";

let kms: KMSClient;

serverPerFile((server) => {
  kms = kmsClient(server);
});

async function allAliases(keyId?: string, limit?: number): Promise<AliasListEntry[]> {
  const out: AliasListEntry[] = [];
  let marker: string | undefined;
  do {
    const page = await kms.send(new ListAliasesCommand({ KeyId: keyId, Marker: marker, Limit: limit }));
    out.push(...(page.Aliases ?? []));
    marker = page.NextMarker;
    assert.equal(page.Truncated, marker !== undefined);
  } while (marker);
  return out;
}

const aliasNamed = async (name: string): Promise<AliasListEntry | undefined> => (await allAliases()).find((a) => a.AliasName === name);

test("CreateAlias then ListAliases shows it with its target and dates", async () => {
  const { keyId } = await newKey(kms);
  const before = Date.now();
  assert.deepEqual(Object.keys(await kms.send(new CreateAliasCommand({ AliasName: "alias/my-key", TargetKeyId: keyId }))), ["$metadata"]);
  const a = await aliasNamed("alias/my-key");
  assert.ok(a?.CreationDate && a.LastUpdatedDate);
  assert.equal(a.AliasArn, aliasArnOf("alias/my-key"));
  assert.equal(a.TargetKeyId, keyId);
  assert.ok(Math.abs(a.CreationDate.getTime() - before) < 60_000);
  assert.equal(a.LastUpdatedDate.getTime(), a.CreationDate.getTime());
});

test("alias name rules (kms.md §3)", async () => {
  const { keyId } = await newKey(kms);
  const create = (name: string): Promise<unknown> => kms.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: keyId }));
  await expectError(create("my-key"), { name: "ValidationException", message: 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html' });
  await expectError(create("alias/aws/mine"), { name: "NotAuthorizedException", message: "UnknownError" });
  await expectError(create("alias/aws/ssm"), { name: "NotAuthorizedException", message: "UnknownError" });
  await expectError(create("alias/my:alias"), { name: "ValidationException", message: "alias/my:alias contains invalid characters for an alias" });
  await expectError(create("alias/my-alias!"), {
    name: "ValidationException",
    message: "1 validation error detected: Value 'alias/my-alias!' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$",
  });
  await create("alias/my-alias_/");
  const names = (await allAliases(keyId)).map((a) => a.AliasName);
  assert.deepEqual(names, ["alias/my-alias_/"], "only the valid alias was created");
});

test("duplicate alias, alias as target, unknown targets", async () => {
  const { keyId } = await newKey(kms);
  await kms.send(new CreateAliasCommand({ AliasName: "alias/dup", TargetKeyId: keyId }));
  await expectError(kms.send(new CreateAliasCommand({ AliasName: "alias/dup", TargetKeyId: keyId })), {
    name: "AlreadyExistsException", message: `An alias with the name ${aliasArnOf("alias/dup")} already exists`,
  });
  await expectError(kms.send(new CreateAliasCommand({ AliasName: "alias/second", TargetKeyId: "alias/dup" })), {
    name: "ValidationException", message: "Aliases must refer to keys. Not aliases",
  });
  const missing = "0f0e0d0c-0b0a-4909-8807-060504030201";
  await expectError(kms.send(new CreateAliasCommand({ AliasName: "alias/second", TargetKeyId: missing })), {
    name: "NotFoundException", message: `Key '${keyArnOf(missing)}' does not exist`,
  });
  await expectError(kms.send(new CreateAliasCommand({ AliasName: "alias/second", TargetKeyId: "unknown" })), {
    name: "NotFoundException", message: "Invalid keyId 'unknown'",
  });
  assert.equal(await aliasNamed("alias/second"), undefined);
});

test("an alias may not point at a key pending deletion; an existing one survives", async () => {
  const { keyId, arn } = await newKey(kms);
  await kms.send(new CreateAliasCommand({ AliasName: "alias/before-doom", TargetKeyId: keyId }));
  await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
  await expectError(kms.send(new CreateAliasCommand({ AliasName: "alias/after-doom", TargetKeyId: keyId })), {
    name: "KMSInvalidStateException", message: `${arn} is pending deletion.`,
  });
  assert.equal((await aliasNamed("alias/before-doom"))?.TargetKeyId, keyId);
  // UpdateAlias away from a pending key works (key-state note [10]); onto one does not.
  const other = await newKey(kms);
  await kms.send(new UpdateAliasCommand({ AliasName: "alias/before-doom", TargetKeyId: other.keyId }));
  await expectError(kms.send(new UpdateAliasCommand({ AliasName: "alias/before-doom", TargetKeyId: keyId })), {
    name: "KMSInvalidStateException", message: `${arn} is pending deletion.`,
  });
  assert.equal((await aliasNamed("alias/before-doom"))?.TargetKeyId, other.keyId);
});

test("UpdateAlias moves an alias; encryption follows it", async () => {
  const k1 = await newKey(kms);
  const k2 = await newKey(kms);
  await kms.send(new CreateAliasCommand({ AliasName: "alias/moving", TargetKeyId: k1.keyId }));
  const created = await aliasNamed("alias/moving");
  await kms.send(new UpdateAliasCommand({ AliasName: "alias/moving", TargetKeyId: k2.arn }));
  const moved = await aliasNamed("alias/moving");
  assert.equal(moved?.TargetKeyId, k2.keyId);
  assert.equal(moved?.CreationDate?.getTime(), created?.CreationDate?.getTime());
  assert.ok((moved?.LastUpdatedDate?.getTime() ?? 0) >= (created?.LastUpdatedDate?.getTime() ?? 0));
  const enc = await kms.send(new EncryptCommand({ KeyId: "alias/moving", Plaintext: bytes("x") }));
  assert.equal(enc.KeyId, k2.arn);
  assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: aliasArnOf("alias/moving") }))).KeyMetadata?.KeyId, k2.keyId);
});

test("UpdateAlias errors", async () => {
  const { keyId } = await newKey(kms);
  await expectError(kms.send(new UpdateAliasCommand({ AliasName: "alias/never-made", TargetKeyId: keyId })), {
    name: "NotFoundException", message: `Alias ${aliasArnOf("alias/never-made")} is not found.`,
  });
  await expectError(kms.send(new UpdateAliasCommand({ AliasName: "alias/aws/ssm", TargetKeyId: keyId })), { name: "NotAuthorizedException", message: "UnknownError" });
  await expectError(kms.send(new UpdateAliasCommand({ AliasName: "nope", TargetKeyId: keyId })), { name: "ValidationException", message: 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html' });
});

test("DeleteAlias removes only the alias", async () => {
  const { keyId } = await newKey(kms);
  await kms.send(new CreateAliasCommand({ AliasName: "alias/short-lived", TargetKeyId: keyId }));
  await kms.send(new DeleteAliasCommand({ AliasName: "alias/short-lived" }));
  assert.equal(await aliasNamed("alias/short-lived"), undefined);
  assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.KeyState, "Enabled");
  await expectError(kms.send(new DeleteAliasCommand({ AliasName: "alias/short-lived" })), {
    name: "NotFoundException", message: `Alias ${aliasArnOf("alias/short-lived")} is not found.`,
  });
  await expectError(kms.send(new DeleteAliasCommand({ AliasName: "alias/aws/ssm" })), { name: "NotAuthorizedException", message: "UnknownError" });
  await expectError(kms.send(new DeleteAliasCommand({ AliasName: "short-lived" })), { name: "ValidationException", message: 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html' });
});

test("ListAliases with KeyId lists only that key's aliases; an alias there is refused", async () => {
  const k1 = await newKey(kms);
  const k2 = await newKey(kms);
  await kms.send(new CreateAliasCommand({ AliasName: "alias/k1-b", TargetKeyId: k1.keyId }));
  await kms.send(new CreateAliasCommand({ AliasName: "alias/k1-a", TargetKeyId: k1.keyId }));
  await kms.send(new CreateAliasCommand({ AliasName: "alias/k2-a", TargetKeyId: k2.keyId }));
  assert.deepEqual((await allAliases(k1.keyId)).map((a) => a.AliasName), ["alias/k1-a", "alias/k1-b"]);
  assert.deepEqual((await allAliases(k1.arn)).map((a) => a.AliasName), ["alias/k1-a", "alias/k1-b"]);
  await expectError(kms.send(new ListAliasesCommand({ KeyId: "alias/k1-a" })), { name: "NotFoundException", message: "Invalid keyId 'alias/k1-a'" });
});

test("ListAliases pages with Limit and lists the predefined AWS aliases without a target until used", async () => {
  const all = await allAliases(undefined, 1);
  const names = all.map((a) => a.AliasName ?? "");
  assert.deepEqual(names, [...names].sort(), "sorted by name");
  assert.equal(new Set(names).size, names.length, "each alias once across pages");
  const ssm = all.find((a) => a.AliasName === "alias/aws/ssm");
  assert.deepEqual(ssm, { AliasName: "alias/aws/ssm", AliasArn: aliasArnOf("alias/aws/ssm") });
  assert.ok(all.some((a) => a.AliasName === "alias/aws/secretsmanager"));
  assert.deepEqual(await allAliases(undefined, 1000), all);
});
