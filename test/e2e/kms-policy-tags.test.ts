// Key policies (default text, validation, names) and tags through the real API.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CreateKeyCommand, GetKeyPolicyCommand, ListKeyPoliciesCommand, ListKeysCommand, ListResourceTagsCommand, PutKeyPolicyCommand,
  ScheduleKeyDeletionCommand, TagResourceCommand, UntagResourceCommand, type KMSClient, type Tag,
} from "@aws-sdk/client-kms";
import { kmsClient } from "../helpers/clients.js";
import { ACCOUNT_ID } from "../helpers/server.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { expectError } from "../helpers/assertions.js";
import { newKey } from "./kms-fixtures.js";

let kms: KMSClient;

serverPerFile((server) => {
  kms = kmsClient(server);
});

const DEFAULT_POLICY = `{
  "Version" : "2012-10-17",
  "Id" : "key-default-1",
  "Statement" : [ {
    "Sid" : "Enable IAM User Permissions",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "arn:aws:iam::${ACCOUNT_ID}:root"
    },
    "Action" : "kms:*",
    "Resource" : "*"
  } ]
}`;

const policyWith = (extra: object): string => JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Sid: "Root", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: "kms:*", Resource: "*" }, extra],
});

const getPolicy = async (keyId: string): Promise<string | undefined> => (await kms.send(new GetKeyPolicyCommand({ KeyId: keyId }))).Policy;

test("a new key gets AWS's default key policy, byte for byte", async () => {
  const { keyId } = await newKey(kms);
  const out = await kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: "default" }));
  assert.equal(out.Policy, DEFAULT_POLICY);
  assert.equal(out.PolicyName, "default");
  assert.equal(await getPolicy(keyId), DEFAULT_POLICY, "PolicyName defaults to default");
});

test("the only policy name is default", async () => {
  const { keyId } = await newKey(kms);
  const list = await kms.send(new ListKeyPoliciesCommand({ KeyId: keyId }));
  assert.deepEqual(list.PolicyNames, ["default"]);
  assert.equal(list.Truncated, false);
  await expectError(kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: "other" })), { name: "NotFoundException", message: "No such policy exists" });
  await expectError(kms.send(new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: "other", Policy: DEFAULT_POLICY })), { name: "NotFoundException", message: "No such policy exists" });
});

