// IAM operations added after the first subset: permissions boundaries set and removed on existing users and roles,
// UpdateUser / UpdateGroup renames, UpdateRoleDescription, managed policy tags and ListEntitiesForPolicy, through the
// real server and @aws-sdk/client-iam.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  AddUserToGroupCommand, AttachGroupPolicyCommand, AttachRolePolicyCommand, AttachUserPolicyCommand, CreateGroupCommand,
  CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, DeletePolicyCommand, DeleteRolePermissionsBoundaryCommand,
  DeleteUserPermissionsBoundaryCommand, GetGroupCommand, GetPolicyCommand, GetRoleCommand, GetUserCommand, GetUserPolicyCommand,
  ListAccessKeysCommand, ListEntitiesForPolicyCommand, ListGroupsForUserCommand, ListPoliciesCommand, ListPolicyTagsCommand,
  ListUsersCommand, PutRolePermissionsBoundaryCommand, PutUserPermissionsBoundaryCommand, TagPolicyCommand,
  UntagPolicyCommand, UpdateGroupCommand, UpdateRoleDescriptionCommand, UpdateUserCommand, type IAMClient,
} from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { GetParameterCommand, PutParameterCommand } from "@aws-sdk/client-ssm";
import { iamClient, ssmClient, stsClient, type Creds } from "../helpers/clients.js";
import { expectError } from "../helpers/assertions.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { ACCOUNT_ID, type TestServer } from "../helpers/server.js";
import { allow, assume, deniedText, newUser, policy, roleArn, sessionArn, trust, userArn } from "./iam-support.js";

let server: TestServer;
let iam: IAMClient;

serverPerFile(async (started) => {
  server = started;
  iam = iamClient(server);
  await ssmClient(server).send(new PutParameterCommand({ Name: "/app/flag", Value: "on", Type: "String" }));
});

const policyArn = (name: string, path = "/"): string => `arn:aws:iam::${ACCOUNT_ID}:policy${path}${name}`;
const boundaryDenied = (principal: string, action: string, resource: string): string =>
  `User: ${principal} is not authorized to perform: ${action} on resource: ${resource} because no permissions boundary allows the ${action} action`;
const readFlag = (c: Creds) => ssmClient(server, c).send(new GetParameterCommand({ Name: "/app/flag" }));

async function newPolicy(name: string, document: string, path?: string): Promise<string> {
  const out = await iam.send(new CreatePolicyCommand({ PolicyName: name, PolicyDocument: document, ...(path ? { Path: path } : {}) }));
  return out.Policy?.Arn ?? "";
}

test("a boundary put on an existing user limits what it can do, shows in GetUser and GetPolicy; deleting it restores access", async () => {
  const boundary = await newPolicy("ssm-only", policy(allow("ssm:*")));
  const c = await newUser(iam, "bounded", { policy: policy(allow(["ssm:GetParameter", "iam:ListUsers"])) });
  const own = iamClient(server, c);
  await own.send(new ListUsersCommand({}));

  await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: "bounded", PermissionsBoundary: boundary }));
  await expectError(own.send(new ListUsersCommand({})), {
    name: "AccessDenied", message: boundaryDenied(userArn("bounded"), "iam:ListUsers", "*"), status: 403,
  });
  assert.equal((await readFlag(c)).Parameter?.Value, "on", "what the boundary allows still works");
  const user = (await iam.send(new GetUserCommand({ UserName: "bounded" }))).User;
  assert.deepEqual(user?.PermissionsBoundary, { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: boundary });
  assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: boundary }))).Policy?.PermissionsBoundaryUsageCount, 1);
  const bounding = await iam.send(new ListPoliciesCommand({ Scope: "Local", OnlyAttached: true, PolicyUsageFilter: "PermissionsBoundary" }));
  assert.deepEqual(bounding.Policies?.map((p) => p.Arn), [boundary]);
  await expectError(iam.send(new DeletePolicyCommand({ PolicyArn: boundary })), {
    name: "DeleteConflictException", message: "Cannot delete a policy attached to entities.", status: 409,
  });

  await iam.send(new DeleteUserPermissionsBoundaryCommand({ UserName: "bounded" }));
  await own.send(new ListUsersCommand({}));
  assert.equal((await iam.send(new GetUserCommand({ UserName: "bounded" }))).User?.PermissionsBoundary, undefined);
  assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: boundary }))).Policy?.PermissionsBoundaryUsageCount, 0);
  // Removing a boundary that is not there succeeds (LocalStack test_iam_roles snapshot, boundary lifecycle).
  await iam.send(new DeleteUserPermissionsBoundaryCommand({ UserName: "bounded" }));
});

