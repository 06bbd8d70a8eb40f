// IAM policy simulator through the real server and @aws-sdk/client-iam: SimulatePrincipalPolicy over a user's inline,
// attached and group policies, SimulateCustomPolicy with policy texts (the AWS CLI examples, field by field), permissions
// boundaries, conditions and MissingContextValues, named resources, pagination, the context-key operations and errors.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  AttachUserPolicyCommand, CreateGroupCommand, CreatePolicyCommand, CreateRoleCommand, GetContextKeysForCustomPolicyCommand,
  GetContextKeysForPrincipalPolicyCommand, PutGroupPolicyCommand, PutRolePolicyCommand, PutUserPermissionsBoundaryCommand, SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand, type IAMClient, type SimulateCustomPolicyCommandInput,
} from "@aws-sdk/client-iam";
import { iamClient } from "../helpers/clients.js";
import { expectError } from "../helpers/assertions.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { ACCOUNT_ID, type TestServer } from "../helpers/server.js";
import { allow, deny, newUser, policy, roleArn, trust, userArn } from "./iam-support.js";

let server: TestServer;
let iam: IAMClient;

serverPerFile(async (started) => {
  server = started;
  iam = iamClient(server);
});

/** The policy of the AWS CLI simulate-custom-policy and get-context-keys examples, byte for byte. */
const DYNAMO_AFTER_2018 =
  '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}';
/** The console's 4-space layout: the statement list opens on line 3, the statement closes on line 9. */
const pretty = (doc: string): string => JSON.stringify(JSON.parse(doc), null, 4);
const at = (l1: number, c1: number, l2: number, c2: number) => ({ StartPosition: { Line: l1, Column: c1 }, EndPosition: { Line: l2, Column: c2 } });
const currentTime = (value: string) => [{ ContextKeyName: "aws:CurrentTime", ContextKeyValues: [value], ContextKeyType: "date" as const }];
const custom = (input: Partial<SimulateCustomPolicyCommandInput> & { ActionNames: string[] }) =>
  iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [], ...input }));

test("SimulateCustomPolicy answers the AWS CLI examples field by field; without the date the key is reported missing", async () => {
  const allowed = await custom({ PolicyInputList: [DYNAMO_AFTER_2018], ActionNames: ["dynamodb:CreateBackup"], ContextEntries: currentTime("2019-04-25T11:00:00Z") });
  assert.deepEqual(allowed.EvaluationResults, [{
    EvalActionName: "dynamodb:CreateBackup",
    EvalResourceName: "*",
    EvalDecision: "allowed",
    MatchedStatements: [{ SourcePolicyId: "PolicyInputList.1", SourcePolicyType: "IAM Policy", ...at(1, 38, 1, 167) }],
    MissingContextValues: [],
  }]);
  assert.equal(allowed.IsTruncated, false);
  const early = await custom({ PolicyInputList: [DYNAMO_AFTER_2018], ActionNames: ["dynamodb:CreateBackup"], ContextEntries: currentTime("2014-04-25T11:00:00Z") });
  assert.deepEqual(early.EvaluationResults, [
    { EvalActionName: "dynamodb:CreateBackup", EvalResourceName: "*", EvalDecision: "implicitDeny", MatchedStatements: [], MissingContextValues: [] },
  ]);
  const unknown = await custom({ PolicyInputList: [DYNAMO_AFTER_2018], ActionNames: ["dynamodb:CreateBackup", "s3:GetObject"] });
  assert.deepEqual(unknown.EvaluationResults?.map((r) => [r.EvalDecision, r.MissingContextValues]), [
    ["implicitDeny", ["aws:CurrentTime"]],
    ["implicitDeny", []],
  ]);
});

