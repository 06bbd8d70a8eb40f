// The console's browser signer (src/console/sigv4.js on WebCrypto) and client (api.js) against a real server:
// the same Authorization as @smithy/signature-v4 byte for byte, and real calls of every service, with and
// without a session token, answered, authorised by IAM and audited.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, it } from "node:test";
import { Sha256 } from "@aws-crypto/sha256-js";
import { GetSessionTokenCommand } from "@aws-sdk/client-sts";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { iamClient, ROOT_CREDS, stsClient, type Creds } from "../helpers/clients.js";
import { loadConsoleModule, type ApiModule, type ConsoleClient, type SigV4Module, type WireRequest } from "../helpers/console-modules.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { waitUntil } from "../helpers/assertions.js";
import { ACCOUNT_ID, REGION, type TestServer } from "../helpers/server.js";
import { allow, deny, newUser, policy } from "./iam-support.js";

let server: TestServer;
let sigv4: SigV4Module;
let api: ApiModule;
let root: ConsoleClient;
let session: Creds;
let sessionClient: ConsoleClient;

serverPerFile(async (s) => {
  server = s;
  sigv4 = await loadConsoleModule<SigV4Module>("sigv4.js");
  api = await loadConsoleModule<ApiModule>("api.js");
  root = api.createClient({ origin: server.endpoint, credentials: ROOT_CREDS, region: REGION });
  const iam = iamClient(server);
  const user = await newUser(iam, "console-user", {
    policy: policy(allow(["ssm:*", "secretsmanager:*", "kms:*", "cloudtrail:LookupEvents", "sts:GetSessionToken"]), deny("ssm:DeleteParameter")),
  });
  iam.destroy();
  const sts = stsClient(server, user);
  const out = await sts.send(new GetSessionTokenCommand({}));
  sts.destroy();
  const c = out.Credentials;
  assert.ok(c?.AccessKeyId && c.SecretAccessKey && c.SessionToken);
  session = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
  sessionClient = api.createClient({ origin: server.endpoint, credentials: session, region: REGION });
});

const r = (name: string, ...args: unknown[]): WireRequest => (api.requests[name] as (...a: unknown[]) => WireRequest)(...args);

/** The console's Authorization and smithy's for the same request, date and credentials. */
async function bothSignatures(req: WireRequest, creds: Creds, date: Date): Promise<{ ours: Record<string, string>; smithy: Record<string, string> }> {
  const host = `127.0.0.1:${server.port}`;
  const ours = (await sigv4.signRequest({ host, headers: req.headers, body: req.body, credentials: creds, region: REGION, service: req.service, date })).headers;
  const signer = new SignatureV4({ credentials: creds, region: REGION, service: req.service, sha256: Sha256, applyChecksum: false });
  const signed = await signer.sign(new HttpRequest({
    method: "POST", protocol: "http:", hostname: "127.0.0.1", port: server.port, path: "/", headers: { host, ...req.headers }, body: req.body,
  }), { signingDate: date });
  return { ours, smithy: signed.headers };
}

describe("the browser signer signs exactly as @smithy/signature-v4", () => {
  const dates = [new Date("2026-01-02T03:04:05.678Z"), new Date()];
  const cases = (): [string, WireRequest][] => [
    ["SSM PutParameter", r("putParameter", { name: "/c/x", value: "v ü  two  spaces", type: "SecureString", description: "d", overwrite: true })],
    ["SSM GetParameter", r("getParameter", "/c/x")],
    ["Secrets Manager GetSecretValue", r("getSecretValue", "s")],
    ["KMS ListKeys", r("listKeys")],
    ["CloudTrail LookupEvents", r("lookupEvents", { key: "Username", value: "x" })],
    ["STS GetCallerIdentity (Query)", r("callerIdentity")],
  ];
  for (const withToken of [false, true]) {
    it(`every service's request, ${withToken ? "with" : "without"} a session token`, async () => void await Promise.all(cases().flatMap(([what, req]) => dates.map(async (date) => {
      const creds = withToken ? session : ROOT_CREDS;
      const { ours, smithy } = await bothSignatures(req, creds, date);
      assert.equal(ours.authorization, smithy.authorization, what);
      assert.equal(ours["x-amz-date"], smithy["x-amz-date"]);
      assert.equal(ours["x-amz-security-token"], withToken ? session.sessionToken : undefined);
      assert.equal(ours.authorization?.includes("x-amz-security-token"), withToken);
      assert.match(ours.authorization ?? "", /SignedHeaders=content-type;host;x-amz-date(;x-amz-security-token)?(;x-amz-target)?, /);
    }))));
  }

  it("X-Amz-Date is the ISO 8601 basic format", () => {
    assert.equal(sigv4.amzDate(new Date("2026-01-02T03:04:05.678Z")), "20260102T030405Z");
  });
});

