// Audit records and LookupEvents compared with what real AWS writes and answers: sessionContext layout of
// session credentials, failures without a message, IAM/STS entities as lookup resources, and the model's
// AttributeValue size rule.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LookupEventsCommand, type CloudTrailClient, type LookupAttributeKey } from "@aws-sdk/client-cloudtrail";
import { CreateRoleCommand, PutRolePolicyCommand, type IAMClient } from "@aws-sdk/client-iam";
import { CreateKeyCommand, DecryptCommand, EncryptCommand, type KMSClient } from "@aws-sdk/client-kms";
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand, type STSClient } from "@aws-sdk/client-sts";
import { cloudtrailClient, iamClient, kmsClient, stsClient, type Creds } from "../helpers/clients.js";
import type { TestServer } from "../helpers/server.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { expectError, waitUntil } from "../helpers/assertions.js";
import { allow, newUser, policy, ROOT_ARN, roleArn } from "./iam-support.js";
import { lookupAll, recordFor, type Record } from "./audit-support.js";

let server: TestServer;
let ct: CloudTrailClient;
let iam: IAMClient;
let kms: KMSClient;
let carol: Creds;

serverPerFile(async (started) => {
  server = started;
  ct = cloudtrailClient(server);
  iam = iamClient(server);
  kms = kmsClient(server);
  carol = await newUser(iam, "compat-carol", { policy: policy(allow(["sts:*", "kms:*"])) });
}, {}, {
  cleanup: () => {
    for (const c of [ct, iam, kms]) c?.destroy();
  },
});

const by = (AttributeKey: LookupAttributeKey, AttributeValue: string) => ({ LookupAttributes: [{ AttributeKey, AttributeValue }] });
const sessionOf = (rec: Record): Record => (rec.userIdentity as Record).sessionContext as Record;

/** Runs `call` with a client made from `creds`, destroying the client afterwards. */
async function withSts<T>(creds: Creds, call: (c: STSClient) => Promise<T>): Promise<T> {
  const c = stsClient(server, creds);
  try {
    return await call(c);
  } finally {
    c.destroy();
  }
}

describe("userIdentity.sessionContext as AWS writes it (eventVersion 1.08 records)", () => {
  it("an assumed role: sessionIssuer, an empty webIdFederationData, then attributes", async () => {
    await iam.send(new CreateRoleCommand({ RoleName: "compat-role", Path: "/ops/", AssumeRolePolicyDocument: policy({ Effect: "Allow", Principal: { AWS: ROOT_ARN }, Action: "sts:AssumeRole" }) }));
    await iam.send(new PutRolePolicyCommand({ RoleName: "compat-role", PolicyName: "p", PolicyDocument: policy(allow("sts:GetCallerIdentity")) }));
    // Root may not assume roles: carol (sts:*) does.
    const out = await withSts(carol, (s) => s.send(new AssumeRoleCommand({ RoleArn: roleArn("compat-role", "/ops/"), RoleSessionName: "compat-session" })));
    const c = out.Credentials;
    assert.ok(c?.AccessKeyId && c.SecretAccessKey && c.SessionToken);
    const who = await withSts({ accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken }, (s) => s.send(new GetCallerIdentityCommand({})));
    const session = sessionOf(await recordFor(ct, who.$metadata.requestId, "GetCallerIdentity"));
    assert.deepEqual(Object.keys(session), ["sessionIssuer", "webIdFederationData", "attributes"]);
    assert.deepEqual(session.webIdFederationData, {});
    assert.equal((session.sessionIssuer as Record).arn, roleArn("compat-role", "/ops/"));
    assert.deepEqual(Object.keys(session.attributes as object), ["creationDate", "mfaAuthenticated"]);
  });

  it("an IAM user's GetSessionToken credentials: empty sessionIssuer and webIdFederationData", async () => {
    const token = await withSts(carol, (s) => s.send(new GetSessionTokenCommand({})));
    const c = token.Credentials;
    assert.ok(c?.AccessKeyId && c.SecretAccessKey && c.SessionToken);
    const who = await withSts({ accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken }, (s) => s.send(new GetCallerIdentityCommand({})));
    const rec = await recordFor(ct, who.$metadata.requestId, "GetCallerIdentity");
    assert.equal((rec.userIdentity as Record).type, "IAMUser");
    assert.equal((rec.userIdentity as Record).accessKeyId, c.AccessKeyId);
    const session = sessionOf(rec);
    assert.deepEqual(Object.keys(session), ["sessionIssuer", "webIdFederationData", "attributes"]);
    assert.deepEqual([session.sessionIssuer, session.webIdFederationData], [{}, {}]);
  });

  it("long-term credentials: no sessionContext at all", async () => {
    const who = await withSts(carol, (s) => s.send(new GetCallerIdentityCommand({})));
    const rec = await recordFor(ct, who.$metadata.requestId, "GetCallerIdentity");
    assert.equal("sessionContext" in (rec.userIdentity as object), false);
  });
});

