// GetRole's RoleLastUsed (IAM API reference, RoleLastUsed: "the date and time and the Region in which the role was
// last used"): empty for a role no session has used, then the time and region of the latest request signed with one
// of its sessions' credentials — kept across a restart. Found by running moto's test_iam_access_integration
// (test_mark_role_as_last_used) against paramstore.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { CreateRoleCommand, GetRoleCommand, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { DescribeParametersCommand } from "@aws-sdk/client-ssm";
import { iamClient, ssmClient, stsClient } from "../helpers/clients.js";
import { startServer, type TestServer } from "../helpers/server.js";
import { allow, assume, newUser, policy, roleArn, trust, userArn } from "./iam-support.js";

test("RoleLastUsed is empty until a session of the role signs a request, then names its time and region; it survives a restart", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "paramstore-rolelastused-"));
  const running: TestServer[] = [];
  const start = async (): Promise<TestServer> => {
    const s = await startServer({ dataDir });
    running.push(s);
    return s;
  };
  try {
    let server = await start();
    const iam = iamClient(server);
    const user = await newUser(iam, "hopper", { policy: policy(allow("sts:AssumeRole")) });
    await iam.send(new CreateRoleCommand({ RoleName: "worker", AssumeRolePolicyDocument: trust(userArn("hopper")) }));
    await iam.send(new CreateRoleCommand({ RoleName: "idle", AssumeRolePolicyDocument: trust(userArn("hopper")) }));
    await iam.send(new PutRolePolicyCommand({ RoleName: "worker", PolicyName: "p", PolicyDocument: policy(allow("ssm:DescribeParameters")) }));

    const session = await assume(stsClient(server, user), roleArn("worker"), "s1");
    await assume(stsClient(server, user), roleArn("idle"), "s2"); // assuming alone is not a use of the role
    assert.deepEqual((await iam.send(new GetRoleCommand({ RoleName: "worker" }))).Role?.RoleLastUsed, {});

    const before = Math.floor(Date.now() / 1000) * 1000;
    await ssmClient(server, session, "eu-west-3").send(new DescribeParametersCommand({}));
    const after = Date.now();
    const used = (await iam.send(new GetRoleCommand({ RoleName: "worker" }))).Role?.RoleLastUsed;
    assert.equal(used?.Region, "eu-west-3");
    const at = used?.LastUsedDate?.getTime() ?? 0;
    assert.ok(at >= before && at <= after, `LastUsedDate ${new Date(at).toISOString()} is the time of the call`);
    assert.deepEqual((await iam.send(new GetRoleCommand({ RoleName: "idle" }))).Role?.RoleLastUsed, {}, "a role no session used stays empty");

    await server.stop({ keepData: true }); // the shutdown flushes what the periodic job has not written yet
    server = await start();
    const kept = (await iamClient(server).send(new GetRoleCommand({ RoleName: "worker" }))).Role?.RoleLastUsed;
    assert.deepEqual(kept, used, "the last use survives a restart");
  } finally {
    for (const s of running) await s.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