describe("signed by the console, answered by the real server", () => {
  it("Parameter Store: put, reveal, describe by path, history, new version, delete", async () => {
    const put = await root.send(r("putParameter", { name: "/console/app/db", value: "s3cret ü", type: "SecureString", description: "db", overwrite: false }));
    assert.equal(put.Version, 1);
    const got = await root.send(r("getParameter", "/console/app/db"));
    assert.deepEqual([(got.Parameter as { Value: string }).Value, (got.Parameter as { Type: string }).Type], ["s3cret ü", "SecureString"]);
    await root.send(r("putParameter", { name: "/console/app/db", value: "two", type: "SecureString", overwrite: true }));
    await root.send(r("putParameter", { name: "/console/other", value: "o", type: "String" }));
    const listed = await root.send(r("describeParameters", "/console/app"));
    assert.deepEqual((listed.Parameters as { Name: string; Version: number }[]).map((p) => [p.Name, p.Version]), [["/console/app/db", 2]]);
    const all = await root.send(r("describeParameters", "/"));
    assert.ok((all.Parameters as { Name: string }[]).some((p) => p.Name === "/console/other"));
    const hidden = await root.send(r("getParameterHistory", "/console/app/db", false));
    assert.deepEqual((hidden.Parameters as { Version: number }[]).map((p) => p.Version), [1, 2]);
    const shown = await root.send(r("getParameterHistory", "/console/app/db", true));
    assert.deepEqual((shown.Parameters as { Value: string }[]).map((p) => p.Value), ["s3cret ü", "two"]);
    await root.send(r("deleteParameter", "/console/app/db"));
    await assert.rejects(root.send(r("getParameter", "/console/app/db")), (e: Error & { code: string }) => {
      assert.equal(e.code, "ParameterNotFound");
      assert.equal(String(e), "ParameterNotFound: Parameter /console/app/db not found.");
      return true;
    });
  });

  it("Secrets Manager: list, describe, reveal, put a new value, delete with a recovery window", async () => {
    await root.send(api.jsonRequest("secretsmanager", "CreateSecret", { Name: "console/db", SecretString: "first", ClientRequestToken: randomUUID() }));
    const list = await root.send(r("listSecrets"));
    assert.deepEqual((list.SecretList as { Name: string }[]).map((s) => s.Name), ["console/db"]);
    const put = await root.send(r("putSecretValue", "console/db", "second"));
    assert.deepEqual(put.VersionStages, ["AWSCURRENT"]);
    assert.equal((await root.send(r("getSecretValue", "console/db"))).SecretString, "second");
    const d = await root.send(r("describeSecret", "console/db"));
    assert.equal(Object.keys(d.VersionIdsToStages as object).length, 2);
    const del = await root.send(r("deleteSecret", "console/db", 7));
    const days = (Number(del.DeletionDate) * 1000 - Date.now()) / 86_400_000;
    assert.ok(days > 6.9 && days <= 7, `deleted in ${days} days`);
    await assert.rejects(root.send(r("getSecretValue", "console/db")), { code: "InvalidRequestException" });
  });

  it("KMS: list keys and aliases, describe, rotation status", async () => {
    const created = await root.send(api.jsonRequest("kms", "CreateKey", { Description: "console key" }));
    const keyId = (created.KeyMetadata as { KeyId: string }).KeyId;
    await root.send(api.jsonRequest("kms", "CreateAlias", { AliasName: "alias/console", TargetKeyId: keyId }));
    const keys = await root.send(r("listKeys"));
    assert.ok((keys.Keys as { KeyId: string }[]).some((k) => k.KeyId === keyId));
    const aliases = await root.send(r("listAliases"));
    assert.ok((aliases.Aliases as { AliasName: string; TargetKeyId?: string }[]).some((a) => a.AliasName === "alias/console" && a.TargetKeyId === keyId));
    const m = (await root.send(r("describeKey", keyId))).KeyMetadata as { KeyState: string; Description: string };
    assert.deepEqual([m.KeyState, m.Description], ["Enabled", "console key"]);
    assert.equal((await root.send(r("getKeyRotationStatus", keyId))).KeyRotationEnabled, false);
  });

  it("STS GetCallerIdentity names the signer (the sign-in check)", async () => {
    assert.deepEqual(await root.send(r("callerIdentity")), { Arn: `arn:aws:iam::${ACCOUNT_ID}:root`, Account: ACCOUNT_ID, UserId: ACCOUNT_ID });
  });

  it("a wrong secret key is refused with the AWS error code and message", async () => {
    const bad = api.createClient({ origin: server.endpoint, credentials: { ...ROOT_CREDS, secretAccessKey: "wrong" }, region: REGION });
    await assert.rejects(bad.send(r("listKeys")), (e: Error & { code: string }) => {
      assert.equal(e.code, "InvalidSignatureException");
      assert.match(String(e), /^InvalidSignatureException: The request signature we calculated does not match/);
      return true;
    });
    await assert.rejects(bad.send(r("callerIdentity")), { code: "SignatureDoesNotMatch" });
  });
});