test("a role's boundary limits its sessions; Put/Delete RolePermissionsBoundary refuse bad ARNs and unknown names as AWS does", async () => {
  const boundary = await newPolicy("read-only-ssm", policy(allow("ssm:GetParameter")));
  const caller = await newUser(iam, "assumer", { policy: policy(allow("sts:AssumeRole")) });
  await iam.send(new CreateRoleCommand({ RoleName: "worker", AssumeRolePolicyDocument: trust(userArn("assumer")) }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: "worker", PolicyArn: await newPolicy("worker-all", policy(allow(["ssm:*", "iam:ListUsers"]))) }));
  await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: "worker", PermissionsBoundary: boundary }));
  assert.deepEqual((await iam.send(new GetRoleCommand({ RoleName: "worker" }))).Role?.PermissionsBoundary, {
    PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: boundary,
  });
  const session = await assume(stsClient(server, caller), roleArn("worker"), "s1");
  assert.equal((await readFlag(session)).Parameter?.Value, "on");
  await expectError(iamClient(server, session).send(new ListUsersCommand({})), {
    name: "AccessDenied", message: boundaryDenied(sessionArn("worker", "s1"), "iam:ListUsers", "*"), status: 403,
  });
  await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: "worker" }));
  await iamClient(server, session).send(new ListUsersCommand({}));
  assert.equal((await iam.send(new GetRoleCommand({ RoleName: "worker" }))).Role?.PermissionsBoundary, undefined);

  const bad = `arn:aws:iam::${ACCOUNT_ID}:not_a_policy/invalid`;
  await expectError(iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: "worker", PermissionsBoundary: bad })), {
    name: "InvalidInputException", message: `ARN ${bad} is not valid.`, status: 400,
  });
  await expectError(iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: "worker", PermissionsBoundary: policyArn("nonexistent-policy") })), {
    name: "NoSuchEntityException", message: `Scope ARN: ${policyArn("nonexistent-policy")} does not exist or is not attachable.`, status: 404,
  });
  await expectError(iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: "nonexistent-role", PermissionsBoundary: boundary })), {
    name: "NoSuchEntityException", message: "The role with name nonexistent-role cannot be found.", status: 404,
  });
  await expectError(iam.send(new DeleteUserPermissionsBoundaryCommand({ UserName: "nobody-here" })), {
    name: "NoSuchEntityException", message: "The user with name nobody-here cannot be found.", status: 404,
  });
});

test("iam:PermissionsBoundary lets a delegated admin set only the company boundary", async () => {
  const company = await newPolicy("company-boundary", policy(allow("ssm:*")));
  const other = await newPolicy("other-boundary", policy(allow("*")));
  const admin = iamClient(server, await newUser(iam, "delegate", {
    policy: policy(allow(["iam:CreateUser", "iam:PutUserPermissionsBoundary", "iam:AttachUserPolicy"], "*", {
      Condition: { StringEquals: { "iam:PermissionsBoundary": company } },
    })),
  }));
  await expectError(admin.send(new CreateUserCommand({ UserName: "free" })), {
    name: "AccessDenied", message: deniedText(userArn("delegate"), "iam:CreateUser", userArn("free")), status: 403,
  });
  await admin.send(new CreateUserCommand({ UserName: "hired", PermissionsBoundary: company }));
  await expectError(admin.send(new PutUserPermissionsBoundaryCommand({ UserName: "hired", PermissionsBoundary: other })), {
    name: "AccessDenied", message: deniedText(userArn("delegate"), "iam:PutUserPermissionsBoundary", userArn("hired")), status: 403,
  });
  await admin.send(new PutUserPermissionsBoundaryCommand({ UserName: "hired", PermissionsBoundary: company }));
  // Attaching policies carries the target user's boundary: allowed on "hired", not on a user without one.
  await admin.send(new AttachUserPolicyCommand({ UserName: "hired", PolicyArn: other }));
  await iam.send(new CreateUserCommand({ UserName: "unfenced" }));
  await expectError(admin.send(new AttachUserPolicyCommand({ UserName: "unfenced", PolicyArn: other })), {
    name: "AccessDenied", message: deniedText(userArn("delegate"), "iam:AttachUserPolicy", userArn("unfenced")), status: 403,
  });
});

