// What the trail records (cloudtrail.md §1–§4): one record per call plus the KMS calls SSM makes for the
// caller, each principal type's userIdentity, failures with their error, and no secret anywhere —
// not in an event, not in the --audit-file, not in the database files.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { CreateRoleCommand, PutRolePolicyCommand, type IAMClient } from "@aws-sdk/client-iam";
import { DecryptCommand, EncryptCommand, GenerateDataKeyCommand, type KMSClient } from "@aws-sdk/client-kms";
import { CreateSecretCommand, GetSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { GetParameterCommand, PutParameterCommand, type SSMClient } from "@aws-sdk/client-ssm";
import { AssumeRoleCommand, GetCallerIdentityCommand, type STSClient } from "@aws-sdk/client-sts";
import type { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { cloudtrailClient, iamClient, kmsClient, secretsClient, ssmClient, stsClient, type Creds } from "../helpers/clients.js";
import { ACCOUNT_ID, REGION, ROOT_ACCESS_KEY_ID, type TestServer } from "../helpers/server.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { waitUntil } from "../helpers/assertions.js";
import { allow, newUser, policy, roleArn, ROOT_ARN, sessionArn, userArn } from "./iam-support.js";
import { filesContaining, lookupAll, recordFor, recordOf, type Record } from "./audit-support.js";

const PARAM_SECRET = "Zq7ParamMarker4711";
const SM_SECRET = "Zq7SecretsMarker4711";
const KMS_PLAINTEXT = "Zq7KmsMarker4711";
const markers = [PARAM_SECRET, SM_SECRET, KMS_PLAINTEXT];
const paramArn = (name: string): string => `arn:aws:ssm:${REGION}:${ACCOUNT_ID}:parameter${name}`;

let server: TestServer;
let ct: CloudTrailClient;
let ssm: SSMClient;
let kms: KMSClient;
let iam: IAMClient;
let sts: STSClient;
let sm: SecretsManagerClient;
let reader: Creds;
let issued: string[] = [];
const fileDir = mkdtempSync(join(tmpdir(), "paramstore-audit-file-"));
const auditFile = join(fileDir, "events.jsonl");

serverPerFile((started) => {
  server = started;
  ct = cloudtrailClient(server);
  ssm = ssmClient(server);
  kms = kmsClient(server);
  iam = iamClient(server);
  sts = stsClient(server);
  sm = secretsClient(server);
}, { args: ["--audit-file", auditFile] }, {
  cleanup: () => {
    for (const c of [ct, ssm, kms, iam, sts, sm]) c?.destroy();
  },
});
after(async () => {
  rmSync(fileDir, { recursive: true, force: true });
});

const get = <T>(r: Record, path: string): T => path.split(".").reduce<unknown>((o, k) => (o as { [k: string]: unknown } | undefined)?.[k], r) as T;

describe("SSM records and the KMS records SSM causes", () => {
  it("PutParameter SecureString: value HIDDEN, version and tier as responseElements, KMS Encrypt invokedBy ssm", async () => {
    const out = await ssm.send(new PutParameterCommand({ Name: "/audit/db/password", Value: PARAM_SECRET, Type: "SecureString" }));
    const rec = await recordFor(ct, out.$metadata.requestId, "PutParameter");
    assert.deepEqual(rec.requestParameters, { name: "/audit/db/password", value: "HIDDEN_DUE_TO_SECURITY_REASONS", type: "SecureString" });
    assert.deepEqual(rec.responseElements, { version: 1, tier: "Standard" });
    assert.deepEqual(rec.resources, [{ accountId: ACCOUNT_ID, type: "AWS::SSM::Parameter", ARN: paramArn("/audit/db/password") }]);
    assert.deepEqual([rec.readOnly, rec.eventSource, rec.awsRegion, rec.recipientAccountId, rec.eventType, rec.eventCategory, rec.managementEvent],
      [false, "ssm.amazonaws.com", REGION, ACCOUNT_ID, "AwsApiCall", "Management", true]);
    assert.match(String(rec.eventTime), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.match(String(rec.eventID), /^[0-9a-f-]{36}$/);
    assert.deepEqual(rec.userIdentity, { type: "Root", principalId: ACCOUNT_ID, arn: ROOT_ARN, accountId: ACCOUNT_ID, accessKeyId: ROOT_ACCESS_KEY_ID });
    const encrypt = (await lookupAll(ct, { LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "Encrypt" }] })).map(recordOf)
      .find((r) => get<string>(r, "requestParameters.encryptionContext.PARAMETER_ARN") === paramArn("/audit/db/password"));
    assert.ok(encrypt, "a KMS Encrypt record for the parameter");
    assert.equal(get(encrypt, "userIdentity.invokedBy"), "ssm.amazonaws.com");
    assert.deepEqual([encrypt.sourceIPAddress, encrypt.userAgent, encrypt.readOnly, encrypt.responseElements], ["ssm.amazonaws.com", "ssm.amazonaws.com", true, null]);
    assert.equal(get(encrypt, "resources.0.type"), "AWS::KMS::Key");
  });

  it("GetParameter WithDecryption: two records, the read and the KMS Decrypt made for the caller", async () => {
    const out = await ssm.send(new GetParameterCommand({ Name: "/audit/db/password", WithDecryption: true }));
    const rec = await recordFor(ct, out.$metadata.requestId, "GetParameter");
    assert.deepEqual(rec.requestParameters, { name: "/audit/db/password", withDecryption: true });
    assert.equal(rec.responseElements, null);
    assert.equal(rec.readOnly, true);
    const decrypts = (await lookupAll(ct, { LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "Decrypt" }] })).map(recordOf);
    const d = decrypts.find((r) => r.eventTime === rec.eventTime && get(r, "userIdentity.invokedBy") === "ssm.amazonaws.com");
    assert.ok(d, "the Decrypt record");
    assert.deepEqual(d.requestParameters, { encryptionContext: { PARAMETER_ARN: paramArn("/audit/db/password") }, encryptionAlgorithm: "SYMMETRIC_DEFAULT" });
    assert.deepEqual([d.sourceIPAddress, d.userAgent, d.readOnly, d.responseElements], ["ssm.amazonaws.com", "ssm.amazonaws.com", true, null]);
    assert.notEqual(d.requestID, rec.requestID);
  });

  it("a read without kms:Decrypt is denied and recorded with its error, as the caller", async () => {
    reader = await newUser(iam, "audit-reader", { policy: policy(allow("ssm:GetParameter")) });
    const denied = ssmClient(server, reader);
    let requestId: string | undefined;
    let message = "";
    try {
      await denied.send(new GetParameterCommand({ Name: "/audit/db/password", WithDecryption: true }));
      assert.fail("the read was allowed");
    } catch (e) {
      requestId = (e as { $metadata?: { requestId?: string } }).$metadata?.requestId; // SDK v3 service exception
      message = (e as Error).message;
      assert.equal((e as Error).name, "AccessDeniedException");
    } finally {
      denied.destroy();
    }
    const rec = await recordFor(ct, requestId, "GetParameter");
    assert.equal(rec.errorCode, "AccessDenied");
    assert.equal(rec.errorMessage, message);
    assert.equal(rec.responseElements, null);
    assert.deepEqual(rec.userIdentity, { type: "IAMUser", principalId: get(rec, "userIdentity.principalId"), arn: userArn("audit-reader"), accountId: ACCOUNT_ID, accessKeyId: reader.accessKeyId, userName: "audit-reader" });
    assert.match(String(get(rec, "userIdentity.principalId")), /^AIDA/);
  });

  it("a call with a bad signature is recorded for an Unknown caller", async () => {
    const bad = ssmClient(server, { accessKeyId: ROOT_ACCESS_KEY_ID, secretAccessKey: "not-the-secret-at-all-0000000000" });
    await assert.rejects(bad.send(new GetParameterCommand({ Name: "/audit/db/password" })), { name: "InvalidSignatureException" });
    bad.destroy();
    const rec = await waitUntil(async () => (await lookupAll(ct, { LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "GetParameter" }] }))
      .map(recordOf).find((r) => r.errorCode === "InvalidSignatureException"), 5000, "the rejected call", 50);
    assert.deepEqual(rec.userIdentity, { type: "Unknown", principalId: "" });
    assert.equal(rec.requestParameters, null, "nothing of an unauthenticated body is recorded");
  });
});

