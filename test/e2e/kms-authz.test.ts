// Who may use a key: IAM policies behind the default key policy, key policies that shut IAM out,
// conditions on the encryption context, the lockout safety check, AWS managed keys in both modes,
// and the audit records of KMS calls (direct, and made by SSM for its caller).
import { test } from "node:test";
import assert from "node:assert/strict";
import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import {
  CreateKeyCommand, DecryptCommand, DescribeKeyCommand, EncryptCommand, GenerateDataKeyCommand, ListKeysCommand, PutKeyPolicyCommand,
  type KMSClient,
} from "@aws-sdk/client-kms";
import { GetParameterCommand, PutParameterCommand } from "@aws-sdk/client-ssm";
import { clientConfig, iamClient, kmsClient, ssmClient, type Creds } from "../helpers/clients.js";
import { ACCOUNT_ID, REGION, type TestServer } from "../helpers/server.js";
import { waitUntil, expectError } from "../helpers/assertions.js";
import { allow, deniedText, newUser, policy, ROOT_ARN, userArn } from "./iam-support.js";
import { bytes, managedKeyServersPerFile, newKey, text } from "./kms-fixtures.js";

let server: TestServer;
let openServer: TestServer;
let kms: KMSClient;

managedKeyServersPerFile((s) => ({ server, openServer, kms } = s));

const LOCKOUT = "The new key policy will not allow you to update the key policy in the future.";
const rootStatement = { Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: ROOT_ARN }, Action: "kms:*", Resource: "*" };
const user = async (name: string, doc?: string): Promise<Creds> => newUser(iamClient(server), name, doc === undefined ? {} : { policy: doc });

test("with the default key policy IAM decides, action by action and key by key", async () => {
  const a = await newKey(kms);
  const b = await newKey(kms);
  const creds = await user("kms-encrypt-only", policy(allow("kms:Encrypt", a.arn)));
  const alice = kmsClient(server, creds);
  const blob = (await alice.send(new EncryptCommand({ KeyId: a.keyId, Plaintext: bytes("x") }))).CiphertextBlob;
  await expectError(alice.send(new DecryptCommand({ CiphertextBlob: blob })), {
    name: "AccessDeniedException", message: deniedText(userArn("kms-encrypt-only"), "kms:Decrypt", a.arn),
  });
  await expectError(alice.send(new EncryptCommand({ KeyId: b.keyId, Plaintext: bytes("x") })), {
    name: "AccessDeniedException", message: deniedText(userArn("kms-encrypt-only"), "kms:Encrypt", b.arn),
  });
  await expectError(alice.send(new DescribeKeyCommand({ KeyId: a.keyId })), {
    name: "AccessDeniedException", message: deniedText(userArn("kms-encrypt-only"), "kms:DescribeKey", a.arn),
  });
});

test("ListKeys is granted only by Resource \"*\"", async () => {
  const k = await newKey(kms);
  const narrow = kmsClient(server, await user("kms-list-narrow", policy(allow("kms:ListKeys", k.arn))));
  await expectError(narrow.send(new ListKeysCommand({})), {
    name: "AccessDeniedException", message: deniedText(userArn("kms-list-narrow"), "kms:ListKeys", `arn:aws:kms:${REGION}:${ACCOUNT_ID}:*`),
  });
  const wide = kmsClient(server, await user("kms-list-wide", policy(allow("kms:ListKeys", "*"))));
  assert.ok(((await wide.send(new ListKeysCommand({}))).Keys?.length ?? 0) > 0);
});

