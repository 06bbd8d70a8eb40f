// SSM answers compared with responses recorded from real AWS: error body members, path-shaped names on reads,
// missing required members, and the Secrets Manager reference answer (ssm.md §2, §11; protocol.md §2.3, §4.1).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Sha256 } from "@aws-crypto/sha256-js";
import { CreateSecretCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import {
  GetParameterCommand,
  GetParameterHistoryCommand,
  UnlabelParameterVersionCommand,
  type SSMClient,
} from "@aws-sdk/client-ssm";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { rejectsWith } from "../helpers/assertions.js";
import { iamClient, ROOT_CREDS, secretsClient, ssmClient } from "../helpers/clients.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { ACCOUNT_ID, REGION, type TestServer } from "../helpers/server.js";
import { deniedText, newUser, userArn } from "./iam-support.js";
import { put } from "./ssm-support.js";

const GENERIC = `Parameter name: can't be prefixed with "ssm" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_`;

let server: TestServer;
let ssm: SSMClient;
let sm: SecretsManagerClient;
serverPerFile(async (started) => {
  server = started;
  ssm = ssmClient(server);
  sm = secretsClient(server);
  await put(ssm, { Name: "/compat/b/c", Value: "v", Type: "String" });
}, {}, { cleanup: () => { ssm?.destroy(); sm?.destroy(); } });

/** One signed JSON 1.1 call, answered as status + parsed body: what the wire carries, before any SDK reads it. */
async function raw(operation: string, body: unknown, credentials = ROOT_CREDS): Promise<{ status: number; body: Record<string, unknown> }> {
  const url = new URL(server.endpoint);
  const text = JSON.stringify(body);
  const signer = new SignatureV4({ credentials, region: REGION, service: "ssm", sha256: Sha256 });
  const req = new HttpRequest({
    method: "POST", protocol: "http:", hostname: url.hostname, port: Number(url.port), path: "/",
    headers: { host: url.host, "content-type": "application/x-amz-json-1.1", "x-amz-target": `AmazonSSM.${operation}` }, body: text,
  });
  const res = await fetch(url, { method: "POST", headers: (await signer.sign(req)).headers, body: text });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }; // JSON 1.1 always answers an object
}

describe("read operations apply the path rules of names", () => {
  // AWS answers GetParameter `/x//b//c` and `x/b/c` with the generic name ValidationException (localstack's
  // AWS-validated test_hierarchical_parameter), not ParameterNotFound.
  for (const name of ["/compat//b//c", "compat/b/c", "/compat/b/c/"]) {
    it(`GetParameter ${name} is a ValidationException`, async () => {
      await rejectsWith(ssm.send(new GetParameterCommand({ Name: name })), "ValidationException", GENERIC);
    });
  }
  it("GetParameterHistory, which names a parameter the same way, too", async () => {
    await rejectsWith(ssm.send(new GetParameterHistoryCommand({ Name: "/compat//b//c" })), "ValidationException", GENERIC);
  });
  it("the well-formed spelling still reads", async () => {
    assert.equal((await ssm.send(new GetParameterCommand({ Name: "/compat/b/c" }))).Parameter?.Value, "v");
  });
});

describe("error bodies", () => {
  it("a missing required member prints an unquoted null, as AWS's validator does", async () => {
    // The JS SDK validates nothing, so it sends the request without ParameterVersion.
    const input = { Name: "/compat/b/c", Labels: ["x"] } as unknown as ConstructorParameters<typeof UnlabelParameterVersionCommand>[0];
    await rejectsWith(ssm.send(new UnlabelParameterVersionCommand(input)), "ValidationException",
      "1 validation error detected: Value null at 'parameterVersion' failed to satisfy constraint: Member must not be null");
    const res = await raw("PutParameter", {});
    assert.equal(res.body["Message"],
      "2 validation errors detected: Value null at 'name' failed to satisfy constraint: Member must not be null; Value null at 'value' failed to satisfy constraint: Member must not be null");
  });

  it("SSM's AccessDeniedException carries `Message`, the member its model declares", async () => {
    const res = await raw("PutParameter", { Name: "/aws/compat/x", Value: "v", Type: "String" });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body, { __type: "AccessDeniedException", Message: "No access to reserved parameter name: /aws/compat/x." });
    await rejectsWith(put(ssm, { Name: "/aws/compat/x", Value: "v", Type: "String" }), "AccessDeniedException", "No access to reserved parameter name: /aws/compat/x.");
  });

  it("a policy denial (decided before the operation runs) carries `Message` too", async () => {
    const creds = await newUser(iamClient(server), "compat-nobody");
    const res = await raw("GetParameter", { Name: "/compat/b/c" }, creds);
    assert.equal(res.status, 400);
    assert.deepEqual(Object.keys(res.body).sort(), ["Message", "__type"]);
    assert.equal(res.body["__type"], "AccessDeniedException");
    assert.equal(res.body["Message"], deniedText(userArn("compat-nobody"), "ssm:GetParameter", `arn:aws:ssm:${REGION}:${ACCOUNT_ID}:parameter/compat/b/c`));
  });

  it("modelled errors keep their own member: ParameterNotFound `message`, InvalidNextToken `Message`", async () => {
    assert.deepEqual(Object.keys((await raw("GetParameter", { Name: "/compat/none" })).body).sort(), ["__type", "message"]);
    assert.deepEqual(Object.keys((await raw("GetParametersByPath", { Path: "/compat", NextToken: "x" })).body).sort(), ["Message", "__type"]);
  });
});

describe("/aws/reference/secretsmanager/ answers as AWS does", () => {
  it("no DataType, and SourceResult carries the secret as AWS serialises it", async () => {
    const created = await sm.send(new CreateSecretCommand({ Name: "compat/ref", SecretString: "s3cret" }));
    const p = (await ssm.send(new GetParameterCommand({ Name: "/aws/reference/secretsmanager/compat/ref", WithDecryption: true }))).Parameter;
    assert.ok(p);
    assert.equal(p.ARN, created.ARN);
    assert.equal(p.Version, 0);
    assert.equal("DataType" in p, false, "AWS sends no DataType for a reference");
    const source = JSON.parse(p.SourceResult ?? "{}") as Record<string, unknown>;
    assert.equal(source["ARN"], created.ARN);
    assert.equal(source["name"], "compat/ref");
    assert.equal(source["versionId"], created.VersionId);
    assert.equal(source["secretString"], "s3cret");
    assert.deepEqual(source["versionStages"], ["AWSCURRENT"]);
    // Java's default US date format in UTC, e.g. "Oct 14, 2021, 10:18:47 AM" (ICU puts U+202F before AM; Java 2021 a space).
    const expected = new Intl.DateTimeFormat("en-US", {
      month: "short", day: "numeric", year: "numeric", hour: "numeric", minute: "2-digit", second: "2-digit", hour12: true, timeZone: "UTC",
    }).format(p.LastModifiedDate).replace(/\s/gu, " ");
    assert.equal(source["createdDate"], expected);
  });
});
