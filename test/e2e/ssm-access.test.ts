// Who may do what to parameters (iam.md §6.1, §8) and the Secrets Manager reference path with a real secret (ssm.md §11).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand, type IAMClient } from "@aws-sdk/client-iam";
import { CreateAliasCommand, CreateKeyCommand, type KMSClient } from "@aws-sdk/client-kms";
import { CreateSecretCommand, PutSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import {
  DescribeParametersCommand,
  GetParameterCommand,
  GetParameterHistoryCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  ListTagsForResourceCommand,
  type SSMClient,
} from "@aws-sdk/client-ssm";
import { iamClient, kmsClient, secretsClient, ssmClient, type Creds } from "../helpers/clients.js";
import { ACCOUNT_ID, REGION, type TestServer } from "../helpers/server.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { rejectsWith } from "../helpers/assertions.js";
import { put } from "./ssm-support.js";

const arn = (name: string): string => `arn:aws:ssm:${REGION}:${ACCOUNT_ID}:parameter/${name.replace(/^\//, "")}`;
const userArn = (name: string): string => `arn:aws:iam::${ACCOUNT_ID}:user/${name}`;
const denied = (user: string, action: string, resource: string): string =>
  `User: ${userArn(user)} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;

let server: TestServer;
let root: SSMClient;
let iam: IAMClient;
let kms: KMSClient;
let keyArn = "";
const clients: SSMClient[] = [];

serverPerFile(async (started) => {
  server = started;
  root = ssmClient(server);
  iam = iamClient(server);
  kms = kmsClient(server);
  const key = await kms.send(new CreateKeyCommand({ Description: "team key" }));
  keyArn = key.KeyMetadata?.Arn ?? "";
  await kms.send(new CreateAliasCommand({ AliasName: "alias/team", TargetKeyId: key.KeyMetadata?.KeyId }));
  await put(root, { Name: "/team/staging/user", Value: "worker", Type: "String" });
  await put(root, { Name: "/team/staging/password", Value: "s3cret", Type: "SecureString", KeyId: "alias/team" });
  await put(root, { Name: "/team/production/user", Value: "prod", Type: "String" });
}, {}, {
  cleanup: () => {
    for (const c of [root, ...clients]) c?.destroy();
    iam?.destroy();
    kms?.destroy();
  },
});

/** A new IAM user with one inline policy, as an SSM client. */
async function userWith(name: string, statements: unknown[]): Promise<SSMClient> {
  await iam.send(new CreateUserCommand({ UserName: name }));
  await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: "p", PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: statements }) }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey;
  const creds: Creds = { accessKeyId: key?.AccessKeyId ?? "", secretAccessKey: key?.SecretAccessKey ?? "" };
  const c = ssmClient(server, creds);
  clients.push(c);
  return c;
}

describe("authorization per action and resource", () => {
  it("GetParameters is checked on each name; a denied one fails the call, naming it", async () => {
    const ssm = await userWith("reader", [{ Effect: "Allow", Action: "ssm:GetParameters", Resource: "arn:aws:ssm:*:*:parameter/team/staging/*" }]);
    const ok = await ssm.send(new GetParametersCommand({ Names: ["/team/staging/user"] }));
    assert.equal(ok.Parameters?.[0]?.Value, "worker");
    await rejectsWith(ssm.send(new GetParametersCommand({ Names: ["/team/staging/user", "/team/production/user"] })), "AccessDeniedException", denied("reader", "ssm:GetParameters", arn("/team/production/user")));
    await rejectsWith(ssm.send(new GetParameterCommand({ Name: "/team/staging/user" })), "AccessDeniedException", denied("reader", "ssm:GetParameter", arn("/team/staging/user")));
  });

  it("decryption needs kms:Decrypt on the key: SSM wraps KMS's refusal", async () => {
    const ssm = await userWith("no-decrypt", [{ Effect: "Allow", Action: "ssm:GetParameter*", Resource: "*" }]);
    assert.notEqual((await ssm.send(new GetParameterCommand({ Name: "/team/staging/password" }))).Parameter?.Value, "s3cret");
    await rejectsWith(
      ssm.send(new GetParameterCommand({ Name: "/team/staging/password", WithDecryption: true })),
      "AccessDeniedException",
      new RegExp(`^${escape(denied("no-decrypt", "kms:Decrypt", keyArn))} \\(Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException; Request ID: [0-9a-f-]{36}\\)$`),
    );
    await rejectsWith(ssm.send(new GetParameterHistoryCommand({ Name: "/team/staging/password", WithDecryption: true })), "AccessDeniedException", /kms:Decrypt/);
  });

  it("GetParametersByPath is checked on the path as sent, not on each parameter", async () => {
    const ssm = await userWith("lister", [
      { Effect: "Allow", Action: "ssm:GetParametersByPath", Resource: "arn:aws:ssm:*:*:parameter/team/staging" },
      { Effect: "Deny", Action: "ssm:GetParameter", Resource: "*" },
    ]);
    const r = await ssm.send(new GetParametersByPathCommand({ Path: "/team/staging" }));
    assert.deepEqual(r.Parameters?.map((p) => p.Name), ["/team/staging/password", "/team/staging/user"]);
    await rejectsWith(ssm.send(new GetParametersByPathCommand({ Path: "/team/staging/" })), "AccessDeniedException", denied("lister", "ssm:GetParametersByPath", `${arn("/team/staging")}/`));
  });

  it("DescribeParameters is authorised on * (the message names the account's SSM, iam.md §8)", async () => {
    const ssm = await userWith("describer", [{ Effect: "Allow", Action: "ssm:DescribeParameters", Resource: arn("/team/*") }]);
    await rejectsWith(ssm.send(new DescribeParametersCommand({})), "AccessDeniedException", denied("describer", "ssm:DescribeParameters", `arn:aws:ssm:${REGION}:${ACCOUNT_ID}:*`));
  });

  it("PutParameter: ssm:Overwrite condition, and tags need ssm:AddTagsToResource", async () => {
    const ssm = await userWith("writer", [
      { Effect: "Allow", Action: "ssm:PutParameter", Resource: "*" },
      { Effect: "Deny", Action: "ssm:PutParameter", Resource: "*", Condition: { StringEquals: { "ssm:Overwrite": ["true"] } } },
    ]);
    assert.equal((await put(ssm, { Name: "/team/new", Value: "a", Type: "String" })).Version, 1);
    await rejectsWith(
      put(ssm, { Name: "/team/new", Value: "b", Type: "String", Overwrite: true }),
      "AccessDeniedException",
      `User: ${userArn("writer")} is not authorized to perform: ssm:PutParameter on resource: ${arn("/team/new")} with an explicit deny in an identity-based policy`,
    );
    await rejectsWith(put(ssm, { Name: "/team/tagged", Value: "a", Type: "String", Tags: [{ Key: "k", Value: "v" }] }), "AccessDeniedException", denied("writer", "ssm:AddTagsToResource", arn("/team/tagged")));
    await rejectsWith(root.send(new ListTagsForResourceCommand({ ResourceType: "Parameter", ResourceId: "/team/tagged" })), "InvalidResourceId", "Invalid Resource Id");
    assert.equal((await root.send(new GetParameterCommand({ Name: "/team/new" }))).Parameter?.Value, "a");
  });

  it("LastModifiedUser is the writer's ARN", async () => {
    const d = await root.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "Name", Values: ["/team/new"] }] }));
    assert.equal(d.Parameters?.[0]?.LastModifiedUser, userArn("writer"));
  });
});

describe("/aws/reference/secretsmanager with a real secret", () => {
  let sm: SecretsManagerClient;
  let secretArn = "";
  before(async () => {
    sm = secretsClient(server);
    secretArn = (await sm.send(new CreateSecretCommand({ Name: "prod/db", SecretString: '{"password":"one"}' }))).ARN ?? "";
    await sm.send(new PutSecretValueCommand({ SecretId: "prod/db", SecretString: '{"password":"two"}' }));
  });
  after(() => sm?.destroy());

  it("reads the current value as a SecureString parameter named by the reference path", async () => {
    const p = (await root.send(new GetParameterCommand({ Name: "/aws/reference/secretsmanager/prod/db", WithDecryption: true }))).Parameter;
    assert.deepEqual([p?.Name, p?.Type, p?.Value, p?.Version, p?.ARN, p?.Selector], ["/aws/reference/secretsmanager/prod/db", "SecureString", '{"password":"two"}', 0, secretArn, undefined]);
    const source = JSON.parse(p?.SourceResult ?? "{}") as Record<string, unknown>;
    assert.equal(source["ARN"], secretArn);
    assert.equal(source["Name"], "prod/db");
    assert.deepEqual(source["VersionStages"], ["AWSCURRENT"]);
    assert.equal(Object.keys(source["VersionIdsToStages"] as object).length, 2);
  });
  it("a staging label selects a version", async () => {
    const p = (await root.send(new GetParameterCommand({ Name: "/aws/reference/secretsmanager/prod/db:AWSPREVIOUS", WithDecryption: true }))).Parameter;
    assert.equal(p?.Value, '{"password":"one"}');
    assert.equal(p?.Selector, ":AWSPREVIOUS");
  });
  it("GetParameters mixes references and parameters", async () => {
    const r = await root.send(new GetParametersCommand({ Names: ["/aws/reference/secretsmanager/prod/db", "/team/staging/user", "/aws/reference/secretsmanager/none"], WithDecryption: true }));
    assert.deepEqual(r.Parameters?.map((p) => p.Name), ["/aws/reference/secretsmanager/prod/db", "/team/staging/user"]);
    assert.deepEqual(r.InvalidParameters, ["/aws/reference/secretsmanager/none"]);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