test("UpdateUser renames: the access key, inline, attached and group policies follow; the old name is NoSuchEntity", async () => {
  await iam.send(new CreateGroupCommand({ GroupName: "readers" }));
  const c = await newUser(iam, "Bob", { policy: policy(allow("ssm:GetParameter")), groups: ["readers"] });
  await iam.send(new AttachUserPolicyCommand({ UserName: "Bob", PolicyArn: await newPolicy("list-users", policy(allow("iam:ListUsers"))) }));
  await iam.send(new AttachGroupPolicyCommand({ GroupName: "readers", PolicyArn: await newPolicy("get-user", policy(allow("iam:GetUser"))) }));
  const before = (await iam.send(new GetUserCommand({ UserName: "Bob" }))).User;

  await iam.send(new UpdateUserCommand({ UserName: "Bob", NewUserName: "Robert", NewPath: "/staff/" }));
  const after = (await iam.send(new GetUserCommand({ UserName: "Robert" }))).User;
  assert.equal(after?.UserId, before?.UserId);
  assert.equal(after?.Arn, userArn("Robert", "/staff/"));
  assert.equal(after?.Path, "/staff/");
  assert.deepEqual(after?.CreateDate, before?.CreateDate);
  await expectError(iam.send(new GetUserCommand({ UserName: "Bob" })), {
    name: "NoSuchEntityException", message: "The user with name Bob cannot be found.", status: 404,
  });

  const caller = await stsClient(server, c).send(new GetCallerIdentityCommand({}));
  assert.equal(caller.Arn, userArn("Robert", "/staff/"), "the old key now signs as the renamed user");
  assert.equal((await readFlag(c)).Parameter?.Value, "on", "inline policy applies");
  await iamClient(server, c).send(new ListUsersCommand({})); // attached policy
  await iamClient(server, c).send(new GetUserCommand({})); // group policy, and GetUser of itself
  assert.equal((await iam.send(new ListAccessKeysCommand({ UserName: "Robert" }))).AccessKeyMetadata?.[0]?.UserName, "Robert");
  assert.deepEqual((await iam.send(new ListGroupsForUserCommand({ UserName: "Robert" }))).Groups?.map((g) => g.GroupName), ["readers"]);
  assert.equal((await iam.send(new GetUserPolicyCommand({ UserName: "Robert", PolicyName: "inline" }))).UserName, "Robert");
  assert.deepEqual((await iam.send(new GetGroupCommand({ GroupName: "readers" }))).Users?.map((u) => u.Arn), [userArn("Robert", "/staff/")]);
});

test("UpdateUser onto an existing name is EntityAlreadyExists 409, an unknown user NoSuchEntity, and needs permission on both names", async () => {
  await iam.send(new CreateUserCommand({ UserName: "carol" }));
  await iam.send(new CreateUserCommand({ UserName: "dave" }));
  await expectError(iam.send(new UpdateUserCommand({ UserName: "carol", NewUserName: "DAVE" })), {
    name: "EntityAlreadyExistsException", message: "User with name DAVE already exists.", status: 409,
  });
  await expectError(iam.send(new UpdateUserCommand({ UserName: "nonexistent-user", NewUserName: "x" })), {
    name: "NoSuchEntityException", message: "The user with name nonexistent-user cannot be found.", status: 404,
  });
  // A change of case only is a rename of the same user.
  await iam.send(new UpdateUserCommand({ UserName: "carol", NewUserName: "Carol" }));
  assert.equal((await iam.send(new GetUserCommand({ UserName: "carol" }))).User?.UserName, "Carol");

  const renamer = iamClient(server, await newUser(iam, "renamer", { policy: policy(allow("iam:UpdateUser", userArn("dave"))) }));
  await expectError(renamer.send(new UpdateUserCommand({ UserName: "dave", NewUserName: "david" })), {
    name: "AccessDenied", message: deniedText(userArn("renamer"), "iam:UpdateUser", userArn("david")), status: 403,
  });
  assert.equal((await iam.send(new GetUserCommand({ UserName: "dave" }))).User?.UserName, "dave", "nothing changed");
});