test("SimulatePrincipalPolicy: the user's inline, attached and group policies decide, named and positioned as AWS does", async () => {
  await iam.send(new CreateGroupCommand({ GroupName: "readers" }));
  await iam.send(new PutGroupPolicyCommand({ GroupName: "readers", PolicyName: "read", PolicyDocument: policy(allow("ssm:GetParameter")) }));
  const managed = await iam.send(new CreatePolicyCommand({ PolicyName: "kms-use", PolicyDocument: policy(allow(["kms:Encrypt", "kms:Decrypt"])) }));
  const inline = pretty(policy(allow("codecommit:ListRepositories", "*", { Sid: "VisualEditor0" }), deny("kms:Decrypt")));
  await newUser(iam, "alejandro", { policy: inline, groups: ["readers"] });
  await iam.send(new AttachUserPolicyCommand({ UserName: "alejandro", PolicyArn: managed.Policy?.Arn }));

  const out = await iam.send(new SimulatePrincipalPolicyCommand({
    PolicySourceArn: userArn("alejandro"),
    ActionNames: ["codecommit:ListRepositories", "ssm:GetParameter", "kms:Encrypt", "kms:Decrypt", "ssm:PutParameter"],
  }));
  const byAction = new Map(out.EvaluationResults?.map((r) => [r.EvalActionName, r]));
  // AWS CLI simulate-principal-policy example: the first statement of a console-formatted policy spans 3:19–9:10.
  assert.deepEqual(byAction.get("codecommit:ListRepositories")?.MatchedStatements, [
    { SourcePolicyId: "user_alejandro_inline", SourcePolicyType: "IAM Policy", ...at(3, 19, 9, 10) },
  ]);
  assert.deepEqual(byAction.get("ssm:GetParameter")?.MatchedStatements, [
    { SourcePolicyId: "group_readers_read", SourcePolicyType: "IAM Policy", ...at(1, 38, 1, 99) },
  ]);
  assert.deepEqual(byAction.get("kms:Encrypt")?.MatchedStatements?.map((s) => s.SourcePolicyId), ["kms-use"]);
  const denied = byAction.get("kms:Decrypt");
  assert.equal(denied?.EvalDecision, "explicitDeny");
  // The later statement starts where the earlier one ended (9:10), the deny is the only entry listed.
  assert.deepEqual(denied?.MatchedStatements, [{ SourcePolicyId: "user_alejandro_inline", SourcePolicyType: "IAM Policy", ...at(9, 10, 14, 10) }]);
  assert.deepEqual(byAction.get("ssm:PutParameter"), {
    EvalActionName: "ssm:PutParameter", EvalResourceName: "*", EvalDecision: "implicitDeny", MatchedStatements: [], MissingContextValues: [],
  });
});

test("a permissions boundary (stored or given) caps an allow and says so in PermissionsBoundaryDecisionDetail", async () => {
  const boundary = await iam.send(new CreatePolicyCommand({ PolicyName: "only-get", PolicyDocument: policy(allow("ssm:GetParameter")) }));
  await newUser(iam, "bounded", { policy: policy(allow("ssm:*")) });
  await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: "bounded", PermissionsBoundary: boundary.Policy?.Arn }));
  const out = await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: userArn("bounded"), ActionNames: ["ssm:GetParameter", "ssm:PutParameter"] }));
  assert.deepEqual(out.EvaluationResults?.map((r) => [r.EvalDecision, r.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary]), [
    ["allowed", true],
    ["implicitDeny", false],
  ]);
  assert.deepEqual(out.EvaluationResults?.[0]?.MatchedStatements?.map((s) => s.SourcePolicyId), ["user_bounded_inline"]);
  // A boundary given in the request replaces the stored one.
  const wider = await iam.send(new SimulatePrincipalPolicyCommand({
    PolicySourceArn: userArn("bounded"), ActionNames: ["ssm:PutParameter"], PermissionsBoundaryPolicyInputList: [policy(allow("ssm:Put*"))],
  }));
  assert.equal(wider.EvaluationResults?.[0]?.EvalDecision, "allowed");
  const custom2 = await custom({
    PolicyInputList: [policy(allow("kms:*"))], PermissionsBoundaryPolicyInputList: [policy(deny("kms:Decrypt"), allow("*"))], ActionNames: ["kms:Decrypt"],
  });
  assert.equal(custom2.EvaluationResults?.[0]?.EvalDecision, "explicitDeny");
  assert.deepEqual(custom2.EvaluationResults?.[0]?.MatchedStatements?.map((s) => s.SourcePolicyId), ["PermissionsBoundaryPolicyInputList.1"]);
});

