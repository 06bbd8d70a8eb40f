// Least privilege on every call: users, group members, conditions, policy variables, revoked keys (iam.md §4, §5, §8).
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  AttachGroupPolicyCommand, CreateAccessKeyCommand, CreateGroupCommand, CreatePolicyCommand, CreateRoleCommand, CreateUserCommand,
  DeleteAccessKeyCommand, DeleteUserPolicyCommand, GetUserCommand, ListAccessKeysCommand, ListRolesCommand, ListUsersCommand,
  PutGroupPolicyCommand, PutUserPolicyCommand, TagUserCommand, UpdateAccessKeyCommand, type IAMClient,
} from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { DescribeParametersCommand, GetParameterCommand, PutParameterCommand, type SSMClient } from "@aws-sdk/client-ssm";
import { iamClient, ssmClient, stsClient, type Creds } from "../helpers/clients.js";
import { ACCOUNT_ID, REGION, type TestServer } from "../helpers/server.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { expectError } from "../helpers/assertions.js";
import { allow, deniedText, deny, explicitDenyText, newUser, policy, ROOT_ARN, trust, userArn } from "./iam-support.js";

let server: TestServer;
let iam: IAMClient;
const paramArn = (name: string): string => `arn:aws:ssm:${REGION}:${ACCOUNT_ID}:parameter/${name}`;
const ssm = (c?: Creds): SSMClient => ssmClient(server, c);
const get = (c: Creds, name: string) => ssm(c).send(new GetParameterCommand({ Name: name }));

serverPerFile(async (started) => {
  server = started;
  iam = iamClient(server);
  for (const n of ["/team/a", "/team/b", "/users/alice/db", "/users/bob/db", "/open"]) {
    await ssm().send(new PutParameterCommand({ Name: n, Value: `v:${n}`, Type: "String" }));
  }
});

test("a user without policies is denied with the exact AccessDenied text on JSON and Query services", async () => {
  const c = await newUser(iam, "nobody");
  await expectError(get(c, "/open"), { name: "AccessDeniedException", message: deniedText(userArn("nobody"), "ssm:GetParameter", paramArn("open")), status: 400 });
  await expectError(ssm(c).send(new DescribeParametersCommand({})), {
    name: "AccessDeniedException", message: deniedText(userArn("nobody"), "ssm:DescribeParameters", `arn:aws:ssm:${REGION}:${ACCOUNT_ID}:*`), status: 400,
  });
  await expectError(iamClient(server, c).send(new ListUsersCommand({})), {
    name: "AccessDenied", message: deniedText(userArn("nobody"), "iam:ListUsers", "*"), status: 403,
  });
  await expectError(iamClient(server, c).send(new GetUserCommand({ UserName: "nobody" })), {
    name: "AccessDenied", message: deniedText(userArn("nobody"), "iam:GetUser", userArn("nobody")), status: 403,
  });
  // Denied before existence is revealed: an unknown user is named with the default path.
  await expectError(iamClient(server, c).send(new GetUserCommand({ UserName: "ghost" })), {
    name: "AccessDenied", message: deniedText(userArn("nobody"), "iam:GetUser", userArn("ghost")), status: 403,
  });
});

test("every kind of IAM change is refused to a user without IAM permissions, and nothing changes", async () => {
  const c = await newUser(iam, "mallory");
  const m = iamClient(server, c);
  // Thunks: each call starts only when awaited, so no rejection goes unhandled.
  const attempts: [() => Promise<unknown>, string, string][] = [
    [() => m.send(new CreateUserCommand({ UserName: "mallory2" })), "iam:CreateUser", userArn("mallory2")],
    [() => m.send(new PutUserPolicyCommand({ UserName: "mallory", PolicyName: "root", PolicyDocument: policy(allow("*")) })), "iam:PutUserPolicy", userArn("mallory")],
    [() => m.send(new CreatePolicyCommand({ PolicyName: "Admin", PolicyDocument: policy(allow("*")) })), "iam:CreatePolicy", `arn:aws:iam::${ACCOUNT_ID}:policy/Admin`],
    [() => m.send(new CreateRoleCommand({ RoleName: "escape", AssumeRolePolicyDocument: trust(ROOT_ARN) })), "iam:CreateRole", `arn:aws:iam::${ACCOUNT_ID}:role/escape`],
    [() => m.send(new CreateGroupCommand({ GroupName: "admins" })), "iam:CreateGroup", `arn:aws:iam::${ACCOUNT_ID}:group/admins`],
    [() => m.send(new CreateAccessKeyCommand({ UserName: "nobody" })), "iam:CreateAccessKey", userArn("nobody")],
    [() => m.send(new TagUserCommand({ UserName: "mallory", Tags: [{ Key: "admin", Value: "true" }] })), "iam:TagUser", userArn("mallory")],
    [() => m.send(new ListRolesCommand({})), "iam:ListRoles", "*"],
  ];
  for (const [call, action, resource] of attempts) {
    await expectError(call(), { name: "AccessDenied", message: deniedText(userArn("mallory"), action, resource), status: 403 });
  }
  await expectError(get(c, "/open"), { name: "AccessDeniedException", message: /not authorized/, status: 400 });
  const users = await iam.send(new ListUsersCommand({}));
  assert.ok(!(users.Users ?? []).some((u) => u.UserName === "mallory2"));
});

