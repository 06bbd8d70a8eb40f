// Parameter Store's /aws/reference/secretsmanager/ path backed by the real Secrets Manager (ssm.md §11): values,
// selectors (stage or version id), WithDecryption, missing/deleted secrets, and the caller's secret permissions.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { IAMClient } from "@aws-sdk/client-iam";
import {
  CreateSecretCommand, DeleteSecretCommand, PutSecretValueCommand, type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { GetParameterCommand, GetParametersCommand, type SSMClient } from "@aws-sdk/client-ssm";
import { iamClient, secretsClient, ssmClient } from "../helpers/clients.js";
import type { TestServer } from "../helpers/server.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { rejectsWith } from "../helpers/assertions.js";
import { allow, newUser, policy } from "./iam-support.js";

let server: TestServer;
let sm: SecretsManagerClient;
let ssm: SSMClient;
let iam: IAMClient;
let arn = "";
const V1 = "bbbbbbbb-0000-4000-8000-000000000001";
const V2 = "bbbbbbbb-0000-4000-8000-000000000002";
const REF = "/aws/reference/secretsmanager/ref/app/db";

serverPerFile(async (started) => {
  server = started;
  sm = secretsClient(server);
  ssm = ssmClient(server);
  iam = iamClient(server);
  arn = (await sm.send(new CreateSecretCommand({ Name: "ref/app/db", SecretString: '{"password":"one"}', ClientRequestToken: V1 }))).ARN ?? "";
  await sm.send(new PutSecretValueCommand({ SecretId: "ref/app/db", SecretString: '{"password":"two"}', ClientRequestToken: V2 }));
});

test("GetParameter on the reference path returns the AWSCURRENT value as a SecureString", async () => {
  const p = (await ssm.send(new GetParameterCommand({ Name: REF, WithDecryption: true }))).Parameter;
  assert.equal(p?.Name, REF);
  assert.equal(p?.Type, "SecureString");
  assert.equal(p?.Value, '{"password":"two"}');
  assert.equal(p?.ARN, arn);
  assert.equal(p?.Version, 0);
  const source = JSON.parse(p?.SourceResult ?? "{}") as Record<string, unknown>;
  assert.equal(source["ARN"], arn);
  assert.equal(source["VersionId"], V2);
  assert.deepEqual(source["VersionStages"], ["AWSCURRENT"]);
  assert.deepEqual(source["VersionIdsToStages"], { [V2]: ["AWSCURRENT"], [V1]: ["AWSPREVIOUS"] });
});

test("selectors pick a staging label or a version id", async () => {
  const prev = (await ssm.send(new GetParameterCommand({ Name: `${REF}:AWSPREVIOUS`, WithDecryption: true }))).Parameter;
  assert.equal(prev?.Value, '{"password":"one"}');
  assert.equal(prev?.Selector, ":AWSPREVIOUS");
  const byId = (await ssm.send(new GetParameterCommand({ Name: `${REF}:${V2}`, WithDecryption: true }))).Parameter;
  assert.equal(byId?.Value, '{"password":"two"}');
  await rejectsWith(
    ssm.send(new GetParameterCommand({ Name: `${REF}:NOLABEL`, WithDecryption: true })),
    "ParameterNotFound",
    `An error occurred (ParameterNotFound) when referencing Secrets Manager: Secret ${REF} not found.`,
  );
});

test("WithDecryption is required; missing and deleted secrets are ParameterNotFound", async () => {
  await rejectsWith(
    ssm.send(new GetParameterCommand({ Name: REF })),
    "ValidationException",
    "WithDecryption flag must be True for retrieving a Secret Manager secret.",
  );
  const missing = "/aws/reference/secretsmanager/ref/none";
  await rejectsWith(
    ssm.send(new GetParameterCommand({ Name: missing, WithDecryption: true })),
    "ParameterNotFound",
    `An error occurred (ParameterNotFound) when referencing Secrets Manager: Secret ${missing} not found.`,
  );
  await sm.send(new CreateSecretCommand({ Name: "ref/deleted", SecretString: "x" }));
  await sm.send(new DeleteSecretCommand({ SecretId: "ref/deleted" }));
  await rejectsWith(
    ssm.send(new GetParameterCommand({ Name: "/aws/reference/secretsmanager/ref/deleted", WithDecryption: true })),
    "ParameterNotFound",
    "An error occurred (ParameterNotFound) when referencing Secrets Manager: Secret /aws/reference/secretsmanager/ref/deleted not found.",
  );
  const both = await ssm.send(new GetParametersCommand({ Names: [REF, missing], WithDecryption: true }));
  assert.deepEqual(both.Parameters?.map((p) => p.Value), ['{"password":"two"}']);
  assert.deepEqual(both.InvalidParameters, [missing]);
});

test("the reference honours the caller's secretsmanager:GetSecretValue permission", async () => {
  const noSecret = ssmClient(server, await newUser(iam, "ref-nosecret", { policy: policy(allow(["ssm:GetParameter", "kms:Decrypt"])) }));
  await rejectsWith(
    noSecret.send(new GetParameterCommand({ Name: REF, WithDecryption: true })),
    "AccessDeniedException",
    /is not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:us-east-1:123456789012:secret:ref\/app\/db-[A-Za-z0-9]{6}/,
  );
  const reader = ssmClient(server, await newUser(iam, "ref-reader", { policy: policy(allow(["ssm:GetParameter", "kms:Decrypt", "secretsmanager:GetSecretValue"])) }));
  assert.equal((await reader.send(new GetParameterCommand({ Name: REF, WithDecryption: true }))).Parameter?.Value, '{"password":"two"}');
});
