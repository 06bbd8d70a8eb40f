// AssumeRole end to end: trust + identity policies, session limits, session policies, revocation (iam.md §10).
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  CreateRoleCommand, DeleteRoleCommand, DeleteRolePolicyCommand, GetRoleCommand, PutRolePolicyCommand, type IAMClient,
} from "@aws-sdk/client-iam";
import { AssumeRoleCommand, GetCallerIdentityCommand, type STSClient } from "@aws-sdk/client-sts";
import { GetParameterCommand, PutParameterCommand, type SSMClient } from "@aws-sdk/client-ssm";
import { iamClient, ssmClient, stsClient, type Creds } from "../helpers/clients.js";
import { ACCOUNT_ID, REGION, type TestServer } from "../helpers/server.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { expectError } from "../helpers/assertions.js";
import { allow, assume, deniedText, deny, policy, ROOT_ARN, roleArn, sessionArn, trust, userArn, newUser } from "./iam-support.js";

let server: TestServer;
let iam: IAMClient;
let deployer: Creds;
let outsider: Creds;
const APP_ROLE = roleArn("app", "/projectA/production/");
const paramArn = (name: string): string => `arn:aws:ssm:${REGION}:${ACCOUNT_ID}:parameter/${name}`;

serverPerFile(async (started) => {
  server = started;
  iam = iamClient(server);
  await iam.send(new CreateRoleCommand({ RoleName: "app", Path: "/projectA/production/", AssumeRolePolicyDocument: trust(ROOT_ARN) }));
  await iam.send(new PutRolePolicyCommand({ RoleName: "app", PolicyName: "read", PolicyDocument: policy(allow("ssm:GetParameter*", `arn:aws:ssm:*:*:parameter/app/*`)) }));
  deployer = await newUser(iam, "deployer", { policy: policy(allow("sts:AssumeRole", APP_ROLE)) });
  outsider = await newUser(iam, "outsider");
  const ssm = ssmClient(server);
  for (const n of ["/app/one", "/app/two", "/other/x"]) await ssm.send(new PutParameterCommand({ Name: n, Value: `v-${n}`, Type: "String" }));
});

const sts = (c?: Creds): STSClient => stsClient(server, c);
const ssm = (c?: Creds): SSMClient => ssmClient(server, c);

test("root credentials may not assume a role (AccessDenied 403)", async () => {
  await expectError(sts().send(new AssumeRoleCommand({ RoleArn: APP_ROLE, RoleSessionName: "root-try" })), {
    name: "AccessDenied", message: "Roles may not be assumed by root accounts.", status: 403,
  });
});

test("a user with sts:AssumeRole gets ASIA credentials, a token, an expiry and the path-less session ARN", async () => {
  const before = Date.now();
  const out = await sts(deployer).send(new AssumeRoleCommand({ RoleArn: APP_ROLE, RoleSessionName: "projectA-ec2", DurationSeconds: 900 }));
  const c = out.Credentials;
  assert.ok(c);
  assert.match(c.AccessKeyId ?? "", /^ASIA[A-Z0-9]{16}$/);
  assert.equal(c.SecretAccessKey?.length, 40);
  assert.match(c.SessionToken ?? "", /^FQoGZXIvYXdzE/);
  const expires = c.Expiration?.getTime() ?? 0;
  assert.ok(expires > before + 890_000 && expires <= Date.now() + 900_000, `expiry ${c.Expiration?.toISOString()}`);
  const roleId = (await iam.send(new GetRoleCommand({ RoleName: "app" }))).Role?.RoleId;
  assert.equal(out.AssumedRoleUser?.AssumedRoleId, `${roleId}:projectA-ec2`);
  assert.equal(out.AssumedRoleUser?.Arn, sessionArn("app", "projectA-ec2"));
  const session = { accessKeyId: c.AccessKeyId ?? "", secretAccessKey: c.SecretAccessKey ?? "", sessionToken: c.SessionToken ?? "" };
  const me = await sts(session).send(new GetCallerIdentityCommand({}));
  assert.deepEqual([me.UserId, me.Account, me.Arn], [`${roleId}:projectA-ec2`, ACCOUNT_ID, sessionArn("app", "projectA-ec2")]);
});

test("the session has the role's permissions, named by its session ARN when denied", async () => {
  const session = await assume(sts(deployer), APP_ROLE, "reader");
  const got = await ssm(session).send(new GetParameterCommand({ Name: "/app/one" }));
  assert.equal(got.Parameter?.Value, "v-/app/one");
  await expectError(ssm(session).send(new GetParameterCommand({ Name: "/other/x" })), {
    name: "AccessDeniedException", message: deniedText(sessionArn("app", "reader"), "ssm:GetParameter", paramArn("other/x")), status: 400,
  });
});

