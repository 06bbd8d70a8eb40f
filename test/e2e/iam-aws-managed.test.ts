// AWS managed policies (arn:aws:iam::aws:policy/…): present in every account, readable, attachable, enforced, usable
// as permissions boundaries, never changeable (src/services/iam/aws-managed.ts lists the sources of every field).
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  AttachGroupPolicyCommand, AttachRolePolicyCommand, AttachUserPolicyCommand, CreateGroupCommand, CreatePolicyCommand,
  CreatePolicyVersionCommand, CreateRoleCommand, CreateUserCommand, DeletePolicyCommand, DeletePolicyVersionCommand,
  DetachUserPolicyCommand, GetPolicyCommand, GetPolicyVersionCommand, GetUserCommand, ListAttachedUserPoliciesCommand,
  ListEntitiesForPolicyCommand, ListPoliciesCommand, ListPolicyVersionsCommand, ListUsersCommand,
  PutUserPermissionsBoundaryCommand, SetDefaultPolicyVersionCommand, SimulatePrincipalPolicyCommand, TagPolicyCommand,
  UntagPolicyCommand, type IAMClient, type ListPoliciesCommandInput,
} from "@aws-sdk/client-iam";
import { CreateKeyCommand, ListKeysCommand } from "@aws-sdk/client-kms";
import { GetParameterCommand, PutParameterCommand } from "@aws-sdk/client-ssm";
import { iamClient, kmsClient, ssmClient } from "../helpers/clients.js";
import { ACCOUNT_ID, REGION, type TestServer } from "../helpers/server.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { rejectsWith } from "../helpers/assertions.js";
import { allow, deniedText, newUser, policy, ROOT_ARN, trust, userArn } from "./iam-support.js";

let server: TestServer;
let iam: IAMClient;
const aws = (name: string): string => `arn:aws:iam::aws:policy/${name}`;
const ADMIN = aws("AdministratorAccess");
const POWER = aws("PowerUserAccess");
const IAM_RO = aws("IAMReadOnlyAccess");
const SSM_RO = aws("AmazonSSMReadOnlyAccess");
const paramArn = (name: string): string => `arn:aws:ssm:${REGION}:${ACCOUNT_ID}:parameter/${name}`;

serverPerFile(async (started) => {
  server = started;
  iam = iamClient(server);
  await ssmClient(server).send(new PutParameterCommand({ Name: "/app/db", Value: "v", Type: "String" }));
});

test("GetPolicy answers AdministratorAccess as AWS does (AWS CLI list-policies.rst): id, path, dates, Description, no tags", async () => {
  const { Policy: p } = await iam.send(new GetPolicyCommand({ PolicyArn: ADMIN }));
  assert.deepEqual(
    { ...p, CreateDate: p?.CreateDate?.toISOString(), UpdateDate: p?.UpdateDate?.toISOString() },
    {
      PolicyName: "AdministratorAccess",
      PolicyId: "ANPAIWMBCKSKIEE64ZLYK",
      Arn: ADMIN,
      Path: "/",
      DefaultVersionId: "v1",
      AttachmentCount: 0,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      Description: "Provides full access to AWS services and resources.",
      CreateDate: "2015-02-06T18:39:46.000Z",
      UpdateDate: "2015-02-06T18:39:46.000Z",
      Tags: [],
    },
  );
  const power = (await iam.send(new GetPolicyCommand({ PolicyArn: POWER }))).Policy;
  assert.equal(power?.PolicyId, "ANPAJYRXTHIB4FOVS3ZXS");
  assert.equal(power?.DefaultVersionId, "v12");
  assert.equal(power?.CreateDate?.toISOString(), "2015-02-06T18:39:47.000Z");
});

