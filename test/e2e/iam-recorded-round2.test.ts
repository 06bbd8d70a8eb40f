// IAM and STS answers replayed from LocalStack's snapshot tests recorded against AWS (tests/aws/services/{iam,sts}):
// IAM's own sentences for a bad Path/PathPrefix, and transitive session tags in a role chain
// (test_sts.py TestSTSAssumeRoleTagging, recorded 2025-04-10). Each refused call changes nothing.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  CreateGroupCommand, CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, ListGroupsCommand, ListPoliciesCommand,
  ListRolesCommand, ListUsersCommand, PutRolePolicyCommand, type IAMClient,
} from "@aws-sdk/client-iam";
import { DescribeParametersCommand } from "@aws-sdk/client-ssm";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { iamClient, ssmClient, stsClient, type Creds } from "../helpers/clients.js";
import { ACCOUNT_ID, REGION, type TestServer } from "../helpers/server.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { expectError } from "../helpers/assertions.js";
import { allow, assume, deniedText, newUser, policy, roleArn, sessionArn, trust } from "./iam-support.js";

let server: TestServer;
let iam: IAMClient;
let caller: Creds;

serverPerFile(async (started) => {
  server = started;
  iam = iamClient(server);
  caller = await newUser(iam, "chainer", { policy: policy(allow(["sts:AssumeRole", "sts:TagSession"])) });
});

const PATH_TEXT =
  "The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.";
const PREFIX_TEXT =
  "The specified value for pathPrefix is invalid. It must begin with the / character and contain only alphanumeric characters and/or / characters.";

test("a Path outside IAM's pattern is ValidationError with IAM's own sentence, not the constraint list", async () => {
  const doc = policy(allow("ssm:DescribeParameters"));
  for (const call of [
    () => iam.send(new CreateUserCommand({ UserName: "pathless", Path: "test/" })),
    () => iam.send(new CreateRoleCommand({ RoleName: "pathless", Path: "/root", AssumeRolePolicyDocument: trust(`arn:aws:iam::${ACCOUNT_ID}:root`) })),
    () => iam.send(new CreateGroupCommand({ GroupName: "pathless", Path: "abc" })),
    () => iam.send(new CreatePolicyCommand({ PolicyName: "pathless", Path: "abc", PolicyDocument: doc })),
  ]) {
    await expectError(call(), { name: "ValidationError", message: PATH_TEXT, status: 400 });
  }
  assert.deepEqual((await iam.send(new ListUsersCommand({}))).Users?.map((u) => u.UserName), ["chainer"]);
  assert.deepEqual((await iam.send(new ListRolesCommand({}))).Roles, []);
  assert.deepEqual((await iam.send(new ListGroupsCommand({}))).Groups, []);
  assert.deepEqual((await iam.send(new ListPoliciesCommand({ Scope: "Local" }))).Policies, []);
  // Other constraints on the same member keep the generic list text.
  await expectError(iam.send(new CreateGroupCommand({ GroupName: "pathless", Path: `/${"a".repeat(600)}/` })), {
    name: "ValidationError",
    message: "1 validation error detected: Value at 'path' failed to satisfy constraint: Member must have length less than or equal to 512",
  });
});

test("a PathPrefix without the leading / is ValidationError with the pathPrefix sentence", async () => {
  await expectError(iam.send(new ListRolesCommand({ PathPrefix: "example_path" })), { name: "ValidationError", message: PREFIX_TEXT });
  await expectError(iam.send(new ListUsersCommand({ PathPrefix: "example_path" })), { name: "ValidationError", message: PREFIX_TEXT });
});

test("role chaining: a transitive session tag passes on and may not be reset, whatever the case of its key", async () => {
  const chainTrust = trust(`arn:aws:iam::${ACCOUNT_ID}:root`, { Action: ["sts:AssumeRole", "sts:TagSession"] });
  await iam.send(new CreateRoleCommand({ RoleName: "chain-1", AssumeRolePolicyDocument: chainTrust }));
  await iam.send(new CreateRoleCommand({ RoleName: "chain-2", AssumeRolePolicyDocument: chainTrust }));
  await iam.send(new PutRolePolicyCommand({
    RoleName: "chain-1", PolicyName: "next", PolicyDocument: policy(allow(["sts:AssumeRole", "sts:TagSession"], roleArn("chain-2"))),
  }));
  // chain-2 may describe parameters only with the tag its caller passed on.
  await iam.send(new PutRolePolicyCommand({
    RoleName: "chain-2", PolicyName: "tagged",
    PolicyDocument: policy(allow("ssm:DescribeParameters", "*", { Condition: { StringEquals: { "aws:PrincipalTag/SessionTag1": "SessionValue1" } } })),
  }));
  const out = await stsClient(server, caller).send(new AssumeRoleCommand({
    RoleArn: roleArn("chain-1"), RoleSessionName: "Session1",
    Tags: [{ Key: "SessionTag1", Value: "SessionValue1" }, { Key: "Plain", Value: "p" }], TransitiveTagKeys: ["sessiontag1"],
  }));
  const c = out.Credentials;
  assert.ok(c?.AccessKeyId && c.SecretAccessKey && c.SessionToken);
  const session1: Creds = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
  const conflict = {
    name: "InvalidParameterValue",
    message: "One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.",
    status: 400,
  };
  for (const key of ["SessionTag1", "sessiontag1"]) {
    await expectError(stsClient(server, session1).send(new AssumeRoleCommand({
      RoleArn: roleArn("chain-2"), RoleSessionName: "Session2SessionTagOverride", Tags: [{ Key: key, Value: "SessionValue2" }],
    })), conflict);
  }
  // A tag that was not transitive may be set again; the transitive one still comes along.
  const session2 = await assume(stsClient(server, session1), roleArn("chain-2"), "Session2");
  await ssmClient(server, session2).send(new DescribeParametersCommand({}));
  const retagged = await stsClient(server, session1).send(new AssumeRoleCommand({
    RoleArn: roleArn("chain-2"), RoleSessionName: "Session2b", Tags: [{ Key: "Plain", Value: "q" }],
  }));
  assert.equal(retagged.AssumedRoleUser?.Arn, sessionArn("chain-2", "Session2b"));
  // Without the chain the tag is absent, so the same policy refuses.
  const direct = await assume(stsClient(server, caller), roleArn("chain-2"), "Direct");
  await expectError(ssmClient(server, direct).send(new DescribeParametersCommand({})), {
    name: "AccessDeniedException",
    message: deniedText(sessionArn("chain-2", "Direct"), "ssm:DescribeParameters", `arn:aws:ssm:${REGION}:${ACCOUNT_ID}:*`),
    status: 400,
  });
});