test("without an identity policy, or for a missing role, AssumeRole is the same AccessDenied", async () => {
  await expectError(sts(outsider).send(new AssumeRoleCommand({ RoleArn: APP_ROLE, RoleSessionName: "s1" })), {
    name: "AccessDenied", message: `User: ${userArn("outsider")} is not authorized to perform: sts:AssumeRole on resource: ${APP_ROLE}`, status: 403,
  });
  const missing = roleArn("no-such-role");
  await expectError(sts(outsider).send(new AssumeRoleCommand({ RoleArn: missing, RoleSessionName: "s1" })), {
    name: "AccessDenied", message: `User: ${userArn("outsider")} is not authorized to perform: sts:AssumeRole on resource: ${missing}`, status: 403,
  });
  await expectError(sts(deployer).send(new AssumeRoleCommand({ RoleArn: roleArn("app"), RoleSessionName: "s1" })), {
    name: "AccessDenied", message: `User: ${userArn("deployer")} is not authorized to perform: sts:AssumeRole on resource: ${roleArn("app")}`, status: 403,
  });
});

test("a trust policy naming the user directly needs no identity policy; an explicit deny still wins", async () => {
  await iam.send(new CreateRoleCommand({ RoleName: "direct", AssumeRolePolicyDocument: trust(userArn("outsider")) }));
  const s = await assume(sts(outsider), roleArn("direct"), "direct-session");
  assert.equal((await sts(s).send(new GetCallerIdentityCommand({}))).Arn, sessionArn("direct", "direct-session"));
  const denied = await newUser(iam, "denied", { policy: policy(deny("sts:AssumeRole")) });
  await iam.send(new CreateRoleCommand({ RoleName: "direct2", AssumeRolePolicyDocument: trust(userArn("denied")) }));
  await expectError(sts(denied).send(new AssumeRoleCommand({ RoleArn: roleArn("direct2"), RoleSessionName: "x1" })), {
    name: "AccessDenied", message: `User: ${userArn("denied")} is not authorized to perform: sts:AssumeRole on resource: ${roleArn("direct2")}`, status: 403,
  });
});

test("trust conditions see sts:ExternalId", async () => {
  await iam.send(new CreateRoleCommand({
    RoleName: "external", AssumeRolePolicyDocument: trust(userArn("outsider"), { Condition: { StringEquals: { "sts:ExternalId": "the-secret-id" } } }),
  }));
  await expectError(sts(outsider).send(new AssumeRoleCommand({ RoleArn: roleArn("external"), RoleSessionName: "e1" })), { name: "AccessDenied", message: /sts:AssumeRole/, status: 403 });
  const ok = await sts(outsider).send(new AssumeRoleCommand({ RoleArn: roleArn("external"), RoleSessionName: "e1", ExternalId: "the-secret-id" }));
  assert.ok(ok.Credentials?.AccessKeyId);
});

test("DurationSeconds: model range, the role's MaxSessionDuration, the one-hour chaining limit", async () => {
  await expectError(sts(deployer).send(new AssumeRoleCommand({ RoleArn: APP_ROLE, RoleSessionName: "d1", DurationSeconds: 899 })), {
    name: "ValidationError",
    message: "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    status: 400,
  });
  await expectError(sts(deployer).send(new AssumeRoleCommand({ RoleArn: APP_ROLE, RoleSessionName: "d1", DurationSeconds: 7200 })), {
    name: "ValidationError", message: "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", status: 400,
  });
  await iam.send(new CreateRoleCommand({ RoleName: "chained", MaxSessionDuration: 43200, AssumeRolePolicyDocument: trust(roleArn("app", "/projectA/production/")) }));
  const first = await assume(sts(deployer), APP_ROLE, "first");
  await expectError(sts(first).send(new AssumeRoleCommand({ RoleArn: roleArn("chained"), RoleSessionName: "second", DurationSeconds: 7200 })), {
    name: "ValidationError", message: "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.", status: 400,
  });
  const second = await assume(sts(first), roleArn("chained"), "second");
  assert.equal((await sts(second).send(new GetCallerIdentityCommand({}))).Arn, sessionArn("chained", "second"));
});

test("RoleSessionName longer than 64 characters fails with AWS's validation text", async () => {
  const name = "x".repeat(65);
  await expectError(sts(deployer).send(new AssumeRoleCommand({ RoleArn: APP_ROLE, RoleSessionName: name })), {
    name: "ValidationError",
    message: `1 validation error detected: Value '${name}' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64`,
    status: 400,
  });
});