test("UpdateGroup renames and moves a group; members keep its policies; the old name is NoSuchEntity", async () => {
  await iam.send(new CreateGroupCommand({ GroupName: "Test" }));
  await iam.send(new CreateGroupCommand({ GroupName: "Other" }));
  await iam.send(new AttachGroupPolicyCommand({ GroupName: "Test", PolicyArn: await newPolicy("group-ssm", policy(allow("ssm:GetParameter"))) }));
  const c = await newUser(iam, "member", { groups: ["Test"] });
  const id = (await iam.send(new GetGroupCommand({ GroupName: "Test" }))).Group?.GroupId;

  await iam.send(new UpdateGroupCommand({ GroupName: "Test", NewGroupName: "Test-1", NewPath: "/new-path/" }));
  const got = await iam.send(new GetGroupCommand({ GroupName: "Test-1" }));
  assert.equal(got.Group?.GroupId, id);
  assert.equal(got.Group?.Arn, `arn:aws:iam::${ACCOUNT_ID}:group/new-path/Test-1`);
  assert.deepEqual(got.Users?.map((u) => u.UserName), ["member"]);
  assert.equal((await readFlag(c)).Parameter?.Value, "on");
  await expectError(iam.send(new GetGroupCommand({ GroupName: "Test" })), {
    name: "NoSuchEntityException", message: "The group with name Test cannot be found.", status: 404,
  });
  await expectError(iam.send(new UpdateGroupCommand({ GroupName: "Test-1", NewGroupName: "Other" })), {
    name: "EntityAlreadyExistsException", message: "Group with name Other already exists.", status: 409,
  });
  await expectError(iam.send(new UpdateGroupCommand({ GroupName: "nonexisting", NewGroupName: "x" })), {
    name: "NoSuchEntityException", message: "The group with name nonexisting cannot be found.", status: 404,
  });
});

test("UpdateRoleDescription answers with the role without MaxSessionDuration and RoleLastUsed", async () => {
  await iam.send(new CreateRoleCommand({ RoleName: "production-role", AssumeRolePolicyDocument: trust(`arn:aws:iam::${ACCOUNT_ID}:root`), MaxSessionDuration: 7200 }));
  const out = await iam.send(new UpdateRoleDescriptionCommand({ RoleName: "production-role", Description: "Main production role" }));
  assert.deepEqual(Object.keys(out.Role ?? {}).sort(), ["Arn", "AssumeRolePolicyDocument", "CreateDate", "Description", "Path", "RoleId", "RoleName"]);
  assert.equal(out.Role?.Description, "Main production role");
  const role = (await iam.send(new GetRoleCommand({ RoleName: "production-role" }))).Role;
  assert.equal(role?.Description, "Main production role");
  assert.equal(role?.MaxSessionDuration, 7200);
  await expectError(iam.send(new UpdateRoleDescriptionCommand({ RoleName: "no-role", Description: "x" })), {
    name: "NoSuchEntityException", message: "The role with name no-role cannot be found.", status: 404,
  });
});

