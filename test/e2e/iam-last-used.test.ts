// GetAccessKeyLastUsed through the real server: N/A for a new key, the last service/region/minute after use,
// kept across a restart (flushed on shutdown and by the periodic job), and never for temporary keys.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import Database from "better-sqlite3";
import {
  CreateRoleCommand, DeleteAccessKeyCommand, GetAccessKeyLastUsedCommand, ListAccessKeysCommand, PutRolePolicyCommand, type IAMClient,
} from "@aws-sdk/client-iam";
import { DescribeParametersCommand } from "@aws-sdk/client-ssm";
import { GetCallerIdentityCommand, GetSessionTokenCommand } from "@aws-sdk/client-sts";
import { iamClient, ssmClient, stsClient, type Creds } from "../helpers/clients.js";
import { expectError, waitUntil } from "../helpers/assertions.js";
import { startServer, type TestServer } from "../helpers/server.js";
import { allow, assume, deniedText, newUser, policy, ROOT_ARN, roleArn, trust, userArn } from "./iam-support.js";

const lastUsed = (iam: IAMClient, id: string) => iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: id }));
/** AWS's text for a key id the account does not have (LocalStack test_iam_users snapshot recorded against AWS, 2026-02-24). */
const keyDenied = (id: string, caller = ROOT_ARN): string =>
  `User: ${caller} is not authorized to perform iam:GetAccessKeyLastUsed on resource: access key ${id}`;
const minuteOf = (t: number): number => Math.floor(t / 60_000) * 60_000;

