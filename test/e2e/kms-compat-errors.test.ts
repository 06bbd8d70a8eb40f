// KMS answers as recorded from real AWS (LocalStack's AWS-validated snapshots, the API reference, the AWS
// CLI examples): identifier errors, alias-name and tag errors, GenerateRandom without a size, the
// metadata of a key pending deletion, ListAliases page sizes, the alias quota.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CreateAliasCommand, CreateKeyCommand, DeleteAliasCommand, DescribeKeyCommand, EnableKeyRotationCommand, EncryptCommand,
  GenerateRandomCommand, ListAliasesCommand, ListKeysCommand, ListResourceTagsCommand,
  ScheduleKeyDeletionCommand, TagResourceCommand, UpdateAliasCommand, type KMSClient,
} from "@aws-sdk/client-kms";
import { kmsClient } from "../helpers/clients.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { expectError } from "../helpers/assertions.js";
import { ACCOUNT_ID } from "../helpers/server.js";
import { aliasArnOf, bytes, keyArnOf, newKey } from "./kms-fixtures.js";

let kms: KMSClient;

serverPerFile((started) => {
  kms = kmsClient(started);
});

const keyCount = async (): Promise<number> => (await kms.send(new ListKeysCommand({ Limit: 1000 }))).Keys?.length ?? 0;

test("a malformed key id is NotFoundException `Invalid keyId '<value>'`, quoted, wherever it is refused", async () => {
  const { keyId } = await newKey(kms);
  await kms.send(new CreateAliasCommand({ AliasName: "alias/compat-keys-only", TargetKeyId: keyId }));
  const cases: Array<[Promise<unknown>, string]> = [
    [kms.send(new DescribeKeyCommand({ KeyId: "fake-key-id" })), "Invalid keyId 'fake-key-id'"],
    [kms.send(new DescribeKeyCommand({ KeyId: "134f2428cec14b25a1ae9048164dba47" })), "Invalid keyId '134f2428cec14b25a1ae9048164dba47'"],
    [kms.send(new DescribeKeyCommand({ KeyId: "mrk-fake-key-id" })), "Invalid keyId 'mrk-fake-key-id'"],
    [kms.send(new EncryptCommand({ KeyId: "key_id", Plaintext: bytes("x") })), "Invalid keyId 'key_id'"],
    // An alias where only key ids and key ARNs are accepted.
    [kms.send(new EnableKeyRotationCommand({ KeyId: "alias/compat-keys-only" })), "Invalid keyId 'alias/compat-keys-only'"],
  ];
  // Every call is already under way: attach each check at once (a rejection seen before its handler is unhandled).
  await Promise.all(cases.map(([call, message]) => expectError(call, { name: "NotFoundException", message })));
});

test("a key ARN of another Region is NotFoundException `Invalid arn <region>`; an unknown key of this Region is not", async () => {
  const { keyId } = await newKey(kms);
  const elsewhere = `arn:aws:kms:eu-west-1:${ACCOUNT_ID}:key/${keyId}`;
  await expectError(kms.send(new DescribeKeyCommand({ KeyId: elsewhere })), { name: "NotFoundException", message: "Invalid arn eu-west-1" });
  await expectError(kms.send(new EncryptCommand({ KeyId: elsewhere, Plaintext: bytes("x") })), { name: "NotFoundException", message: "Invalid arn eu-west-1" });
  const missing = "0f0e0d0c-0b0a-4909-8807-060504030201";
  await expectError(kms.send(new DescribeKeyCommand({ KeyId: keyArnOf(missing) })), {
    name: "NotFoundException", message: `Key '${keyArnOf(missing)}' does not exist`,
  });
  assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: keyArnOf(keyId) }))).KeyMetadata?.KeyId, keyId, "this Region's ARN works");
});

test("alias names without the alias/ prefix are refused with AWS's text, and nothing changes", async () => {
  const { keyId } = await newKey(kms);
  await kms.send(new CreateAliasCommand({ AliasName: "alias/compat-prefix", TargetKeyId: keyId }));
  const prefix = {
    name: "ValidationException",
    message: 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html',
  };
  await expectError(kms.send(new CreateAliasCommand({ AliasName: "compat-no-prefix", TargetKeyId: keyId })), prefix);
  await expectError(kms.send(new UpdateAliasCommand({ AliasName: "compat-prefix", TargetKeyId: keyId })), prefix);
  await expectError(kms.send(new DeleteAliasCommand({ AliasName: "compat-prefix" })), prefix);
  const names = (await kms.send(new ListAliasesCommand({ KeyId: keyId }))).Aliases?.map((a) => a.AliasName);
  assert.deepEqual(names, ["alias/compat-prefix"]);
});