test("GetPolicyVersion returns the document URL-encoded, as AWS stores it; ListPolicyVersions lists the sourced versions newest first", async () => {
  const { PolicyVersion: v } = await iam.send(new GetPolicyVersionCommand({ PolicyArn: ADMIN, VersionId: "v1" }));
  assert.equal(
    decodeURIComponent(v?.Document ?? ""),
    '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "*",\n      "Resource": "*"\n    }\n  ]\n}',
  );
  assert.match(v?.Document ?? "", /^%7B%0A/);
  assert.equal(v?.IsDefaultVersion, true);
  assert.equal(v?.CreateDate?.toISOString(), "2015-02-06T18:39:46.000Z");
  const versions = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: IAM_RO }));
  assert.deepEqual(
    versions.Versions?.map((x) => [x.VersionId, x.IsDefaultVersion, x.CreateDate?.toISOString(), x.Document]),
    [
      ["v4", true, "2018-01-25T19:11:27.000Z", undefined],
      ["v3", false, "2016-09-06T17:06:37.000Z", undefined],
      ["v2", false, "2015-04-21T16:01:34.000Z", undefined],
      ["v1", false, "2015-02-06T18:40:39.000Z", undefined],
    ],
  );
  const old = await iam.send(new GetPolicyVersionCommand({ PolicyArn: IAM_RO, VersionId: "v1" }));
  assert.deepEqual(JSON.parse(decodeURIComponent(old.PolicyVersion?.Document ?? "")), {
    Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["iam:List*", "iam:Get*"], Resource: "*" }],
  });
  await rejectsWith(iam.send(new GetPolicyVersionCommand({ PolicyArn: ADMIN, VersionId: "v2" })), "NoSuchEntityException", /v2/, 404);
  await rejectsWith(iam.send(new GetPolicyCommand({ PolicyArn: aws("NoSuchManagedPolicy") })), "NoSuchEntityException", `Policy ${aws("NoSuchManagedPolicy")} was not found.`, 404);
});

test("ListPolicies: Scope AWS lists AWS managed policies only, Local only the account's, All both; PathPrefix and OnlyAttached apply", async () => {
  await iam.send(new CreatePolicyCommand({ PolicyName: "LocalOne", PolicyDocument: policy(allow("ssm:GetParameter")) }));
  const names = async (input: ListPoliciesCommandInput) =>
    ((await iam.send(new ListPoliciesCommand(input))).Policies ?? []).map((p) => p.PolicyName);
  const awsOnly = await names({ Scope: "AWS" });
  assert.ok(awsOnly.includes("AdministratorAccess") && awsOnly.includes("IAMReadOnlyAccess"));
  assert.ok(!awsOnly.includes("LocalOne"));
  assert.deepEqual(await names({ Scope: "Local" }), ["LocalOne"]);
  const all = await names({});
  assert.ok(all.includes("LocalOne") && all.includes("PowerUserAccess"));
  assert.deepEqual(await names({ Scope: "AWS", PathPrefix: "/service-role/" }), []);
  const listed = (await iam.send(new ListPoliciesCommand({ Scope: "AWS" }))).Policies?.find((p) => p.PolicyName === "AdministratorAccess");
  assert.equal(listed?.Description, undefined, "lists carry no Description");
  assert.equal(listed?.Arn, ADMIN);

  await iam.send(new CreateUserCommand({ UserName: "lister" }));
  await iam.send(new AttachUserPolicyCommand({ UserName: "lister", PolicyArn: SSM_RO }));
  assert.deepEqual(await names({ Scope: "AWS", OnlyAttached: true }), ["AmazonSSMReadOnlyAccess"]);
  assert.deepEqual(await names({ Scope: "AWS", OnlyAttached: true, PolicyUsageFilter: "PermissionsBoundary" }), []);
  await iam.send(new DetachUserPolicyCommand({ UserName: "lister", PolicyArn: SSM_RO }));
  assert.deepEqual(await names({ Scope: "AWS", OnlyAttached: true }), []);
});