test("group members get the group's inline and attached policies; an explicit deny in any of them wins", async () => {
  await iam.send(new CreateGroupCommand({ GroupName: "team" }));
  await iam.send(new PutGroupPolicyCommand({ GroupName: "team", PolicyName: "read-a", PolicyDocument: policy(allow("ssm:GetParameter", "arn:aws:ssm:*:*:parameter/team/a")) }));
  const arn = (await iam.send(new CreatePolicyCommand({ PolicyName: "TeamB", PolicyDocument: policy(allow("ssm:GetParameter", "arn:aws:ssm:*:*:parameter/team/b")) }))).Policy?.Arn;
  await iam.send(new AttachGroupPolicyCommand({ GroupName: "team", PolicyArn: arn }));
  const member = await newUser(iam, "member", { groups: ["team"] });
  assert.equal((await get(member, "/team/a")).Parameter?.Value, "v:/team/a");
  assert.equal((await get(member, "/team/b")).Parameter?.Value, "v:/team/b");
  await iam.send(new PutUserPolicyCommand({ UserName: "member", PolicyName: "no-b", PolicyDocument: policy(deny("ssm:Get*", "arn:aws:ssm:*:*:parameter/team/b")) }));
  await expectError(get(member, "/team/b"), {
    name: "AccessDeniedException", message: explicitDenyText(userArn("member"), "ssm:GetParameter", paramArn("team/b")), status: 400,
  });
  assert.equal((await get(member, "/team/a")).Parameter?.Value, "v:/team/a");
});

test("policy variables: ${aws:username} scopes each user to its own parameters", async () => {
  const doc = policy(allow("ssm:GetParameter", "arn:aws:ssm:*:*:parameter/users/${aws:username}/*"));
  const alice = await newUser(iam, "alice", { policy: doc });
  assert.equal((await get(alice, "/users/alice/db")).Parameter?.Value, "v:/users/alice/db");
  await expectError(get(alice, "/users/bob/db"), { name: "AccessDeniedException", message: deniedText(userArn("alice"), "ssm:GetParameter", paramArn("users/bob/db")), status: 400 });
});

test("global condition keys: aws:SourceIp, aws:SecureTransport, aws:PrincipalTag, aws:RequestedRegion", async () => {
  const fromElsewhere = await newUser(iam, "vpn-only", { policy: policy(allow("ssm:GetParameter", "*", { Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } })) });
  await expectError(get(fromElsewhere, "/open"), { name: "AccessDeniedException", message: /because no identity-based policy allows/, status: 400 });
  const local = await newUser(iam, "local-only", { policy: policy(allow("ssm:GetParameter", "*", { Condition: { IpAddress: { "aws:SourceIp": ["127.0.0.0/8", "::1/128"] } } })) });
  assert.equal((await get(local, "/open")).Parameter?.Value, "v:/open");
  const tlsOnly = await newUser(iam, "tls-only", { policy: policy(allow("ssm:GetParameter"), deny("*", "*", { Condition: { Bool: { "aws:SecureTransport": "false" } } })) });
  await expectError(get(tlsOnly, "/open"), { name: "AccessDeniedException", message: explicitDenyText(userArn("tls-only"), "ssm:GetParameter", paramArn("open")), status: 400 });
  await iam.send(new CreateUserCommand({ UserName: "tagged-blue", Tags: [{ Key: "team", Value: "blue" }] }));
  await iam.send(new PutUserPolicyCommand({ UserName: "tagged-blue", PolicyName: "p", PolicyDocument: policy(allow("ssm:GetParameter", "*", { Condition: { StringEquals: { "aws:PrincipalTag/team": "blue", "aws:RequestedRegion": REGION } } })) }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: "tagged-blue" }))).AccessKey;
  const blue = { accessKeyId: key?.AccessKeyId ?? "", secretAccessKey: key?.SecretAccessKey ?? "" };
  assert.equal((await get(blue, "/open")).Parameter?.Value, "v:/open");
  await expectError(ssmClient(server, blue, "eu-west-1").send(new GetParameterCommand({ Name: "/open" })), { name: "AccessDeniedException", message: /not authorized/, status: 400 });
  await iam.send(new TagUserCommand({ UserName: "tagged-blue", Tags: [{ Key: "team", Value: "red" }] }));
  await expectError(get(blue, "/open"), { name: "AccessDeniedException", message: /not authorized/, status: 400 });
});