test("wildcards, named resources (ResourceSpecificResults, empty EvalDecisionDetails) and conditions with ContextEntries", async () => {
  const doc = policy(
    allow("ssm:GetParameter*", "arn:aws:ssm:*:*:parameter/app/*"),
    allow("ssm:PutParameter", "*", { Condition: { StringEquals: { "ssm:Overwrite": "true" }, IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } }),
  );
  const param = (name: string) => `arn:aws:ssm:us-east-1:${ACCOUNT_ID}:parameter/${name}`;
  const out = await custom({ PolicyInputList: [doc], ActionNames: ["ssm:GetParametersByPath"], ResourceArns: [param("app/db"), param("other")] });
  const [inside, outside] = out.EvaluationResults ?? [];
  assert.deepEqual(inside, {
    EvalActionName: "ssm:GetParametersByPath",
    EvalResourceName: param("app/db"),
    EvalDecision: "allowed",
    MatchedStatements: [{ SourcePolicyId: "PolicyInputList.1", SourcePolicyType: "IAM Policy", ...at(1, 38, 1, 130) }],
    MissingContextValues: [],
    EvalDecisionDetails: {},
    ResourceSpecificResults: [{
      EvalResourceName: param("app/db"),
      EvalResourceDecision: "allowed",
      MatchedStatements: [{ SourcePolicyId: "PolicyInputList.1", SourcePolicyType: "IAM Policy", ...at(1, 38, 1, 130) }],
      MissingContextValues: [],
    }],
  });
  assert.equal(outside?.EvalDecision, "implicitDeny");

  const put = (entries: { ContextKeyName: string; ContextKeyValues: string[]; ContextKeyType: "string" | "ip" }[]) =>
    custom({ PolicyInputList: [doc], ActionNames: ["ssm:PutParameter"], ContextEntries: entries });
  const none = (await put([])).EvaluationResults?.[0];
  assert.deepEqual([none?.EvalDecision, none?.MissingContextValues], ["implicitDeny", ["ssm:Overwrite", "aws:SourceIp"]]);
  const half = (await put([{ ContextKeyName: "ssm:Overwrite", ContextKeyValues: ["true"], ContextKeyType: "string" }])).EvaluationResults?.[0];
  assert.deepEqual([half?.EvalDecision, half?.MissingContextValues], ["implicitDeny", ["aws:SourceIp"]]);
  const all = await put([
    { ContextKeyName: "ssm:Overwrite", ContextKeyValues: ["true"], ContextKeyType: "string" },
    { ContextKeyName: "aws:SourceIp", ContextKeyValues: ["10.1.2.3"], ContextKeyType: "ip" },
  ]);
  assert.deepEqual(all.EvaluationResults?.map((r) => [r.EvalDecision, r.MissingContextValues]), [["allowed", []]]);
});

test("a resource policy naming the caller allows on its own; it needs a user caller", async () => {
  await newUser(iam, "reader");
  const resourcePolicy = policy({ Effect: "Allow", Principal: { AWS: userArn("reader") }, Action: "secretsmanager:GetSecretValue", Resource: "*" });
  const out = await custom({ ActionNames: ["secretsmanager:GetSecretValue"], ResourceArns: ["arn:aws:secretsmanager:us-east-1:123456789012:secret:x-AbCdEf"], ResourcePolicy: resourcePolicy, CallerArn: userArn("reader") });
  assert.equal(out.EvaluationResults?.[0]?.EvalDecision, "allowed");
  assert.deepEqual(out.EvaluationResults?.[0]?.MatchedStatements?.map((s) => [s.SourcePolicyId, s.SourcePolicyType]), [["ResourcePolicy", "Resource Policy"]]);
  const viaUser = await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: userArn("reader"), ActionNames: ["secretsmanager:GetSecretValue"], ResourcePolicy: resourcePolicy }));
  assert.equal(viaUser.EvaluationResults?.[0]?.EvalDecision, "allowed", "a user source is its own caller");
  await iam.send(new CreateRoleCommand({ RoleName: "app", AssumeRolePolicyDocument: trust(userArn("reader")) }));
  await iam.send(new PutRolePolicyCommand({ RoleName: "app", PolicyName: "s3-read", PolicyDocument: policy(allow("s3:GetObject")) }));
  const role = await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: roleArn("app"), ActionNames: ["s3:GetObject"] }));
  // Inline policies are named <kind>_<entity>_<policy> (recorded answer "role_<role>_<policy>").
  assert.deepEqual(role.EvaluationResults?.[0]?.MatchedStatements?.map((s) => s.SourcePolicyId), ["role_app_s3-read"]);
  await expectError(iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: roleArn("app"), ActionNames: ["s3:GetObject"], ResourcePolicy: resourcePolicy })), {
    name: "InvalidInputException", message: "Invalid caller - Caller must be an IAM user in this context.", status: 400,
  });
});