describe("IAM and STS records", () => {
  it("CreateAccessKey shows the key id, never the secret; AssumeRole shows credentials without secret or token", async () => {
    const created = await lookupAll(ct, { LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "CreateAccessKey" }] });
    const rec = recordOf(created[0] ?? {});
    assert.deepEqual(Object.keys(get<object>(rec, "responseElements.accessKey")).sort(), ["accessKeyId", "createDate", "status", "userName"]);
    assert.match(get<string>(rec, "responseElements.accessKey.createDate"), /^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d\d:\d\d [AP]M$/);
    issued.push(reader.secretAccessKey);

    await iam.send(new CreateRoleCommand({ RoleName: "auditor-role", AssumeRolePolicyDocument: policy({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: "sts:AssumeRole" }) }));
    await iam.send(new PutRolePolicyCommand({ RoleName: "auditor-role", PolicyName: "p", PolicyDocument: policy(allow("sts:GetCallerIdentity")) }));
    const roleUser = await newUser(iam, "audit-assumer", { policy: policy(allow("sts:AssumeRole")) });
    const assumer = stsClient(server, roleUser);
    const out = await assumer.send(new AssumeRoleCommand({ RoleArn: roleArn("auditor-role"), RoleSessionName: "audit-session" }));
    assumer.destroy();
    const c = out.Credentials;
    assert.ok(c?.AccessKeyId && c.SecretAccessKey && c.SessionToken);
    issued.push(roleUser.secretAccessKey, c.SecretAccessKey, c.SessionToken);
    const ar = await recordFor(ct, out.$metadata.requestId, "AssumeRole");
    assert.equal(ar.readOnly, false);
    assert.deepEqual(Object.keys(get<object>(ar, "responseElements.credentials")).sort(), ["accessKeyId", "expiration"]);
    assert.equal(get(ar, "responseElements.credentials.accessKeyId"), c.AccessKeyId);

    const asRole = stsClient(server, { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken });
    const who = await asRole.send(new GetCallerIdentityCommand({}));
    asRole.destroy();
    const gci = await recordFor(ct, who.$metadata.requestId, "GetCallerIdentity");
    const id = gci.userIdentity as Record;
    assert.equal(id.type, "AssumedRole");
    assert.equal(id.arn, sessionArn("auditor-role", "audit-session"));
    assert.equal(id.accessKeyId, c.AccessKeyId);
    assert.match(String(id.principalId), /^AROA[A-Z0-9]+:audit-session$/);
    assert.deepEqual(get(gci, "userIdentity.sessionContext.sessionIssuer"), { type: "Role", principalId: String(id.principalId).split(":")[0], arn: roleArn("auditor-role"), accountId: ACCOUNT_ID, userName: "auditor-role" });
    assert.deepEqual(Object.keys(get<object>(gci, "userIdentity.sessionContext.attributes")), ["creationDate", "mfaAuthenticated"]);
    const events = await lookupAll(ct, { LookupAttributes: [{ AttributeKey: "Username", AttributeValue: "audit-session" }] });
    assert.deepEqual(events.map((e) => e.EventName), ["GetCallerIdentity"]);
  });
});