test("attached AdministratorAccess grants everything; AttachmentCount and ListEntitiesForPolicy count this account's attachments", async () => {
  const creds = await newUser(iam, "admin-user");
  await iam.send(new AttachUserPolicyCommand({ UserName: "admin-user", PolicyArn: ADMIN }));
  const out = await ssmClient(server, creds).send(new GetParameterCommand({ Name: "/app/db" }));
  assert.equal(out.Parameter?.Value, "v");
  await kmsClient(server, creds).send(new CreateKeyCommand({}));
  assert.ok((await iamClient(server, creds).send(new ListUsersCommand({}))).Users?.some((u) => u.UserName === "admin-user"));

  await iam.send(new CreateGroupCommand({ GroupName: "admins" }));
  await iam.send(new AttachGroupPolicyCommand({ GroupName: "admins", PolicyArn: ADMIN }));
  await iam.send(new CreateRoleCommand({ RoleName: "admin-role", AssumeRolePolicyDocument: trust(ROOT_ARN) }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: "admin-role", PolicyArn: ADMIN }));
  assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: ADMIN }))).Policy?.AttachmentCount, 3);
  const entities = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: ADMIN }));
  assert.deepEqual(entities.PolicyGroups?.map((g) => g.GroupName), ["admins"]);
  assert.deepEqual(entities.PolicyUsers?.map((u) => u.UserName), ["admin-user"]);
  assert.deepEqual(entities.PolicyRoles?.map((r) => r.RoleName), ["admin-role"]);
  const attached = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: "admin-user" }));
  assert.deepEqual(attached.AttachedPolicies, [{ PolicyName: "AdministratorAccess", PolicyArn: ADMIN }]);

  const sim = await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: userArn("admin-user"), ActionNames: ["ssm:DeleteParameter"] }));
  const r = sim.EvaluationResults?.[0];
  assert.equal(r?.EvalDecision, "allowed");
  assert.equal(r?.MatchedStatements?.[0]?.SourcePolicyId, "AdministratorAccess");
  assert.equal(r?.MatchedStatements?.[0]?.SourcePolicyType, "IAM Policy");
  assert.deepEqual(r?.MatchedStatements?.[0]?.StartPosition, { Line: 3, Column: 17 });
});

test("read-only AWS managed policies allow their reads and deny the rest with AWS's message", async () => {
  const creds = await newUser(iam, "reader");
  await iam.send(new AttachUserPolicyCommand({ UserName: "reader", PolicyArn: SSM_RO }));
  await iam.send(new AttachUserPolicyCommand({ UserName: "reader", PolicyArn: IAM_RO }));
  const ssm = ssmClient(server, creds);
  assert.equal((await ssm.send(new GetParameterCommand({ Name: "/app/db" }))).Parameter?.Value, "v");
  await rejectsWith(
    ssm.send(new PutParameterCommand({ Name: "/app/db", Value: "w", Type: "String", Overwrite: true })),
    "AccessDeniedException",
    deniedText(userArn("reader"), "ssm:PutParameter", paramArn("app/db")),
  );
  const iamAsReader = iamClient(server, creds);
  assert.equal((await iamAsReader.send(new GetUserCommand({ UserName: "reader" }))).User?.UserName, "reader");
  await rejectsWith(
    iamAsReader.send(new CreateUserCommand({ UserName: "not-allowed" })),
    "AccessDenied",
    deniedText(userArn("reader"), "iam:CreateUser", userArn("not-allowed")),
    403,
  );
  await rejectsWith(kmsClient(server, creds).send(new ListKeysCommand({})), "AccessDeniedException", /kms:ListKeys/);
});