test("a key policy without the account statement shuts IAM out, root included; the lockout check guards it", async () => {
  const bobCreds = await user("kms-bob");
  const bobOnly = policy({ Sid: "Bob", Effect: "Allow", Principal: { AWS: userArn("kms-bob") }, Action: "kms:*", Resource: "*" });
  await expectError(kms.send(new CreateKeyCommand({ Policy: bobOnly })), { name: "MalformedPolicyDocumentException", message: LOCKOUT });
  const created = await kms.send(new CreateKeyCommand({ Policy: bobOnly, BypassPolicyLockoutSafetyCheck: true }));
  const keyId = created.KeyMetadata?.KeyId ?? "";
  const arn = created.KeyMetadata?.Arn ?? "";
  await expectError(kms.send(new DescribeKeyCommand({ KeyId: keyId })), {
    name: "AccessDeniedException", message: deniedText(ROOT_ARN, "kms:DescribeKey", arn, "resource-based"),
  });
  // Bob holds no IAM policy at all: the key policy names him, which is enough.
  const bob = kmsClient(server, bobCreds);
  const blob = (await bob.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes("bob's") }))).CiphertextBlob;
  assert.equal(text((await bob.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext), "bob's");
  // Bob may not lock himself out either, unless he bypasses the check.
  await expectError(bob.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: policy(rootStatement).replace(ROOT_ARN, userArn("someone-else")) })), {
    name: "MalformedPolicyDocumentException", message: LOCKOUT,
  });
  // Handing the key back to the account alone would lock Bob out (he has no IAM policy): refused too.
  await expectError(bob.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: policy(rootStatement) })), { name: "MalformedPolicyDocumentException", message: LOCKOUT });
  await bob.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: policy(rootStatement, JSON.parse(bobOnly).Statement[0]) }));
  assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.KeyId, keyId, "root is back in through the account statement");
});

test("key-policy conditions see the encryption context; an explicit deny there beats root", async () => {
  const carolCreds = await user("kms-carol");
  const k = await newKey(kms, {
    Policy: policy(rootStatement, {
      Sid: "CarolBillingOnly", Effect: "Allow", Principal: { AWS: userArn("kms-carol") }, Action: ["kms:Encrypt", "kms:Decrypt"], Resource: "*",
      Condition: { StringEquals: { "kms:EncryptionContext:app": "billing" } },
    }, { Sid: "NoReEncrypt", Effect: "Deny", Principal: { AWS: "*" }, Action: "kms:GenerateDataKey*", Resource: "*" }),
  });
  const carol = kmsClient(server, carolCreds);
  const billing = (await carol.send(new EncryptCommand({ KeyId: k.keyId, Plaintext: bytes("invoice"), EncryptionContext: { app: "billing" } }))).CiphertextBlob;
  assert.equal(text((await carol.send(new DecryptCommand({ CiphertextBlob: billing, EncryptionContext: { app: "billing" } }))).Plaintext), "invoice");
  await expectError(carol.send(new EncryptCommand({ KeyId: k.keyId, Plaintext: bytes("x"), EncryptionContext: { app: "hr" } })), {
    name: "AccessDeniedException", message: /^User: arn:aws:iam::\d{12}:user\/kms-carol is not authorized to perform: kms:Encrypt on resource: /,
  });
  await expectError(kms.send(new GenerateDataKeyCommand({ KeyId: k.keyId, KeySpec: "AES_256" })), {
    name: "AccessDeniedException",
    message: `User: ${ROOT_ARN} is not authorized to perform: kms:GenerateDataKey on resource: ${k.arn} with an explicit deny in a resource-based policy`,
  });
});

test("AWS managed keys: closed by default, AWS's ViaService policy with --aws-managed-keys-open", async () => {
  const name = "kms-ssm-only";
  const doc = policy(allow(["ssm:PutParameter", "ssm:GetParameter"], "*"));
  const open = { iam: iamClient(openServer), kms: kmsClient(openServer) };
  const openCreds = await newUser(open.iam, name, { policy: doc });
  const ssmOpen = ssmClient(openServer, openCreds);
  await ssmOpen.send(new PutParameterCommand({ Name: "/via/ssm", Value: "through ssm", Type: "SecureString" }));
  const got = await ssmOpen.send(new GetParameterCommand({ Name: "/via/ssm", WithDecryption: true }));
  assert.equal(got.Parameter?.Value, "through ssm", "the managed key's policy lets every account principal use it through SSM");
  const raw = (await ssmOpen.send(new GetParameterCommand({ Name: "/via/ssm" }))).Parameter?.Value ?? "";
  const context = { PARAMETER_ARN: `arn:aws:ssm:${REGION}:${ACCOUNT_ID}:parameter/via/ssm` };
  await expectError(kmsClient(openServer, openCreds).send(new DecryptCommand({ CiphertextBlob: Buffer.from(raw, "base64"), EncryptionContext: context })), {
    name: "AccessDeniedException", message: /kms:Decrypt/,
  });

  const closedCreds = await user(name, doc);
  await expectError(ssmClient(server, closedCreds).send(new PutParameterCommand({ Name: "/via/ssm", Value: "x", Type: "SecureString" })), {
    name: "AccessDeniedException", message: /kms:Encrypt/,
  });
});

