// IAM users, tags and groups through the real server and @aws-sdk/client-iam (iam.md §9).
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  AddUserToGroupCommand, CreateGroupCommand, CreateUserCommand, DeleteGroupCommand, DeleteUserCommand, GetGroupCommand,
  GetUserCommand, ListGroupsCommand, ListGroupsForUserCommand, ListUsersCommand, ListUserTagsCommand,
  PutGroupPolicyCommand, DeleteGroupPolicyCommand, RemoveUserFromGroupCommand, TagUserCommand, UntagUserCommand,
  type IAMClient,
} from "@aws-sdk/client-iam";
import { iamClient } from "../helpers/clients.js";
import { ACCOUNT_ID } from "../helpers/server.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { expectError } from "../helpers/assertions.js";
import { allow, policy, userArn } from "./iam-support.js";

let iam: IAMClient;

serverPerFile((server) => {
  iam = iamClient(server);
});

test("CreateUser returns the user with an AIDA id, its ARN with path, and whole-second CreateDate", async () => {
  const out = await iam.send(new CreateUserCommand({ UserName: "alice", Path: "/division/", Tags: [{ Key: "team", Value: "blue" }] }));
  const u = out.User;
  assert.ok(u);
  assert.equal(u.UserName, "alice");
  assert.equal(u.Path, "/division/");
  assert.equal(u.Arn, `arn:aws:iam::${ACCOUNT_ID}:user/division/alice`);
  assert.match(u.UserId ?? "", /^AIDA[A-Z0-9]{17}$/);
  assert.equal((u.CreateDate?.getTime() ?? 1) % 1000, 0);
  assert.deepEqual(u.Tags, [{ Key: "team", Value: "blue" }]);
  const got = await iam.send(new GetUserCommand({ UserName: "ALICE" }));
  assert.equal(got.User?.UserName, "alice", "names are unique case-insensitively and keep their case");
  assert.equal(got.User?.UserId, u.UserId);
});

test("CreateUser of an existing name (any case) is EntityAlreadyExists 409 and changes nothing", async () => {
  await iam.send(new CreateUserCommand({ UserName: "bob" }));
  await expectError(iam.send(new CreateUserCommand({ UserName: "Bob", Path: "/other/" })), {
    name: "EntityAlreadyExistsException", message: "User with name Bob already exists.", status: 409,
  });
  const got = await iam.send(new GetUserCommand({ UserName: "bob" }));
  assert.equal(got.User?.Path, "/");
});

test("GetUser of an unknown user is NoSuchEntity 404 with AWS's text", async () => {
  await expectError(iam.send(new GetUserCommand({ UserName: "nobody" })), {
    name: "NoSuchEntityException", message: "The user with name nobody cannot be found.", status: 404,
  });
});

test("GetUser without UserName as root answers with the account itself", async () => {
  const out = await iam.send(new GetUserCommand({}));
  assert.equal(out.User?.UserId, ACCOUNT_ID);
  assert.equal(out.User?.Arn, `arn:aws:iam::${ACCOUNT_ID}:root`);
  assert.equal(out.User?.UserName, undefined);
});

test("invalid user names fail model validation with ValidationError and create nothing", async () => {
  await expectError(iam.send(new CreateUserCommand({ UserName: "bad name!" })), {
    name: "ValidationError",
    message: "1 validation error detected: Value at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    status: 400,
  });
  await expectError(iam.send(new GetUserCommand({ UserName: "bad name!" })), { name: "ValidationError", message: /validation error/, status: 400 });
});

test("ListUsers pages with Marker/MaxItems (IsTruncated exactly when a Marker is returned) and filters by PathPrefix", async () => {
  for (const n of ["page-a", "page-b", "page-c"]) await iam.send(new CreateUserCommand({ UserName: n, Path: "/paged/" }));
  const first = await iam.send(new ListUsersCommand({ PathPrefix: "/paged/", MaxItems: 2 }));
  assert.deepEqual(first.Users?.map((u) => u.UserName), ["page-a", "page-b"]);
  assert.equal(first.IsTruncated, true);
  assert.ok(first.Marker);
  const second = await iam.send(new ListUsersCommand({ PathPrefix: "/paged/", MaxItems: 2, Marker: first.Marker }));
  assert.deepEqual(second.Users?.map((u) => u.UserName), ["page-c"]);
  assert.equal(second.IsTruncated, false);
  assert.equal(second.Marker, undefined);
  const all = await iam.send(new ListUsersCommand({}));
  assert.ok((all.Users ?? []).some((u) => u.UserName === "bob"));
  assert.equal(all.Users?.[0]?.Tags, undefined, "list entries carry no tags");
});