test("results page with MaxItems and Marker", async () => {
  const actions = ["ssm:GetParameter", "ssm:PutParameter", "ssm:DeleteParameter"];
  const first = await custom({ PolicyInputList: [policy(allow("ssm:*"))], ActionNames: actions, MaxItems: 2 });
  assert.deepEqual(first.EvaluationResults?.map((r) => r.EvalActionName), actions.slice(0, 2));
  assert.equal(first.IsTruncated, true);
  const rest = await custom({ PolicyInputList: [policy(allow("ssm:*"))], ActionNames: actions, MaxItems: 2, Marker: first.Marker });
  assert.deepEqual(rest.EvaluationResults?.map((r) => [r.EvalActionName, r.EvalDecision]), [["ssm:DeleteParameter", "allowed"]]);
  assert.equal(rest.IsTruncated, false);
  assert.equal(rest.Marker, undefined);
});

test("GetContextKeysFor{Custom,Principal}Policy list the keys the policies use (AWS CLI examples)", async () => {
  const tableForUser = DYNAMO_AFTER_2018.replace('"Resource":"*"', '"Resource":"arn:aws:dynamodb:us-west-2:123456789012:table/${aws:username}"');
  const customKeys = await iam.send(new GetContextKeysForCustomPolicyCommand({ PolicyInputList: [tableForUser] }));
  assert.deepEqual(customKeys.ContextKeyNames, ["aws:username", "aws:CurrentTime"]);
  await newUser(iam, "saanvi", { policy: tableForUser });
  const principalKeys = await iam.send(new GetContextKeysForPrincipalPolicyCommand({
    PolicySourceArn: userArn("saanvi"), PolicyInputList: [policy(allow("s3:*", "*", { Condition: { Bool: { "aws:SecureTransport": "true" } } }))],
  }));
  assert.deepEqual(principalKeys.ContextKeyNames, ["aws:username", "aws:CurrentTime", "aws:SecureTransport"]);
  const empty = await iam.send(new GetContextKeysForCustomPolicyCommand({ PolicyInputList: [policy(allow("s3:*"))] }));
  assert.deepEqual(empty.ContextKeyNames ?? [], []);
});

test("errors: unknown source, malformed policy text, callers without permission", async () => {
  await expectError(iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: userArn("ghost"), ActionNames: ["s3:GetObject"] })), {
    name: "NoSuchEntityException", message: "The user with name ghost cannot be found.", status: 404,
  });
  await expectError(iam.send(new GetContextKeysForPrincipalPolicyCommand({ PolicySourceArn: roleArn("nope") })), {
    name: "NoSuchEntityException", message: "The role with name nope cannot be found.", status: 404,
  });
  await expectError(custom({ PolicyInputList: ["{not json"], ActionNames: ["s3:GetObject"] }), {
    name: "InvalidInputException", message: "Syntax errors in policy.", status: 400,
  });
  const limited = iamClient(server, await newUser(iam, "limited", { policy: policy(allow("iam:SimulateCustomPolicy")) }));
  await limited.send(new SimulateCustomPolicyCommand({ PolicyInputList: [policy(allow("s3:*"))], ActionNames: ["s3:GetObject"] }));
  await expectError(limited.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: userArn("ghost"), ActionNames: ["s3:GetObject"] })), {
    name: "AccessDenied",
    message: `User: ${userArn("limited")} is not authorized to perform: iam:SimulatePrincipalPolicy on resource: ${userArn("ghost")} because no identity-based policy allows the iam:SimulatePrincipalPolicy action`,
    status: 403,
  });
});