interface TrailEvent {
  readonly eventSource: string;
  readonly eventName: string;
  readonly readOnly: boolean;
  readonly errorCode?: string;
  readonly requestParameters: Record<string, unknown> | null;
  readonly responseElements: unknown;
  readonly resources?: Array<{ ARN: string }>;
  readonly userIdentity: { arn?: string; invokedBy?: string };
  readonly sourceIPAddress: string;
}

async function trail(eventName: string, match: (e: TrailEvent) => boolean): Promise<{ event: TrailEvent; raw: string }> {
  const ct = new CloudTrailClient(clientConfig(server));
  return waitUntil(async () => {
    const out = await ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: eventName }] }));
    for (const e of out.Events ?? []) {
      const raw = e.CloudTrailEvent ?? "{}";
      const event = JSON.parse(raw) as TrailEvent; // CloudTrail records are JSON objects of this shape
      if (match(event)) return { event, raw };
    }
    return undefined;
  }, 10_000, `a ${eventName} event`, 50);
}

test("direct KMS calls are audited without plaintext or ciphertext", async () => {
  const k = await newKey(kms);
  const dk = await kms.send(new GenerateDataKeyCommand({ KeyId: k.keyId, KeySpec: "AES_256", EncryptionContext: { audit: "me" } }));
  const { event, raw } = await trail("GenerateDataKey", (e) => e.resources?.some((r) => r.ARN === k.arn) ?? false);
  assert.equal(event.eventSource, "kms.amazonaws.com");
  assert.equal(event.readOnly, true);
  assert.equal(event.responseElements, null);
  assert.deepEqual(event.requestParameters, { keySpec: "AES_256", keyId: k.keyId, encryptionContext: { audit: "me" } });
  assert.equal(raw.includes(Buffer.from(dk.Plaintext ?? []).toString("base64")), false);
  assert.equal(raw.includes(Buffer.from(dk.CiphertextBlob ?? []).toString("base64")), false);
});

test("KMS calls SSM makes for its caller are recorded as KMS events, denied ones with their error", async () => {
  const k = await newKey(kms);
  const ssm = ssmClient(server);
  await ssm.send(new PutParameterCommand({ Name: "/audited/secret", Value: "v", Type: "SecureString", KeyId: k.keyId }));
  const paramArn = `arn:aws:ssm:${REGION}:${ACCOUNT_ID}:parameter/audited/secret`;
  const { event } = await trail("Encrypt", (e) => e.resources?.some((r) => r.ARN === k.arn) ?? false);
  assert.equal(event.eventSource, "kms.amazonaws.com");
  assert.equal(event.userIdentity.invokedBy, "ssm.amazonaws.com");
  assert.deepEqual((event.requestParameters?.["encryptionContext"] as Record<string, string> | undefined)?.["PARAMETER_ARN"], paramArn); // requestParameters is a JSON object

  const reader = ssmClient(server, await user("kms-ssm-reader", policy(allow("ssm:GetParameter", "*"))));
  await expectError(reader.send(new GetParameterCommand({ Name: "/audited/secret", WithDecryption: true })), { name: "AccessDeniedException", message: /kms:Decrypt/ });
  const denied = await trail("Decrypt", (e) => e.errorCode !== undefined && (e.userIdentity.arn ?? "").endsWith("user/kms-ssm-reader"));
  assert.equal(denied.event.errorCode, "AccessDenied");
  assert.equal(denied.event.userIdentity.invokedBy, "ssm.amazonaws.com");
});
