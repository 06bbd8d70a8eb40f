// Who may do what with a secret (iam.md §5, §6.3): identity policies on the secret ARN, no existence oracle for
// callers without permission, KMS through Secrets Manager, resource policies granting and denying on their own.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { IAMClient } from "@aws-sdk/client-iam";
import {
  CreateSecretCommand, DescribeSecretCommand, GetResourcePolicyCommand, GetSecretValueCommand, ListSecretsCommand, PutResourcePolicyCommand,
  ValidateResourcePolicyCommand, type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { iamClient, secretsClient, type Creds } from "../helpers/clients.js";
import { ACCOUNT_ID, REGION, type TestServer } from "../helpers/server.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { rejectsWith } from "../helpers/assertions.js";
import { allow, deny, deniedText, explicitDenyText, newUser, policy, userArn } from "./iam-support.js";

let server: TestServer;
let root: SecretsManagerClient;
let iam: IAMClient;
let prodArn = "";
let devArn = "";

const secretArn = (name: string): string => `arn:aws:secretsmanager:${REGION}:${ACCOUNT_ID}:secret:${name}`;
const as = (creds: Creds): SecretsManagerClient => secretsClient(server, creds);
const GET = "secretsmanager:GetSecretValue";

serverPerFile(async (started) => {
  server = started;
  root = secretsClient(server);
  iam = iamClient(server);
  prodArn = (await root.send(new CreateSecretCommand({ Name: "prod/db", SecretString: "prod-value" }))).ARN ?? "";
  devArn = (await root.send(new CreateSecretCommand({ Name: "dev/db", SecretString: "dev-value" }))).ARN ?? "";
});

test("an identity policy on secret:prod/* grants prod secrets only; others are AccessDenied with AWS's text", async () => {
  const reader = as(await newUser(iam, "sm-reader", { policy: policy(allow(GET, "arn:aws:secretsmanager:*:*:secret:prod/*"), allow("kms:Decrypt")) }));
  const me = userArn("sm-reader");
  assert.equal((await reader.send(new GetSecretValueCommand({ SecretId: "prod/db" }))).SecretString, "prod-value");
  await rejectsWith(reader.send(new GetSecretValueCommand({ SecretId: "dev/db" })), "AccessDeniedException", deniedText(me, GET, devArn));
  await rejectsWith(reader.send(new GetSecretValueCommand({ SecretId: devArn })), "AccessDeniedException", deniedText(me, GET, devArn));
  // No existence oracle: a missing secret outside the grant is denied like an existing one.
  await rejectsWith(reader.send(new GetSecretValueCommand({ SecretId: "dev/missing" })), "AccessDeniedException", deniedText(me, GET, secretArn("dev/missing")));
  await rejectsWith(reader.send(new GetSecretValueCommand({ SecretId: "prod/missing" })), "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
  await rejectsWith(
    reader.send(new DescribeSecretCommand({ SecretId: "prod/db" })),
    "AccessDeniedException",
    deniedText(me, "secretsmanager:DescribeSecret", prodArn),
  );
  await rejectsWith(reader.send(new ListSecretsCommand({})), "AccessDeniedException", /^User: .* is not authorized to perform: secretsmanager:ListSecrets/);
});

test("reading without kms:Decrypt on the key is AccessDeniedException 'Access to KMS is not allowed'", async () => {
  const noKms = as(await newUser(iam, "sm-nokms", { policy: policy(allow(GET)) }));
  await rejectsWith(noKms.send(new GetSecretValueCommand({ SecretId: "prod/db" })), "AccessDeniedException", "Access to KMS is not allowed");
});

test("CreateSecret with Tags also needs secretsmanager:TagResource; a refused create leaves nothing", async () => {
  const creator = as(await newUser(iam, "sm-creator", { policy: policy(allow(["secretsmanager:CreateSecret", "secretsmanager:DescribeSecret", "kms:GenerateDataKey", "kms:Decrypt"])) }));
  await rejectsWith(
    creator.send(new CreateSecretCommand({ Name: "authz/tagged", SecretString: "x", Tags: [{ Key: "a", Value: "b" }] })),
    "AccessDeniedException",
    new RegExp(`^User: ${userArn("sm-creator")} is not authorized to perform: secretsmanager:TagResource on resource: ${secretArn("authz/tagged")}-[A-Za-z0-9]{6} because no identity-based policy allows`),
  );
  await rejectsWith(root.send(new DescribeSecretCommand({ SecretId: "authz/tagged" })), "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
  const made = await creator.send(new CreateSecretCommand({ Name: "authz/plain", SecretString: "x" }));
  assert.match(made.ARN ?? "", /authz\/plain-[A-Za-z0-9]{6}$/);
  const noKey = as(await newUser(iam, "sm-creator-nokms", { policy: policy(allow("secretsmanager:CreateSecret")) }));
  await rejectsWith(noKey.send(new CreateSecretCommand({ Name: "authz/nokey", SecretString: "x" })), "AccessDeniedException", "Access to KMS is not allowed");
  await rejectsWith(root.send(new DescribeSecretCommand({ SecretId: "authz/nokey" })), "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
});

test("a resource policy grants a user on its own and its explicit deny beats an identity allow", async () => {
  const creds = await newUser(iam, "sm-guest", { policy: policy(allow("kms:Decrypt")) });
  const guest = as(creds);
  const me = userArn("sm-guest");
  await rejectsWith(guest.send(new GetSecretValueCommand({ SecretId: "dev/db" })), "AccessDeniedException", deniedText(me, GET, devArn));
  await root.send(new PutResourcePolicyCommand({
    SecretId: "dev/db",
    ResourcePolicy: policy({ Effect: "Allow", Principal: { AWS: me }, Action: GET, Resource: "*" }, { ...deny(GET), Principal: { AWS: userArn("sm-denied") } }),
  }));
  assert.equal((await guest.send(new GetSecretValueCommand({ SecretId: "dev/db" }))).SecretString, "dev-value");
  const denied = as(await newUser(iam, "sm-denied", { policy: policy(allow(GET), allow("kms:Decrypt")) }));
  await rejectsWith(
    denied.send(new GetSecretValueCommand({ SecretId: "dev/db" })),
    "AccessDeniedException",
    explicitDenyText(userArn("sm-denied"), GET, devArn, "a resource-based"),
  );
  assert.equal((await denied.send(new GetSecretValueCommand({ SecretId: "prod/db" }))).SecretString, "prod-value", "other secrets unaffected");
});

test("ListSecrets is granted only by a statement on *", async () => {
  const narrow = as(await newUser(iam, "sm-lister-narrow", { policy: policy(allow("secretsmanager:ListSecrets", "arn:aws:secretsmanager:*:*:secret:*")) }));
  await rejectsWith(narrow.send(new ListSecretsCommand({})), "AccessDeniedException", /secretsmanager:ListSecrets/);
  const lister = as(await newUser(iam, "sm-lister", { policy: policy(allow("secretsmanager:ListSecrets")) }));
  const names = ((await lister.send(new ListSecretsCommand({}))).SecretList ?? []).map((s) => s.Name);
  assert.ok(names.includes("prod/db") && names.includes("dev/db"));
});

test("ValidateResourcePolicy also needs secretsmanager:PutResourcePolicy (API reference), on the secret or on *", async () => {
  const doc = policy({ ...allow(GET), Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` } });
  const VALIDATE = "secretsmanager:ValidateResourcePolicy";
  const PUT = "secretsmanager:PutResourcePolicy";
  const only = as(await newUser(iam, "sm-validate-only", { policy: policy(allow(VALIDATE)) }));
  const me = userArn("sm-validate-only");
  await rejectsWith(only.send(new ValidateResourcePolicyCommand({ SecretId: "prod/db", ResourcePolicy: doc })), "AccessDeniedException", deniedText(me, PUT, prodArn));
  await rejectsWith(only.send(new ValidateResourcePolicyCommand({ ResourcePolicy: doc })), "AccessDeniedException", deniedText(me, PUT, "*"));
  const both = as(await newUser(iam, "sm-validate-both", { policy: policy(allow([VALIDATE, PUT])) }));
  const out = await both.send(new ValidateResourcePolicyCommand({ SecretId: "prod/db", ResourcePolicy: doc }));
  assert.deepEqual({ passed: out.PolicyValidationPassed, errors: out.ValidationErrors }, { passed: true, errors: [] });
  assert.equal((await root.send(new GetResourcePolicyCommand({ SecretId: "prod/db" }))).ResourcePolicy, undefined, "validating attaches nothing");
});
