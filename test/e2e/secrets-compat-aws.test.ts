// Secrets Manager responses checked member by member against responses recorded from real AWS (LocalStack's
// aws-validated snapshots, tests/aws/services/secretsmanager/test_secretsmanager.snapshot.json): label order,
// Tags after the last untag, requests without ClientRequestToken, and the never-rotated DescribeSecret shape.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CreateSecretCommand, DescribeSecretCommand, GetSecretValueCommand, ListSecretsCommand, ListSecretVersionIdsCommand, PutSecretValueCommand,
  RotateSecretCommand, SecretsManagerClient, TagResourceCommand, UntagResourceCommand, UpdateSecretCommand, UpdateSecretVersionStageCommand,
} from "@aws-sdk/client-secrets-manager";
import { HttpRequest } from "@smithy/protocol-http";
import { clientConfig, secretsClient } from "../helpers/clients.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { rejectsWith } from "../helpers/assertions.js";
import type { TestServer } from "../helpers/server.js";
import { lambdaArn } from "./secrets-support.js";

let server: TestServer;
let sm: SecretsManagerClient;

serverPerFile((s) => {
  server = s;
  sm = secretsClient(s);
});

const describe = (SecretId: string) => sm.send(new DescribeSecretCommand({ SecretId }));
const versionStages = async (SecretId: string): Promise<Record<string, string[] | undefined>> =>
  Object.fromEntries(((await sm.send(new ListSecretVersionIdsCommand({ SecretId }))).Versions ?? []).map((v) => [v.VersionId ?? "", v.VersionStages]));

test("VersionStages are listed sorted, whatever order they were given or attached in", async () => {
  const c = await sm.send(new CreateSecretCommand({ Name: "compat/stages", SecretString: "S0" }));
  const p1 = await sm.send(new PutSecretValueCommand({ SecretId: "compat/stages", SecretString: "S1", VersionStages: ["one", "two", "three"] }));
  assert.deepEqual(p1.VersionStages, ["one", "three", "two"]);
  assert.deepEqual(await versionStages("compat/stages"), { [c.VersionId ?? ""]: ["AWSCURRENT"], [p1.VersionId ?? ""]: ["one", "three", "two"] });
  const p2 = await sm.send(new PutSecretValueCommand({ SecretId: "compat/stages", SecretString: "S2", VersionStages: ["one", "two", "four"] }));
  assert.deepEqual(p2.VersionStages, ["four", "one", "two"]);
  assert.deepEqual(await versionStages("compat/stages"), { [c.VersionId ?? ""]: ["AWSCURRENT"], [p1.VersionId ?? ""]: ["three"], [p2.VersionId ?? ""]: ["four", "one", "two"] });
  const byId = await sm.send(new GetSecretValueCommand({ SecretId: "compat/stages", VersionId: p2.VersionId }));
  assert.deepEqual(byId.VersionStages, ["four", "one", "two"]);
  assert.deepEqual((await describe("compat/stages")).VersionIdsToStages?.[p2.VersionId ?? ""], ["four", "one", "two"]);
});

test("a rotation cycle by hand lists AWSCURRENT among the other labels in sorted order", async () => {
  const c = await sm.send(new CreateSecretCommand({ Name: "compat/cycle", SecretString: "S1" }));
  const p = await sm.send(new PutSecretValueCommand({ SecretId: "compat/cycle", SecretString: "S2", VersionStages: ["AWSSOMETHING", "AWSPENDING", "PUT1"] }));
  assert.deepEqual(p.VersionStages, ["AWSPENDING", "AWSSOMETHING", "PUT1"]);
  await sm.send(new UpdateSecretVersionStageCommand({ SecretId: "compat/cycle", VersionStage: "AWSCURRENT", RemoveFromVersionId: c.VersionId, MoveToVersionId: p.VersionId }));
  assert.deepEqual(await versionStages("compat/cycle"), { [c.VersionId ?? ""]: ["AWSPREVIOUS"], [p.VersionId ?? ""]: ["AWSCURRENT", "AWSPENDING", "AWSSOMETHING", "PUT1"] });
  const g = await sm.send(new GetSecretValueCommand({ SecretId: "compat/cycle" }));
  assert.deepEqual(g.VersionStages, ["AWSCURRENT", "AWSPENDING", "AWSSOMETHING", "PUT1"]);
  const p3 = await sm.send(new PutSecretValueCommand({ SecretId: "compat/cycle", SecretString: "S3", VersionStages: ["AWSPENDING", "PUT2"] }));
  await sm.send(new UpdateSecretVersionStageCommand({ SecretId: "compat/cycle", VersionStage: "AWSCURRENT", RemoveFromVersionId: p.VersionId, MoveToVersionId: p3.VersionId }));
  assert.deepEqual(await versionStages("compat/cycle"), { [p.VersionId ?? ""]: ["AWSPREVIOUS", "AWSSOMETHING", "PUT1"], [p3.VersionId ?? ""]: ["AWSCURRENT", "AWSPENDING", "PUT2"] });
});