test("an AWS managed policy as permissions boundary: PowerUserAccess lets SSM through and stops IAM, whatever the identity policy", async () => {
  const creds = await newUser(iam, "bounded", { policy: policy(allow("*")) });
  await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: "bounded", PermissionsBoundary: POWER }));
  const user = (await iam.send(new GetUserCommand({ UserName: "bounded" }))).User;
  assert.deepEqual(user?.PermissionsBoundary, { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: POWER });
  assert.equal((await ssmClient(server, creds).send(new GetParameterCommand({ Name: "/app/db" }))).Parameter?.Value, "v");
  await rejectsWith(
    iamClient(server, creds).send(new CreateUserCommand({ UserName: "escape" })),
    "AccessDenied",
    `User: ${userArn("bounded")} is not authorized to perform: iam:CreateUser on resource: ${userArn("escape")} because no permissions boundary allows the iam:CreateUser action`,
    403,
  );
  assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: POWER }))).Policy?.PermissionsBoundaryUsageCount, 1);
  const listed = await iam.send(new ListPoliciesCommand({ Scope: "AWS", OnlyAttached: true, PolicyUsageFilter: "PermissionsBoundary" }));
  assert.deepEqual(listed.Policies?.map((p) => p.PolicyName), ["PowerUserAccess"]);

  await iam.send(new CreateUserCommand({ UserName: "born-bounded", PermissionsBoundary: IAM_RO }));
  const born = (await iam.send(new GetUserCommand({ UserName: "born-bounded" }))).User;
  assert.equal(born?.PermissionsBoundary?.PermissionsBoundaryArn, IAM_RO);
  await rejectsWith(
    iam.send(new CreateUserCommand({ UserName: "bad-boundary", PermissionsBoundary: aws("NotAPolicy") })),
    "NoSuchEntityException",
    `Scope ARN: ${aws("NotAPolicy")} does not exist or is not attachable.`,
    404,
  );
});

test("AWS managed policies cannot be deleted, versioned, tagged or have their default changed, even by the root user", async () => {
  const denied = (action: string) => deniedText(ROOT_ARN, action, `policy ${ADMIN}`, "resource-based");
  await rejectsWith(iam.send(new DeletePolicyCommand({ PolicyArn: ADMIN })), "AccessDenied", denied("iam:DeletePolicy"), 403);
  await rejectsWith(
    iam.send(new CreatePolicyVersionCommand({ PolicyArn: ADMIN, PolicyDocument: policy(allow("ssm:*")) })),
    "AccessDenied",
    denied("iam:CreatePolicyVersion"),
    403,
  );
  await rejectsWith(iam.send(new DeletePolicyVersionCommand({ PolicyArn: ADMIN, VersionId: "v1" })), "AccessDenied", denied("iam:DeletePolicyVersion"), 403);
  await rejectsWith(iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: ADMIN, VersionId: "v1" })), "AccessDenied", denied("iam:SetDefaultPolicyVersion"), 403);
  await rejectsWith(iam.send(new TagPolicyCommand({ PolicyArn: ADMIN, Tags: [{ Key: "k", Value: "v" }] })), "AccessDenied", denied("iam:TagPolicy"), 403);
  await rejectsWith(iam.send(new UntagPolicyCommand({ PolicyArn: ADMIN, TagKeys: ["k"] })), "AccessDenied", denied("iam:UntagPolicy"), 403);
  const still = (await iam.send(new GetPolicyCommand({ PolicyArn: ADMIN }))).Policy;
  assert.equal(still?.DefaultVersionId, "v1");
  assert.deepEqual(still?.Tags, []);
  // A customer managed policy may share an AWS managed policy's name: they are different policies.
  const own = (await iam.send(new CreatePolicyCommand({ PolicyName: "AdministratorAccess", PolicyDocument: policy(allow("ssm:GetParameter")) }))).Policy;
  assert.equal(own?.Arn, `arn:aws:iam::${ACCOUNT_ID}:policy/AdministratorAccess`);
  const both = (await iam.send(new ListPoliciesCommand({}))).Policies?.filter((p) => p.PolicyName === "AdministratorAccess").map((p) => p.Arn);
  assert.deepEqual(both?.sort(), [ADMIN, own?.Arn].sort());
  await iam.send(new DeletePolicyCommand({ PolicyArn: own?.Arn }));
});