test("policy changes apply at once: granted after PutUserPolicy, denied right after DeleteUserPolicy", async () => {
  const c = await newUser(iam, "flipper");
  await expectError(get(c, "/open"), { name: "AccessDeniedException", message: /not authorized/, status: 400 });
  await iam.send(new PutUserPolicyCommand({ UserName: "flipper", PolicyName: "p", PolicyDocument: policy(allow("ssm:GetParameter")) }));
  assert.equal((await get(c, "/open")).Parameter?.Value, "v:/open");
  await iam.send(new DeleteUserPolicyCommand({ UserName: "flipper", PolicyName: "p" }));
  await expectError(get(c, "/open"), { name: "AccessDeniedException", message: /not authorized/, status: 400 });
});

test("inactive and deleted access keys stop working at once; a reactivated key works again", async () => {
  const c = await newUser(iam, "keyed", { policy: policy(allow("ssm:GetParameter")) });
  assert.equal((await get(c, "/open")).Parameter?.Value, "v:/open");
  await iam.send(new UpdateAccessKeyCommand({ UserName: "keyed", AccessKeyId: c.accessKeyId, Status: "Inactive" }));
  await expectError(get(c, "/open"), { name: "UnrecognizedClientException", message: "The security token included in the request is invalid.", status: 400 });
  await expectError(stsClient(server, c).send(new GetCallerIdentityCommand({})), {
    name: "InvalidClientTokenId", message: "The security token included in the request is invalid.", status: 403,
  });
  const listed = await iam.send(new ListAccessKeysCommand({ UserName: "keyed" }));
  assert.deepEqual(listed.AccessKeyMetadata?.map((k) => [k.AccessKeyId, k.Status, k.UserName]), [[c.accessKeyId, "Inactive", "keyed"]]);
  await iam.send(new UpdateAccessKeyCommand({ UserName: "keyed", AccessKeyId: c.accessKeyId, Status: "Active" }));
  assert.equal((await get(c, "/open")).Parameter?.Value, "v:/open");
  await iam.send(new DeleteAccessKeyCommand({ UserName: "keyed", AccessKeyId: c.accessKeyId }));
  await expectError(get(c, "/open"), { name: "UnrecognizedClientException", message: /invalid/, status: 400 });
  await expectError(iam.send(new DeleteAccessKeyCommand({ UserName: "keyed", AccessKeyId: c.accessKeyId })), {
    name: "NoSuchEntityException", message: `The Access Key with id ${c.accessKeyId} cannot be found.`, status: 404,
  });
});

test("access keys: AKIA ids, 40-char secrets, at most two per user, only the owner's keys are found", async () => {
  const first = await newUser(iam, "two-keys");
  assert.match(first.accessKeyId, /^AKIA[A-Z0-9]{16}$/);
  assert.equal(first.secretAccessKey.length, 40);
  await iam.send(new CreateAccessKeyCommand({ UserName: "two-keys" }));
  await expectError(iam.send(new CreateAccessKeyCommand({ UserName: "two-keys" })), {
    name: "LimitExceededException", message: "Cannot exceed quota for AccessKeysPerUser: 2", status: 409,
  });
  await newUser(iam, "other-owner");
  await expectError(iam.send(new UpdateAccessKeyCommand({ UserName: "other-owner", AccessKeyId: first.accessKeyId, Status: "Inactive" })), {
    name: "NoSuchEntityException", message: `The Access Key with id ${first.accessKeyId} cannot be found.`, status: 404,
  });
  await expectError(iam.send(new GetUserCommand({ UserName: "ghost-user" })), { name: "NoSuchEntityException", message: /cannot be found/, status: 404 });
});

test("self-service: with ${aws:username} policies a user manages its own keys without naming itself", async () => {
  const self = await newUser(iam, "selfie", {
    policy: policy(allow(["iam:ListAccessKeys", "iam:CreateAccessKey", "iam:GetUser"], `arn:aws:iam::${ACCOUNT_ID}:user/\${aws:username}`)),
  });
  const me = iamClient(server, self);
  const own = await me.send(new GetUserCommand({}));
  assert.equal(own.User?.Arn, userArn("selfie"));
  const keys = await me.send(new ListAccessKeysCommand({}));
  assert.deepEqual(keys.AccessKeyMetadata?.map((k) => k.AccessKeyId), [self.accessKeyId]);
  await expectError(me.send(new ListAccessKeysCommand({ UserName: "keyed" })), {
    name: "AccessDenied", message: deniedText(userArn("selfie"), "iam:ListAccessKeys", userArn("keyed")), status: 403,
  });
});