/** A server on a data directory the test owns (so it can restart on it), stopped and removed afterwards. */
async function withServer(env: Record<string, string>, body: (start: () => Promise<TestServer>) => Promise<void>): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "paramstore-lastused-"));
  const running: TestServer[] = [];
  try {
    await body(async () => {
      const s = await startServer({ dataDir, env });
      running.push(s);
      return s;
    });
  } finally {
    for (const s of running) await s.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

test("a new key answers N/A without LastUsedDate; after an SSM call it names ssm, the region and the minute, also after a restart", async () => {
  await withServer({}, async (start) => {
    let server = await start();
    const user = await newUser(iamClient(server), "worker", { policy: policy(allow("ssm:DescribeParameters")) });
    const fresh = await lastUsed(iamClient(server), user.accessKeyId);
    assert.equal(fresh.UserName, "worker");
    assert.deepEqual(fresh.AccessKeyLastUsed, { ServiceName: "N/A", Region: "N/A" });

    const before = Date.now();
    await ssmClient(server, user, "eu-west-3").send(new DescribeParametersCommand({}));
    const after = Date.now();
    const used = await lastUsed(iamClient(server), user.accessKeyId);
    assert.equal(used.UserName, "worker");
    assert.equal(used.AccessKeyLastUsed?.ServiceName, "ssm");
    assert.equal(used.AccessKeyLastUsed?.Region, "eu-west-3");
    const at = used.AccessKeyLastUsed?.LastUsedDate?.getTime() ?? 0;
    assert.ok(at >= minuteOf(before) && at <= after, `LastUsedDate ${new Date(at).toISOString()} is the minute of the call`);
    assert.equal(at % 60_000, 0, "AWS reports last use to the minute");
    // ListAccessKeys has no last-use member in the model (AccessKeyMetadata): nothing extra appears.
    const listed = await iamClient(server).send(new ListAccessKeysCommand({ UserName: "worker" }));
    assert.deepEqual(Object.keys(listed.AccessKeyMetadata?.[0] ?? {}).sort(), ["AccessKeyId", "CreateDate", "Status", "UserName"]);

    await server.stop({ keepData: true }); // SIGTERM: the shutdown flushes what the periodic job has not written yet
    server = await start();
    const kept = await lastUsed(iamClient(server), user.accessKeyId);
    assert.deepEqual(kept.AccessKeyLastUsed, used.AccessKeyLastUsed, "the last use survives a restart");
  });
});

test("the periodic job writes noted uses to the database without waiting for shutdown", async () => {
  await withServer({ PARAMSTORE_JOB_INTERVAL_MS: "50" }, async (start) => {
    const server = await start();
    const user = await newUser(iamClient(server), "batch", { policy: policy(allow("ssm:DescribeParameters")) });
    await ssmClient(server, user, "ap-south-1").send(new DescribeParametersCommand({}));
    const db = new Database(join(server.dataDir, "paramstore.db"), { readonly: true });
    try {
      const stored = await waitUntil(async () => {
        const row = db.prepare("SELECT last_used_service AS service, last_used_region AS region FROM iam_access_keys WHERE access_key_id = ?")
          .get(user.accessKeyId) as { service: string | null; region: string | null } | undefined; // the columns selected above
        return row?.service ? row : undefined;
      }, 5_000, "the last use to reach the database");
      assert.deepEqual({ ...stored }, { service: "ssm", region: "ap-south-1" });
    } finally {
      db.close();
    }
  });
});

test("temporary keys (AssumeRole, GetSessionToken) are not IAM access keys: not tracked, refused like any unknown key", async () => {
  await withServer({}, async (start) => {
    const server = await start();
    const iam = iamClient(server);
    const user = await newUser(iam, "hopper", { policy: policy(allow(["sts:AssumeRole", "ssm:DescribeParameters"])) });
    await iam.send(new CreateRoleCommand({ RoleName: "r", AssumeRolePolicyDocument: trust(userArn("hopper")) }));
    await iam.send(new PutRolePolicyCommand({ RoleName: "r", PolicyName: "p", PolicyDocument: policy(allow("ssm:DescribeParameters")) }));
    const role = await assume(stsClient(server, user), roleArn("r"), "s1");
    const tokenOut = await stsClient(server, user).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    const session: Creds = {
      accessKeyId: tokenOut.Credentials?.AccessKeyId ?? "", secretAccessKey: tokenOut.Credentials?.SecretAccessKey ?? "",
      sessionToken: tokenOut.Credentials?.SessionToken ?? "",
    };
    for (const temp of [role, session]) {
      await ssmClient(server, temp, "eu-north-1").send(new DescribeParametersCommand({}));
      await expectError(lastUsed(iam, temp.accessKeyId), { name: "AccessDenied", message: keyDenied(temp.accessKeyId), status: 403 });
    }
    // The user's own key was last used for GetSessionToken (STS, us-east-1), not by the sessions' SSM calls.
    const own = await lastUsed(iam, user.accessKeyId);
    assert.equal(own.AccessKeyLastUsed?.ServiceName, "sts");
    assert.equal(own.AccessKeyLastUsed?.Region, "us-east-1");
  });
});

test("GetAccessKeyLastUsed is authorised as iam:GetAccessKeyLastUsed on the owner's ARN; unknown and deleted keys are AccessDenied naming the key", async () => {
  await withServer({}, async (start) => {
    const server = await start();
    const iam = iamClient(server);
    const other = await newUser(iam, "other");
    const self = await newUser(iam, "self", { policy: policy(allow("iam:GetAccessKeyLastUsed", userArn("${aws:username}"))) });
    await stsClient(server, self).send(new GetCallerIdentityCommand({}));
    const mine = await lastUsed(iamClient(server, self), self.accessKeyId);
    assert.equal(mine.UserName, "self");
    assert.equal(mine.AccessKeyLastUsed?.ServiceName, "iam", "this very call is the key's last use");
    await expectError(lastUsed(iamClient(server, self), other.accessKeyId), {
      name: "AccessDenied", message: deniedText(userArn("self"), "iam:GetAccessKeyLastUsed", userArn("other")), status: 403,
    });
    const unknown = "AKIAUNKNOWNKEY000000";
    await expectError(lastUsed(iam, unknown), { name: "AccessDenied", message: keyDenied(unknown), status: 403 });
    await expectError(lastUsed(iamClient(server, self), unknown), { name: "AccessDenied", message: keyDenied(unknown, userArn("self")), status: 403 });
    await iam.send(new DeleteAccessKeyCommand({ UserName: "other", AccessKeyId: other.accessKeyId }));
    await expectError(lastUsed(iam, other.accessKeyId), { name: "AccessDenied", message: keyDenied(other.accessKeyId), status: 403 });
  });
});