describe("with session credentials (GetSessionToken of an IAM user), IAM applies and the trail records it", () => {
  it("allowed calls succeed, a denied one fails with AccessDeniedException", async () => {
    const who = await sessionClient.send(r("callerIdentity"));
    assert.equal(who.Arn, `arn:aws:iam::${ACCOUNT_ID}:user/console-user`);
    await sessionClient.send(r("putParameter", { name: "/console/session", value: "by session", type: "SecureString" }));
    assert.equal(((await sessionClient.send(r("getParameter", "/console/session"))).Parameter as { Value: string }).Value, "by session");
    assert.ok(Array.isArray((await sessionClient.send(r("listKeys"))).Keys));
    assert.ok(Array.isArray((await sessionClient.send(r("listSecrets"))).SecretList));
    await assert.rejects(sessionClient.send(r("deleteParameter", "/console/session")), (e: Error & { code: string }) => {
      assert.equal(e.code, "AccessDeniedException");
      assert.match(String(e), /^AccessDeniedException: User: arn:aws:iam::\d{12}:user\/console-user is not authorized to perform: ssm:DeleteParameter/);
      return true;
    });
  });

  it("LookupEvents, signed with the session token, shows the console's calls with user, source IP and error code", async () => {
    const events = await waitUntil(async () => {
      const out = await sessionClient.send(r("lookupEvents", { key: "Username", value: "console-user" }));
      const list = (out.Events ?? []) as { EventName: string; Username: string; CloudTrailEvent: string }[];
      return list.some((e) => e.EventName === "DeleteParameter") && list.some((e) => e.EventName === "GetParameter") ? list : undefined;
    }, 5000, "the session's events", 50);
    assert.ok(events.every((e) => e.Username === "console-user"));
    const denied = JSON.parse(events.find((e) => e.EventName === "DeleteParameter")?.CloudTrailEvent ?? "{}") as { errorCode?: string; sourceIPAddress?: string };
    assert.equal(denied.errorCode, "AccessDenied");
    assert.equal(denied.sourceIPAddress, "127.0.0.1");
    const byName = await sessionClient.send(r("lookupEvents", { key: "EventName", value: "PutSecretValue" }));
    assert.ok((byName.Events as { EventName: string }[]).every((e) => e.EventName === "PutSecretValue"));
    const byResource = await root.send(r("lookupEvents", { key: "ResourceName", value: "/console/session" }));
    assert.ok((byResource.Events as unknown[]).length >= 2);
  });
});
