// GetCallerIdentity for every principal kind, GetSessionToken, and expiry of temporary credentials (iam.md §10).
import assert from "node:assert/strict";
import { test } from "node:test";
import { CreateRoleCommand, PutRolePolicyCommand, type IAMClient } from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand, GetSessionTokenCommand, type STSClient } from "@aws-sdk/client-sts";
import { GetParameterCommand, PutParameterCommand } from "@aws-sdk/client-ssm";
import { iamClient, ssmClient, stsClient, type Creds } from "../helpers/clients.js";
import { ACCOUNT_ID, startServer, type TestServer } from "../helpers/server.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { expectError } from "../helpers/assertions.js";
import { allow, assume, deny, newUser, policy, ROOT_ARN, roleArn, trust, userArn } from "./iam-support.js";

let server: TestServer;
let iam: IAMClient;
const sts = (c?: Creds): STSClient => stsClient(server, c);

serverPerFile(async (started) => {
  server = started;
  iam = iamClient(server);
  await ssmClient(server).send(new PutParameterCommand({ Name: "/s/p", Value: "v", Type: "String" }));
});

const sessionCreds = (c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } | undefined): Creds => ({
  accessKeyId: c?.AccessKeyId ?? "", secretAccessKey: c?.SecretAccessKey ?? "", sessionToken: c?.SessionToken ?? "",
});

test("GetCallerIdentity names root, users and sessions as AWS does", async () => {
  const root = await sts().send(new GetCallerIdentityCommand({}));
  assert.deepEqual([root.UserId, root.Account, root.Arn], [ACCOUNT_ID, ACCOUNT_ID, ROOT_ARN]);
  const user = await newUser(iam, "ident", { path: "/division/" });
  const me = await sts(user).send(new GetCallerIdentityCommand({}));
  assert.match(me.UserId ?? "", /^AIDA[A-Z0-9]{17}$/);
  assert.equal(me.Arn, userArn("ident", "/division/"));
});

test("GetCallerIdentity needs no permission, even under an explicit deny of everything", async () => {
  const denied = await newUser(iam, "deny-all", { policy: policy(deny("*")) });
  const me = await sts(denied).send(new GetCallerIdentityCommand({}));
  assert.equal(me.Arn, userArn("deny-all"));
});

test("GetSessionToken: ASIA credentials acting as the user, with the user's permissions", async () => {
  const user = await newUser(iam, "sessioned", { policy: policy(allow("ssm:GetParameter")) });
  const out = await sts(user).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
  const s = sessionCreds(out.Credentials);
  assert.match(s.accessKeyId, /^ASIA[A-Z0-9]{16}$/);
  const me = await sts(s).send(new GetCallerIdentityCommand({}));
  assert.equal(me.Arn, userArn("sessioned"));
  assert.equal((await ssmClient(server, s).send(new GetParameterCommand({ Name: "/s/p" }))).Parameter?.Value, "v");
  await expectError(sts(s).send(new GetSessionTokenCommand({})), {
    name: "AccessDenied", message: "Cannot call GetSessionToken with session credentials", status: 403,
  });
});

test("GetSessionToken defaults to 12 hours for users and caps root sessions at one hour", async () => {
  const user = await newUser(iam, "twelve");
  const t0 = Date.now();
  const u = await sts(user).send(new GetSessionTokenCommand({}));
  // The server's clock is read during the call, somewhere in [t0, now]: the lifetime measured from t0 may exceed
  // 12 h by up to the call's own duration (it failed when the expiry's second began during the call).
  const uExp = (u.Credentials?.Expiration?.getTime() ?? 0) - t0;
  assert.ok(uExp > 43_190_000 && uExp <= 43_200_000 + (Date.now() - t0), `user session lasts ${uExp} ms`);
  const t1 = Date.now();
  const r = await sts().send(new GetSessionTokenCommand({ DurationSeconds: 7200 }));
  const rExp = (r.Credentials?.Expiration?.getTime() ?? 0) - t1;
  assert.ok(rExp > 3_590_000 && rExp <= 3_600_000 + (Date.now() - t1), `root session lasts ${rExp} ms`);
  const me = await sts(sessionCreds(r.Credentials)).send(new GetCallerIdentityCommand({}));
  assert.equal(me.Arn, ROOT_ARN);
  await expectError(sts(user).send(new GetSessionTokenCommand({ DurationSeconds: 129_601 })), {
    name: "ValidationError",
    message: "1 validation error detected: Value '129601' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 129600",
    status: 400,
  });
});

test("expired temporary credentials: ExpiredToken on Query, ExpiredTokenException on JSON", async () => {
  // The shortest STS session is 900 s. This server judges expiry 901 s late (PARAMSTORE_TEST_CLOCK_OFFSET_MS,
  // honoured only with NODE_ENV=test): a 900 s session is already over, a 3600 s one is not.
  const skewed = await startServer({ env: { NODE_ENV: "test", PARAMSTORE_TEST_CLOCK_OFFSET_MS: "901000" } });
  try {
    const skIam = iamClient(skewed);
    await skIam.send(new CreateRoleCommand({ RoleName: "brief", AssumeRolePolicyDocument: trust(ROOT_ARN) }));
    await skIam.send(new PutRolePolicyCommand({ RoleName: "brief", PolicyName: "p", PolicyDocument: policy(allow("ssm:*")) }));
    const user = await newUser(skIam, "brief-user", { policy: policy(allow("sts:AssumeRole")) });
    const shortSession = await assume(stsClient(skewed, user), roleArn("brief"), "short", { DurationSeconds: 900 });
    await expectError(stsClient(skewed, shortSession).send(new GetCallerIdentityCommand({})), {
      name: "ExpiredToken", message: "The security token included in the request is expired", status: 403,
    });
    await expectError(ssmClient(skewed, shortSession).send(new GetParameterCommand({ Name: "/x" })), {
      name: "ExpiredTokenException", message: "The security token included in the request is expired", status: 400,
    });
    const userSession = sessionCreds((await stsClient(skewed, user).send(new GetSessionTokenCommand({ DurationSeconds: 900 }))).Credentials);
    await expectError(stsClient(skewed, userSession).send(new GetCallerIdentityCommand({})), { name: "ExpiredToken", message: /expired/, status: 403 });
    const longSession = await assume(stsClient(skewed, user), roleArn("brief"), "long", { DurationSeconds: 3600 });
    const me = await stsClient(skewed, longSession).send(new GetCallerIdentityCommand({}));
    assert.match(me.Arn ?? "", /assumed-role\/brief\/long$/);
  } finally {
    await skewed.stop();
  }
});