test("PutKeyPolicy stores the document as sent, in every key state", async () => {
  const { keyId } = await newKey(kms);
  const policy = policyWith({ Sid: "Deny", Effect: "Deny", Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:user/mallory` }, Action: "kms:Decrypt", Resource: "*" });
  await kms.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: policy }));
  assert.equal(await getPolicy(keyId), policy);
  await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
  await kms.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: DEFAULT_POLICY }));
  assert.equal(await getPolicy(keyId), DEFAULT_POLICY);
});

test("malformed key policies are refused and change nothing", async () => {
  const { keyId } = await newKey(kms);
  const put = (p: string): Promise<unknown> => kms.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: p }));
  await expectError(put("not a policy"), { name: "MalformedPolicyDocumentException", message: "UnknownError" });
  await expectError(put(policyWith({ Effect: "Allow", Principal: { AWS: "not-a-principal" }, Action: "kms:*", Resource: "*" })), {
    name: "MalformedPolicyDocumentException", message: "Policy contains a statement with one or more invalid principals.",
  });
  await expectError(put(JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kms:*", Resource: "*" }] })), {
    name: "MalformedPolicyDocumentException", message: /.+/,
  });
  const huge = policyWith({ Sid: "x".repeat(33_000), Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: "kms:Decrypt", Resource: "*" });
  await expectError(put(huge), { name: "LimitExceededException", message: "The key policy exceeds the maximum size of 32768 bytes." });
  assert.equal(await getPolicy(keyId), DEFAULT_POLICY);
});

test("CreateKey with a policy keeps it; a malformed one creates no key", async () => {
  const policy = policyWith({ Sid: "Describe", Effect: "Allow", Principal: { AWS: ACCOUNT_ID }, Action: "kms:Describe*", Resource: "*" });
  const { keyId } = await newKey(kms, { Policy: policy });
  assert.equal(await getPolicy(keyId), policy);
  const count = async (): Promise<number> => (await kms.send(new ListKeysCommand({ Limit: 1000 }))).Keys?.length ?? 0;
  const before = await count();
  await expectError(kms.send(new CreateKeyCommand({ Policy: "{" })), { name: "MalformedPolicyDocumentException", message: "UnknownError" });
  assert.equal(await count(), before);
});

const tagsOf = async (keyId: string): Promise<Tag[]> => (await kms.send(new ListResourceTagsCommand({ KeyId: keyId }))).Tags ?? [];

test("tags: create with tags, add, overwrite, remove, list sorted", async () => {
  const { keyId, arn } = await newKey(kms, { Tags: [{ TagKey: "team", TagValue: "payments" }] });
  assert.deepEqual(await tagsOf(keyId), [{ TagKey: "team", TagValue: "payments" }]);
  await kms.send(new TagResourceCommand({ KeyId: arn, Tags: [{ TagKey: "env", TagValue: "prod" }, { TagKey: "team", TagValue: "billing" }] }));
  assert.deepEqual(await tagsOf(keyId), [{ TagKey: "env", TagValue: "prod" }, { TagKey: "team", TagValue: "billing" }]);
  await kms.send(new UntagResourceCommand({ KeyId: keyId, TagKeys: ["team", "never-there"] }));
  assert.deepEqual(await tagsOf(keyId), [{ TagKey: "env", TagValue: "prod" }]);
  const out = await kms.send(new ListResourceTagsCommand({ KeyId: keyId }));
  assert.equal(out.Truncated, false);
  assert.equal(out.NextMarker, undefined);
});

test("tag rules: aws: prefix, 50 tags, pending deletion; refused calls change nothing", async () => {
  const { keyId, arn } = await newKey(kms);
  await expectError(kms.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: "ok", TagValue: "1" }, { TagKey: "AWS:reserved", TagValue: "x" }] })), {
    name: "TagException", message: "Tags beginning with aws: are reserved",
  });
  assert.deepEqual(await tagsOf(keyId), []);
  const fifty = Array.from({ length: 50 }, (_, i) => ({ TagKey: `k${String(i).padStart(2, "0")}`, TagValue: `${i}` }));
  await kms.send(new TagResourceCommand({ KeyId: keyId, Tags: fifty }));
  await expectError(kms.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: "one-more", TagValue: "x" }] })), {
    name: "LimitExceededException", message: "A KMS key can have at most 50 tags.",
  });
  await kms.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: "k00", TagValue: "replaced" }] }));
  const page = await kms.send(new ListResourceTagsCommand({ KeyId: keyId, Limit: 20 }));
  assert.equal(page.Tags?.length, 20);
  assert.equal(page.Truncated, true);
  assert.deepEqual(page.Tags?.[0], { TagKey: "k00", TagValue: "replaced" });
  const rest = await kms.send(new ListResourceTagsCommand({ KeyId: keyId, Limit: 100, Marker: page.NextMarker }));
  assert.equal(rest.Tags?.length, 30);
  assert.equal(rest.Tags?.[0]?.TagKey, "k20");
  await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
  const pending = { name: "KMSInvalidStateException", message: `${arn} is pending deletion.` };
  await expectError(kms.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: "x", TagValue: "y" }] })), pending);
  await expectError(kms.send(new UntagResourceCommand({ KeyId: keyId, TagKeys: ["k01"] })), pending);
  assert.equal((await kms.send(new ListResourceTagsCommand({ KeyId: keyId, Limit: 1000 }))).Tags?.length, 50, "ListResourceTags works while pending");
});