test("a session policy narrows the role's permissions and the denial names the session policy", async () => {
  const narrowed = await assume(sts(deployer), APP_ROLE, "narrow", { Policy: policy(allow("ssm:GetParameter", "arn:aws:ssm:*:*:parameter/app/one")) });
  assert.equal((await ssm(narrowed).send(new GetParameterCommand({ Name: "/app/one" }))).Parameter?.Value, "v-/app/one");
  await expectError(ssm(narrowed).send(new GetParameterCommand({ Name: "/app/two" })), {
    name: "AccessDeniedException", message: deniedText(sessionArn("app", "narrow"), "ssm:GetParameter", paramArn("app/two"), "session"), status: 400,
  });
  await expectError(sts(deployer).send(new AssumeRoleCommand({ RoleArn: APP_ROLE, RoleSessionName: "bad", Policy: "{nope" })), {
    name: "MalformedPolicyDocumentException", message: "Syntax errors in policy.", status: 400,
  });
  const out = await sts(deployer).send(new AssumeRoleCommand({ RoleArn: APP_ROLE, RoleSessionName: "sized", Policy: policy(allow("ssm:GetParameter")) }));
  assert.ok((out.PackedPolicySize ?? 0) > 0);
});

test("forged or missing session tokens are refused as invalid tokens", async () => {
  const s = await assume(sts(deployer), APP_ROLE, "forge");
  const forged = { ...s, sessionToken: `${s.sessionToken?.slice(0, -4)}AAAA` };
  await expectError(ssm(forged).send(new GetParameterCommand({ Name: "/app/one" })), {
    name: "UnrecognizedClientException", message: "The security token included in the request is invalid.", status: 400,
  });
  await expectError(sts(forged).send(new GetCallerIdentityCommand({})), {
    name: "InvalidClientTokenId", message: "The security token included in the request is invalid.", status: 403,
  });
  const { sessionToken: _dropped, ...noToken } = s;
  await expectError(ssm(noToken).send(new GetParameterCommand({ Name: "/app/one" })), { name: "UnrecognizedClientException", message: /invalid/, status: 400 });
});

test("deleting the role ends its sessions at once", async () => {
  await iam.send(new CreateRoleCommand({ RoleName: "doomed", AssumeRolePolicyDocument: trust(userArn("outsider")) }));
  await iam.send(new PutRolePolicyCommand({ RoleName: "doomed", PolicyName: "p", PolicyDocument: policy(allow("ssm:GetParameter")) }));
  const s = await assume(sts(outsider), roleArn("doomed"), "last");
  assert.equal((await ssm(s).send(new GetParameterCommand({ Name: "/other/x" }))).Parameter?.Value, "v-/other/x");
  await iam.send(new DeleteRolePolicyCommand({ RoleName: "doomed", PolicyName: "p" }));
  await iam.send(new DeleteRoleCommand({ RoleName: "doomed" }));
  await expectError(ssm(s).send(new GetParameterCommand({ Name: "/other/x" })), {
    name: "UnrecognizedClientException", message: "The security token included in the request is invalid.", status: 400,
  });
  // A new role of the same name does not revive the old sessions.
  await iam.send(new CreateRoleCommand({ RoleName: "doomed", AssumeRolePolicyDocument: trust(userArn("outsider")) }));
  await expectError(sts(s).send(new GetCallerIdentityCommand({})), { name: "InvalidClientTokenId", message: /invalid/, status: 403 });
});

test("a role's permission changes apply to live sessions at once", async () => {
  const s = await assume(sts(deployer), APP_ROLE, "live");
  await iam.send(new PutRolePolicyCommand({ RoleName: "app", PolicyName: "deny-two", PolicyDocument: policy(deny("ssm:GetParameter", "arn:aws:ssm:*:*:parameter/app/two")) }));
  await expectError(ssm(s).send(new GetParameterCommand({ Name: "/app/two" })), {
    name: "AccessDeniedException",
    message: `User: ${sessionArn("app", "live")} is not authorized to perform: ssm:GetParameter on resource: ${paramArn("app/two")} with an explicit deny in an identity-based policy`,
    status: 400,
  });
  await iam.send(new DeleteRolePolicyCommand({ RoleName: "app", PolicyName: "deny-two" }));
  assert.equal((await ssm(s).send(new GetParameterCommand({ Name: "/app/two" }))).Parameter?.Value, "v-/app/two");
});