test("user tags: add, replace case-insensitively, list, remove; duplicates in one request are refused", async () => {
  await iam.send(new CreateUserCommand({ UserName: "tagged" }));
  await iam.send(new TagUserCommand({ UserName: "tagged", Tags: [{ Key: "Env", Value: "dev" }, { Key: "owner", Value: "x" }] }));
  await iam.send(new TagUserCommand({ UserName: "tagged", Tags: [{ Key: "env", Value: "prod" }] }));
  const listed = await iam.send(new ListUserTagsCommand({ UserName: "tagged" }));
  assert.deepEqual(listed.Tags, [{ Key: "env", Value: "prod" }, { Key: "owner", Value: "x" }]);
  await expectError(iam.send(new TagUserCommand({ UserName: "tagged", Tags: [{ Key: "a", Value: "1" }, { Key: "A", Value: "2" }] })), {
    name: "InvalidInputException", message: "Duplicate tag keys found. Please note that Tag keys are case insensitive.", status: 400,
  });
  await iam.send(new UntagUserCommand({ UserName: "tagged", TagKeys: ["ENV"] }));
  const after = await iam.send(new ListUserTagsCommand({ UserName: "tagged" }));
  assert.deepEqual(after.Tags, [{ Key: "owner", Value: "x" }]);
});

test("DeleteUser refuses while the user has policies, groups or keys (DeleteConflict 409), then deletes", async () => {
  await iam.send(new CreateUserCommand({ UserName: "leaving" }));
  await iam.send(new CreateGroupCommand({ GroupName: "leavers" }));
  await iam.send(new AddUserToGroupCommand({ GroupName: "leavers", UserName: "leaving" }));
  await expectError(iam.send(new DeleteUserCommand({ UserName: "leaving" })), {
    name: "DeleteConflictException", message: "Cannot delete entity, must remove users from group first.", status: 409,
  });
  await expectError(iam.send(new DeleteGroupCommand({ GroupName: "leavers" })), {
    name: "DeleteConflictException", message: "Cannot delete entity, must remove users from group first.", status: 409,
  });
  await iam.send(new RemoveUserFromGroupCommand({ GroupName: "leavers", UserName: "leaving" }));
  await iam.send(new DeleteUserCommand({ UserName: "leaving" }));
  await expectError(iam.send(new GetUserCommand({ UserName: "leaving" })), { name: "NoSuchEntityException", message: /cannot be found/, status: 404 });
  await expectError(iam.send(new DeleteUserCommand({ UserName: "leaving" })), {
    name: "NoSuchEntityException", message: "The user with name leaving cannot be found.", status: 404,
  });
});

test("groups: create, get with members, list, list for user, inline policy blocks deletion", async () => {
  const created = await iam.send(new CreateGroupCommand({ GroupName: "readers", Path: "/teams/" }));
  assert.match(created.Group?.GroupId ?? "", /^AGPA[A-Z0-9]{17}$/);
  assert.equal(created.Group?.Arn, `arn:aws:iam::${ACCOUNT_ID}:group/teams/readers`);
  await expectError(iam.send(new CreateGroupCommand({ GroupName: "Readers" })), {
    name: "EntityAlreadyExistsException", message: "Group with name Readers already exists.", status: 409,
  });
  await iam.send(new CreateUserCommand({ UserName: "reader1" }));
  await iam.send(new AddUserToGroupCommand({ GroupName: "readers", UserName: "reader1" }));
  await iam.send(new AddUserToGroupCommand({ GroupName: "readers", UserName: "reader1" }));
  const got = await iam.send(new GetGroupCommand({ GroupName: "readers" }));
  assert.deepEqual(got.Users?.map((u) => u.Arn), [userArn("reader1")]);
  const forUser = await iam.send(new ListGroupsForUserCommand({ UserName: "reader1" }));
  assert.deepEqual(forUser.Groups?.map((g) => g.GroupName), ["readers"]);
  const listed = await iam.send(new ListGroupsCommand({ PathPrefix: "/teams/" }));
  assert.deepEqual(listed.Groups?.map((g) => g.GroupName), ["readers"]);
  await expectError(iam.send(new AddUserToGroupCommand({ GroupName: "readers", UserName: "ghost" })), {
    name: "NoSuchEntityException", message: "The user with name ghost cannot be found.", status: 404,
  });
  await expectError(iam.send(new GetGroupCommand({ GroupName: "ghosts" })), {
    name: "NoSuchEntityException", message: "The group with name ghosts cannot be found.", status: 404,
  });
  await iam.send(new RemoveUserFromGroupCommand({ GroupName: "readers", UserName: "reader1" }));
  await iam.send(new PutGroupPolicyCommand({ GroupName: "readers", PolicyName: "p", PolicyDocument: policy(allow("ssm:GetParameter")) }));
  await expectError(iam.send(new DeleteGroupCommand({ GroupName: "readers" })), {
    name: "DeleteConflictException", message: "Cannot delete entity, must delete policies first.", status: 409,
  });
  await iam.send(new DeleteGroupPolicyCommand({ GroupName: "readers", PolicyName: "p" }));
  await iam.send(new DeleteGroupCommand({ GroupName: "readers" }));
});