describe("failed calls", () => {
  it("an error without a message (Decrypt under the wrong encryption context) has errorCode and no errorMessage", async () => {
    const key = await kms.send(new CreateKeyCommand({}));
    const enc = await kms.send(new EncryptCommand({ KeyId: key.KeyMetadata?.KeyId, Plaintext: Buffer.from("compat"), EncryptionContext: { purpose: "a" } }));
    let requestId: string | undefined;
    try {
      await kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { purpose: "b" } }));
      assert.fail("decrypted under another encryption context");
    } catch (e) {
      assert.equal((e as Error).name, "InvalidCiphertextException");
      requestId = (e as { $metadata?: { requestId?: string } }).$metadata?.requestId; // SDK v3 service exception
    }
    const rec = await recordFor(ct, requestId, "Decrypt");
    assert.equal(rec.errorCode, "InvalidCiphertextException");
    assert.equal("errorMessage" in rec, false);
    assert.equal(rec.responseElements, null);
  });
});

describe("LookupEvents resources of IAM and STS events (records without a resources element)", () => {
  it("IAM calls are found by the user they name, and list it (and a created key) as resources", async () => {
    const events = await lookupAll(ct, by("ResourceName", "compat-carol"));
    assert.deepEqual(events.map((e) => e.EventName).reverse(), ["CreateUser", "PutUserPolicy", "CreateAccessKey"]);
    for (const e of events) assert.ok(e.Resources?.some((r) => r.ResourceType === "AWS::IAM::User" && r.ResourceName === "compat-carol"));
    const created = events.find((e) => e.EventName === "CreateAccessKey");
    assert.ok(created?.Resources?.some((r) => r.ResourceType === "AWS::IAM::AccessKey" && r.ResourceName === carol.accessKeyId));
    const byKey = await lookupAll(ct, by("ResourceName", carol.accessKeyId));
    assert.ok(byKey.some((e) => e.EventName === "CreateAccessKey"), "found by the key id it created");
    assert.ok(!JSON.stringify(events).includes(carol.secretAccessKey), "never the secret");
  });

  it("ResourceType AWS::IAM::User selects IAM user events only", async () => {
    const events = await lookupAll(ct, by("ResourceType", "AWS::IAM::User"));
    assert.ok(events.length >= 3);
    assert.ok(events.every((e) => e.EventSource === "iam.amazonaws.com" && e.Resources?.some((r) => r.ResourceType === "AWS::IAM::User")));
  });

  it("AssumeRole is found by the role it assumed, by name and by ARN", async () => {
    const arn = roleArn("compat-role", "/ops/");
    const byType = (await lookupAll(ct, by("ResourceType", "AWS::IAM::Role"))).filter((e) => e.EventName === "AssumeRole");
    assert.equal(byType.length, 1);
    assert.deepEqual(byType[0]?.Resources, [{ ResourceType: "AWS::IAM::Role", ResourceName: "compat-role" }]);
    const byArn = await lookupAll(ct, by("ResourceName", arn));
    assert.deepEqual(byArn.map((e) => e.EventId), byType.map((e) => e.EventId));
  });

  it("calls that name no IAM entity have no resources", async () => {
    const [gci] = await lookupAll(ct, by("EventName", "GetCallerIdentity"));
    assert.deepEqual(gci?.Resources, []);
  });
});

describe("LookupAttributes value size: '_', ' ', ',' and newline count twice (botocore LookupAttribute.AttributeValue)", () => {
  const send = (value: string) => ct.send(new LookupEventsCommand(by("EventName", value)));
  const invalid = { name: "InvalidLookupAttributesException", message: "Lookup attribute value is not valid.", status: 400 };

  it("1000 underscores weigh 2000: accepted", async () => assert.deepEqual((await send("_".repeat(1000))).Events, []));
  it("1000 underscores and one more character weigh 2001: refused", () => expectError(send(`${"_".repeat(1000)}x`), invalid));
  it("spaces, commas and newlines weigh two as well", async () => {
    for (const c of [" ", ",", "\n"]) await expectError(send(`${c.repeat(1000)}x`), invalid);
  });
  it("2000 ordinary characters: accepted", async () => assert.deepEqual((await send("x".repeat(2000))).Events, []));
  it("a refused lookup is recorded with its error", async () => {
    await waitUntil(async () => (await lookupAll(ct, by("EventName", "LookupEvents")))
      .some((e) => (JSON.parse(e.CloudTrailEvent ?? "{}") as Record).errorCode === "InvalidLookupAttributesException"), 5000, "the refused lookup", 50);
  });
});