describe("no secret anywhere", () => {
  it("KMS and Secrets Manager calls carrying secrets", async () => {
    const enc = await kms.send(new EncryptCommand({ KeyId: "alias/aws/ssm", Plaintext: Buffer.from(KMS_PLAINTEXT) }));
    await kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob }));
    const dk = await kms.send(new GenerateDataKeyCommand({ KeyId: "alias/aws/ssm", KeySpec: "AES_256" }));
    issued.push(Buffer.from(dk.Plaintext ?? []).toString("base64"));
    await sm.send(new CreateSecretCommand({ Name: "audit-secret", SecretString: SM_SECRET }));
    await sm.send(new GetSecretValueCommand({ SecretId: "audit-secret" }));
    const rec = await recordFor(ct, enc.$metadata.requestId, "Encrypt");
    assert.deepEqual(Object.keys(rec.requestParameters as object).sort(), ["keyId"].concat(get(rec, "requestParameters.encryptionAlgorithm") ? ["encryptionAlgorithm"] : []).sort());
  });

  it("the trail, the audit file and the database files hold no secret value", async () => {
    const all = JSON.stringify(await lookupAll(ct));
    for (const s of [...markers, ...issued]) assert.equal(all.includes(s), false, "a secret reached LookupEvents");
    const events = await lookupAll(ct);
    const lines = await waitUntil(async () => {
      const text = readFileSync(auditFile, "utf8");
      const ls = text.trim().split("\n");
      return ls.length >= events.length ? ls : undefined;
    }, 5000, "the audit file to catch up", 50);
    for (const s of [...markers, ...issued]) assert.equal(lines.join("\n").includes(s), false, "a secret reached the audit file");
    const ids = new Set(lines.map((l) => (JSON.parse(l) as Record).eventID));
    for (const e of events) assert.ok(ids.has(e.EventId), `event ${e.EventId} is in the audit file`);
    for (const m of markers) assert.deepEqual(filesContaining(server.dataDir, m), [], `${m} on disk in clear`);
  });
});