test("GenerateRandom without NumberOfBytes: `NumberOfBytes is required.`", async () => {
  await expectError(kms.send(new GenerateRandomCommand({})), { name: "ValidationException", message: "NumberOfBytes is required." });
});

test("tag errors: duplicate keys, more than 50 in a request, the aws: prefix; a refused call creates or adds nothing", async () => {
  const before = await keyCount();
  const fiftyOne = Array.from({ length: 51 }, (_, i) => ({ TagKey: `k${i}`, TagValue: `${i}` }));
  await expectError(kms.send(new CreateKeyCommand({ Tags: fiftyOne })), { name: "TagException", message: "Too many tags" });
  await expectError(kms.send(new CreateKeyCommand({ Tags: [{ TagKey: "AWS:key1", TagValue: "v" }] })), {
    name: "TagException", message: "Tags beginning with aws: are reserved",
  });
  await expectError(kms.send(new CreateKeyCommand({ Tags: [{ TagKey: "tag1", TagValue: "a" }, { TagKey: "tag1", TagValue: "b" }] })), {
    name: "TagException", message: "Duplicate tag keys",
  });
  assert.equal(await keyCount(), before, "no key was created");

  const { keyId } = await newKey(kms);
  await expectError(kms.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: "tag1", TagValue: "value1" }, { TagKey: "tag1", TagValue: "another-value1" }] })), {
    name: "TagException", message: "Duplicate tag keys",
  });
  await expectError(kms.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: "ok", TagValue: "1" }, { TagKey: "aws:key1", TagValue: "v" }] })), {
    name: "TagException", message: "Tags beginning with aws: are reserved",
  });
  assert.deepEqual((await kms.send(new ListResourceTagsCommand({ KeyId: keyId }))).Tags, []);
});

test("DescribeKey of a key pending deletion shows DeletionDate but no PendingDeletionWindowInDays", async () => {
  const { keyId } = await newKey(kms);
  const scheduled = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
  assert.equal(scheduled.PendingWindowInDays, 7, "ScheduleKeyDeletion itself reports the window");
  const m = (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata;
  assert.equal(m?.KeyState, "PendingDeletion");
  assert.equal(m?.DeletionDate?.getTime(), scheduled.DeletionDate?.getTime());
  assert.equal(m?.PendingDeletionWindowInDays, undefined);
});

test("aliases: at most 50 per key with AWS's quota text; ListAliases pages 50 by default and at most 100", async () => {
  const keys = [await newKey(kms), await newKey(kms), await newKey(kms)];
  const names: string[] = [];
  const create = async (name: string, keyId: string): Promise<void> => {
    await kms.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: keyId }));
    names.push(name);
  };
  for (let i = 0; i < 50; i++) await create(`alias/compat-q0-${String(i).padStart(2, "0")}`, keys[0]?.keyId ?? "");
  await expectError(kms.send(new CreateAliasCommand({ AliasName: "alias/compat-q0-50", TargetKeyId: keys[0]?.keyId ?? "" })), {
    name: "LimitExceededException", message: "Aliases per key quota for this account in this region is 50, current usage is 50.",
  });
  for (let i = 0; i < 50; i++) await create(`alias/compat-q1-${String(i).padStart(2, "0")}`, keys[1]?.keyId ?? "");
  await create("alias/compat-q2-00", keys[2]?.keyId ?? "");

  const firstDefault = await kms.send(new ListAliasesCommand({}));
  assert.equal(firstDefault.Aliases?.length, 50, "default page size");
  assert.equal(firstDefault.Truncated, true);
  const big = await kms.send(new ListAliasesCommand({ Limit: 1000 }));
  assert.equal(big.Aliases?.length, 100, "never more than 100 in one page");
  assert.equal(big.Truncated, true);
  const seen = [...(big.Aliases ?? [])];
  let marker = big.NextMarker;
  while (marker) {
    const next = await kms.send(new ListAliasesCommand({ Limit: 1000, Marker: marker }));
    seen.push(...(next.Aliases ?? []));
    marker = next.NextMarker;
  }
  const listed = new Set(seen.map((a) => a.AliasName));
  for (const n of names) assert.ok(listed.has(n), `${n} listed`);
  assert.equal(listed.has("alias/compat-q0-50"), false, "the refused alias was not created");
  assert.equal(seen.find((a) => a.AliasName === "alias/compat-q2-00")?.AliasArn, aliasArnOf("alias/compat-q2-00"));
});