test("Tags is absent until the secret is tagged and [] once its last tag is removed", async () => {
  await sm.send(new CreateSecretCommand({ Name: "compat/tags" }));
  assert.equal("Tags" in (await describe("compat/tags")), false);
  await sm.send(new TagResourceCommand({ SecretId: "compat/tags", Tags: [{ Key: "tag1", Value: "value1" }] }));
  assert.deepEqual((await describe("compat/tags")).Tags, [{ Key: "tag1", Value: "value1" }]);
  await sm.send(new UntagResourceCommand({ SecretId: "compat/tags", TagKeys: ["tag1"] }));
  assert.deepEqual((await describe("compat/tags")).Tags, []);
  const listed = (await sm.send(new ListSecretsCommand({ Filters: [{ Key: "name", Values: ["compat/tags"] }] }))).SecretList ?? [];
  assert.deepEqual(listed.map((s) => s.Tags), [[]]);
  await sm.send(new CreateSecretCommand({ Name: "compat/tags-on-create", Tags: [{ Key: "k", Value: "v" }] }));
  await sm.send(new UntagResourceCommand({ SecretId: "compat/tags-on-create", TagKeys: ["k"] }));
  assert.deepEqual((await describe("compat/tags-on-create")).Tags, []);
});

test("a never-rotated secret's DescribeSecret carries exactly AWS's members; LastAccessedDate is the UTC day", async () => {
  const c = await sm.send(new CreateSecretCommand({ Name: "compat/shape", SecretString: "v", Description: "d" }));
  const before = await describe("compat/shape");
  const { $metadata: _m, ...members } = before;
  assert.deepEqual(Object.keys(members).sort(), ["ARN", "CreatedDate", "Description", "LastChangedDate", "Name", "VersionIdsToStages"]);
  assert.match(c.ARN ?? "", /:secret:compat\/shape-[A-Za-z0-9]{6}$/);
  await sm.send(new GetSecretValueCommand({ SecretId: "compat/shape" }));
  const after = await describe("compat/shape");
  const today = new Date();
  assert.equal(after.LastAccessedDate?.getTime(), Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
});

/** A client whose requests leave out ClientRequestToken, as a raw HTTP caller may (SDKs always fill it in). */
function clientWithoutToken(): SecretsManagerClient {
  const client = new SecretsManagerClient(clientConfig(server));
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request;
      // The serialized JSON 1.1 body arrives as a string or as UTF-8 bytes, depending on the SDK version.
      const text = !HttpRequest.isInstance(request) ? undefined : typeof request.body === "string" ? request.body : request.body instanceof Uint8Array ? Buffer.from(request.body).toString("utf8") : undefined;
      if (HttpRequest.isInstance(request) && text !== undefined) {
        const body = JSON.parse(text) as Record<string, unknown>; // a JSON object: the operation's input
        delete body.ClientRequestToken;
        request.body = JSON.stringify(body);
        request.headers["content-length"] = String(Buffer.byteLength(request.body as string));
      }
      return next(args);
    },
    { step: "build", name: "stripClientRequestToken" },
  );
  return client;
}

test("without ClientRequestToken, value-writing calls are refused with AWS's text and change nothing", async () => {
  const raw = clientWithoutToken();
  try {
    const text = "You must provide a ClientRequestToken value. We recommend a UUID-type value.";
    await rejectsWith(raw.send(new CreateSecretCommand({ Name: "compat/notoken", SecretString: "s" })), "InvalidRequestException", text);
    await rejectsWith(sm.send(new DescribeSecretCommand({ SecretId: "compat/notoken" })), "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
    // AWS answers so before looking the secret up (the recorded calls named a secret that did not exist).
    await rejectsWith(raw.send(new PutSecretValueCommand({ SecretId: "compat/none", SecretString: "s" })), "InvalidRequestException", text);
    await rejectsWith(raw.send(new UpdateSecretCommand({ SecretId: "compat/none", SecretString: "s" })), "InvalidRequestException", text);
    await rejectsWith(raw.send(new RotateSecretCommand({ SecretId: "compat/none", RotationLambdaARN: lambdaArn("f") })), "InvalidParameterException", text);
    // Without a value no version is made, so no token is needed.
    const empty = await raw.send(new CreateSecretCommand({ Name: "compat/notoken-empty" }));
    assert.equal(empty.VersionId, undefined);
    await raw.send(new UpdateSecretCommand({ SecretId: "compat/notoken-empty", Description: "only metadata" }));
    assert.equal((await describe("compat/notoken-empty")).Description, "only metadata");
    assert.deepEqual(await versionStages("compat/notoken-empty"), {});
  } finally {
    raw.destroy();
  }
});