test("TagPolicy, UntagPolicy and ListPolicyTags: case-sensitive keys, shorter keys listed first, paging", async () => {
  const arn = await newPolicy("billing-access", policy(allow("ssm:GetParameter")));
  await iam.send(new TagPolicyCommand({ PolicyArn: arn, Tags: [{ Key: "Department", Value: "Accounting" }] }));
  await iam.send(new TagPolicyCommand({ PolicyArn: arn, Tags: [{ Key: "DeptID", Value: "123456" }, { Key: "department", Value: "x" }] }));
  const listed = await iam.send(new ListPolicyTagsCommand({ PolicyArn: arn }));
  assert.deepEqual(listed.Tags, [{ Key: "DeptID", Value: "123456" }, { Key: "Department", Value: "Accounting" }, { Key: "department", Value: "x" }]);
  assert.equal(listed.IsTruncated, false);
  const first = await iam.send(new ListPolicyTagsCommand({ PolicyArn: arn, MaxItems: 2 }));
  assert.equal(first.IsTruncated, true);
  const rest = await iam.send(new ListPolicyTagsCommand({ PolicyArn: arn, Marker: first.Marker }));
  assert.deepEqual([...(first.Tags ?? []), ...(rest.Tags ?? [])], listed.Tags);

  await iam.send(new UntagPolicyCommand({ PolicyArn: arn, TagKeys: ["Department"] }));
  assert.deepEqual((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.Tags?.map((t) => t.Key).sort(), ["DeptID", "department"]);
  await expectError(iam.send(new TagPolicyCommand({ PolicyArn: arn, Tags: [{ Key: "a", Value: "1" }, { Key: "a", Value: "2" }] })), {
    name: "InvalidInputException", message: "Duplicate tag keys found.", status: 400,
  });
  await expectError(iam.send(new ListPolicyTagsCommand({ PolicyArn: policyArn("missing") })), {
    name: "NoSuchEntityException", message: `Policy ${policyArn("missing")} was not found.`, status: 404,
  });
});

test("ListEntitiesForPolicy lists attached groups, users and roles with filters, path prefix and one marker over all", async () => {
  const arn = await newPolicy("TestPolicy", policy(allow("ssm:GetParameter")));
  const empty = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn }));
  assert.deepEqual([empty.PolicyGroups, empty.PolicyUsers, empty.PolicyRoles, empty.IsTruncated], [[], [], [], false]);

  await iam.send(new CreateGroupCommand({ GroupName: "Admins", Path: "/ops/" }));
  await iam.send(new AttachGroupPolicyCommand({ GroupName: "Admins", PolicyArn: arn }));
  for (const [name, path] of [["Alice", "/ops/"], ["zed", "/"]] as const) {
    await iam.send(new CreateUserCommand({ UserName: name, Path: path }));
    await iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: arn }));
  }
  await iam.send(new CreateRoleCommand({ RoleName: "DevRole", AssumeRolePolicyDocument: trust(`arn:aws:iam::${ACCOUNT_ID}:root`) }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: "DevRole", PolicyArn: arn }));
  await iam.send(new CreateUserCommand({ UserName: "fenced", PermissionsBoundary: arn }));
  const ids = async (name: string) => (await iam.send(new GetUserCommand({ UserName: name }))).User?.UserId;

  const all = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn }));
  assert.deepEqual(all.PolicyGroups?.map((g) => g.GroupName), ["Admins"]);
  assert.match(all.PolicyGroups?.[0]?.GroupId ?? "", /^AGPA/);
  assert.deepEqual(all.PolicyUsers, [{ UserName: "Alice", UserId: await ids("Alice") }, { UserName: "zed", UserId: await ids("zed") }]);
  assert.deepEqual(all.PolicyRoles?.map((r) => r.RoleName), ["DevRole"]);

  const users = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, EntityFilter: "User" }));
  assert.deepEqual([users.PolicyGroups, users.PolicyUsers?.length, users.PolicyRoles], [[], 2, []]);
  const ops = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, PathPrefix: "/ops/" }));
  assert.deepEqual([ops.PolicyGroups?.length, ops.PolicyUsers?.map((u) => u.UserName), ops.PolicyRoles], [1, ["Alice"], []]);
  const bounded = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, PolicyUsageFilter: "PermissionsBoundary" }));
  assert.deepEqual([bounded.PolicyGroups, bounded.PolicyUsers?.map((u) => u.UserName), bounded.PolicyRoles], [[], ["fenced"], []]);
  const local = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, EntityFilter: "LocalManagedPolicy" }));
  assert.deepEqual([local.PolicyGroups, local.PolicyUsers, local.PolicyRoles], [[], [], []]);

  const seen: string[] = [];
  let marker: string | undefined;
  for (let page = 0; page < 10; page++) {
    const out = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, MaxItems: 1, ...(marker ? { Marker: marker } : {}) }));
    seen.push(...(out.PolicyGroups ?? []).map((g) => `g:${g.GroupName}`), ...(out.PolicyUsers ?? []).map((u) => `u:${u.UserName}`), ...(out.PolicyRoles ?? []).map((r) => `r:${r.RoleName}`));
    if (!out.IsTruncated) break;
    marker = out.Marker;
  }
  assert.deepEqual(seen, ["g:Admins", "u:Alice", "u:zed", "r:DevRole"]);

  await expectError(iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: policyArn("NonExistentPolicy") })), {
    name: "NoSuchEntityException", message: `Policy ${policyArn("NonExistentPolicy")} does not exist or is not attachable.`, status: 404,
  });
});
