// Rotation through a registered webhook (secretsmanager.md §2.11): the four-step contract with AWS's event shape,
// RotateImmediately=false, retries, a failed rotation leaving AWSCURRENT intact and visible, cancel, the schedule,
// RotateSecret's errors, and the audit trail.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import {
  CancelRotateSecretCommand, CreateSecretCommand, GetSecretValueCommand, ListSecretVersionIdsCommand, PutSecretValueCommand,
  RotateSecretCommand, UpdateSecretVersionStageCommand, type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { secretsClient } from "../helpers/clients.js";
import { startServer, type TestServer } from "../helpers/server.js";
import { rejectsWith, waitUntil } from "../helpers/assertions.js";
import { auditEvents, describe, failureNote, lambdaArn } from "./secrets-support.js";
import { SIGNING_SECRET, startWebhook, type WebhookFixture } from "./secrets-webhook-fixture.js";

const DAY_MS = 86_400_000;
let hook: WebhookFixture;
let server: TestServer;
let scheduled: TestServer;
let sm: SecretsManagerClient;
const FN = lambdaArn("test-rotator");

before(async () => {
  hook = await startWebhook();
  const webhooks = JSON.stringify({ "test-rotator": { url: hook.url, signingSecret: SIGNING_SECRET, timeoutSeconds: 10 } });
  [server, scheduled] = await Promise.all([
    startServer({ env: { PARAMSTORE_ROTATION_WEBHOOKS: webhooks, PARAMSTORE_ROTATION_RETRY_SECONDS: "1", PARAMSTORE_ROTATION_POLL_SECONDS: "0.2" } }),
    // Jobs on a clock two days ahead: a one-day schedule is due there.
    startServer({ env: { PARAMSTORE_ROTATION_WEBHOOKS: webhooks, NODE_ENV: "test", PARAMSTORE_TEST_JOB_CLOCK_OFFSET_MS: String(2 * DAY_MS), PARAMSTORE_JOB_INTERVAL_MS: "200" } }),
  ]);
  sm = secretsClient(server);
  hook.client = sm;
});
after(async () => {
  await Promise.all([server?.stop(), scheduled?.stop(), hook?.close()]);
});

const value = (password: string): string => JSON.stringify({ username: "svc", password });
const current = async (id: string, c = sm): Promise<string> => (await c.send(new GetSecretValueCommand({ SecretId: id }))).SecretString ?? "";
const callsFor = (arn: string | undefined): string[] => hook.calls.filter((c) => c.SecretId === arn).map((c) => c.Step);
const rotated = (id: string, c = sm) => waitUntil(async () => (await describe(c, id)).LastRotatedDate, 15_000, `${id} to be rotated`);

test("RotateSecret runs createSecret, setSecret, testSecret, finishSecret with AWS's event and moves AWSCURRENT", async () => {
  const c = await sm.send(new CreateSecretCommand({ Name: "rot/hook", SecretString: value("initial") }));
  const r = await sm.send(new RotateSecretCommand({ SecretId: "rot/hook", RotationLambdaARN: FN, RotationRules: { AutomaticallyAfterDays: 10 } }));
  assert.equal(r.ARN, c.ARN);
  assert.ok(r.VersionId, "the new version's id");
  const at = await rotated("rot/hook");
  assert.deepEqual(callsFor(c.ARN), ["createSecret", "setSecret", "testSecret", "finishSecret"]);
  assert.ok(hook.calls.filter((x) => x.SecretId === c.ARN).every((x) => x.ClientRequestToken === r.VersionId), "every step carries the token");
  const now = JSON.parse(await current("rot/hook")) as { password: string };
  assert.notEqual(now.password, "initial");
  assert.equal(hook.system.get("svc"), now.password, "the system got the new password");
  assert.equal(JSON.parse((await sm.send(new GetSecretValueCommand({ SecretId: "rot/hook", VersionStage: "AWSPREVIOUS" }))).SecretString ?? "{}").password, "initial");
  const d = await describe(sm, "rot/hook");
  assert.equal(d.RotationEnabled, true);
  assert.equal(d.RotationLambdaARN, FN);
  assert.deepEqual(d.RotationRules, { AutomaticallyAfterDays: 10 });
  assert.deepEqual(d.VersionIdsToStages?.[r.VersionId ?? ""], ["AWSCURRENT", "AWSPENDING"]);
  const next = d.NextRotationDate?.getTime() ?? 0;
  const dayEnd = Math.floor(at.getTime() / DAY_MS) * DAY_MS + 11 * DAY_MS - 1000;
  assert.equal(next, dayEnd, "NextRotationDate: the end of the UTC day ten days after the rotation");
  assert.equal(failureNote(d), undefined);
  const started = await auditEvents(server, "RotationStarted");
  const succeeded = await auditEvents(server, "RotationSucceeded");
  assert.ok(started.some((e) => JSON.stringify(e).includes(r.VersionId ?? "-")));
  assert.ok(succeeded.some((e) => JSON.stringify(e).includes(r.VersionId ?? "-")));
  const puts = await auditEvents(server, "PutSecretValue");
  const identity = (e: Record<string, unknown>): string => String((e["userIdentity"] as Record<string, unknown> | undefined)?.["arn"] ?? "");
  assert.ok(puts.some((e) => identity(e).endsWith(":root") && JSON.stringify(e).includes(r.VersionId ?? "-")), "the webhook's own PutSecretValue is audited with its caller");
});

test("RotateImmediately=false only tests: testSecret against a temporary AWSPENDING copy that is removed again", async () => {
  const c = await sm.send(new CreateSecretCommand({ Name: "rot/test-only", SecretString: value("p1") }));
  hook.system.set("svc", "p1");
  const r = await sm.send(new RotateSecretCommand({ SecretId: "rot/test-only", RotationLambdaARN: FN, RotationRules: { ScheduleExpression: "rate(7 days)" }, RotateImmediately: false }));
  assert.equal(r.VersionId, undefined);
  await waitUntil(async () => callsFor(c.ARN).length === 1 && (await sm.send(new ListSecretVersionIdsCommand({ SecretId: "rot/test-only", IncludeDeprecated: true }))).Versions?.length === 1, 15_000, "the test run to finish");
  assert.deepEqual(callsFor(c.ARN), ["testSecret"]);
  const d = await describe(sm, "rot/test-only");
  assert.equal(d.RotationEnabled, true);
  assert.equal(d.LastRotatedDate, undefined, "a test is not a rotation");
  assert.deepEqual(Object.values(d.VersionIdsToStages ?? {}), [["AWSCURRENT"]]);
  assert.equal(JSON.parse(await current("rot/test-only")).password, "p1");
});

test("a failing setSecret is retried with the same token; AWSCURRENT keeps working meanwhile", async () => {
  const c = await sm.send(new CreateSecretCommand({ Name: "rot/retry", SecretString: value("before") }));
  hook.failing.add("setSecret");
  const r = await sm.send(new RotateSecretCommand({ SecretId: "rot/retry", RotationLambdaARN: FN, RotationRules: { AutomaticallyAfterDays: 5 } }));
  const note = await waitUntil(async () => failureNote(await describe(sm, "rot/retry")), 15_000, "the failure note");
  assert.match(note, /setSecret failed \(attempt 1\): webhook test-rotator answered HTTP 500: setSecret refused by the test$/);
  assert.equal(JSON.parse(await current("rot/retry")).password, "before", "AWSCURRENT untouched");
  assert.equal((await describe(sm, "rot/retry")).LastRotatedDate, undefined);
  hook.failing.delete("setSecret");
  await rotated("rot/retry");
  assert.deepEqual(callsFor(c.ARN), ["createSecret", "setSecret", "createSecret", "setSecret", "testSecret", "finishSecret"]);
  assert.ok(hook.calls.filter((x) => x.SecretId === c.ARN).every((x) => x.ClientRequestToken === r.VersionId), "the retry reuses the token");
  assert.equal(failureNote(await describe(sm, "rot/retry")), undefined, "success clears the note");
  assert.notEqual(JSON.parse(await current("rot/retry")).password, "before");
});

test("a rotation that keeps failing gives up, stays visible, and blocks RotateSecret until AWSPENDING is cleared", async () => {
  const c = await sm.send(new CreateSecretCommand({ Name: "rot/fail", SecretString: value("stable") }));
  hook.failing.add("testSecret");
  try {
    const r = await sm.send(new RotateSecretCommand({ SecretId: "rot/fail", RotationLambdaARN: FN, RotationRules: { AutomaticallyAfterDays: 5 } }));
    const note = await waitUntil(async () => {
      const n = failureNote(await describe(sm, "rot/fail"));
      return n?.includes("giving up") ? n : undefined;
    }, 15_000, "the rotation to give up");
    assert.match(note, /testSecret failed \(attempt 2, giving up\)/);
    assert.equal(JSON.parse(await current("rot/fail")).password, "stable", "AWSCURRENT still the old value");
    const d = await describe(sm, "rot/fail");
    assert.equal(d.RotationEnabled, true);
    assert.equal(d.LastRotatedDate, undefined);
    assert.deepEqual(d.VersionIdsToStages?.[r.VersionId ?? ""], ["AWSPENDING"], "the incomplete version keeps AWSPENDING, as on AWS");
    const failed = await auditEvents(server, "RotationFailed");
    assert.ok(failed.some((e) => JSON.stringify(e).includes(c.ARN ?? "-") && JSON.stringify(e).includes("testSecret")));
    await rejectsWith(sm.send(new RotateSecretCommand({ SecretId: "rot/fail" })), "InvalidRequestException", "Previous rotation request is still in progress.");
    await sm.send(new UpdateSecretVersionStageCommand({ SecretId: "rot/fail", VersionStage: "AWSPENDING", RemoveFromVersionId: r.VersionId }));
  } finally {
    hook.failing.delete("testSecret");
  }
  await sm.send(new RotateSecretCommand({ SecretId: "rot/fail" }));
  await rotated("rot/fail");
  assert.notEqual(JSON.parse(await current("rot/fail")).password, "stable");
});

test("CancelRotateSecret turns rotation off; without a configured function it is AWS's odd InvalidRequestException", async () => {
  await sm.send(new CreateSecretCommand({ Name: "rot/cancel", SecretString: value("x") }));
  await rejectsWith(
    sm.send(new CancelRotateSecretCommand({ SecretId: "rot/cancel" })),
    "InvalidRequestException",
    "You tried to enable rotation on a secret that doesn't already have a Lambda function ARN configuredand you didn't include such an ARN as a parameter in this call.",
  );
  await sm.send(new RotateSecretCommand({ SecretId: "rot/cancel", RotationLambdaARN: FN, RotationRules: { AutomaticallyAfterDays: 3 }, RotateImmediately: false }));
  const out = await sm.send(new CancelRotateSecretCommand({ SecretId: "rot/cancel" }));
  assert.equal(out.Name, "rot/cancel");
  const d = await describe(sm, "rot/cancel");
  assert.equal(d.RotationEnabled, false);
  assert.equal(d.NextRotationDate, undefined);
  assert.deepEqual(d.RotationRules, { AutomaticallyAfterDays: 3 }, "the previous schedule stays visible");
});

test("RotateSecret refuses unknown functions, missing configuration, bad schedules, and deleted secrets", async () => {
  await sm.send(new CreateSecretCommand({ Name: "rot/errors", SecretString: value("x") }));
  const nope = lambdaArn("no-such-function");
  await rejectsWith(
    sm.send(new RotateSecretCommand({ SecretId: "rot/errors", RotationLambdaARN: nope })),
    "AccessDeniedException",
    "Secrets Manager cannot invoke the specified Lambda function. Ensure that the function policy grants access to the principal secretsmanager.amazonaws.com.",
  );
  await rejectsWith(
    sm.send(new RotateSecretCommand({ SecretId: "rot/errors" })),
    "InvalidRequestException",
    "You tried to enable rotation on a secret that doesn't already have a Lambda function ARN configured and you didn't include such an ARN as a parameter in this call.",
  );
  await rejectsWith(
    sm.send(new RotateSecretCommand({ SecretId: "rot/errors", RotationLambdaARN: FN, RotationRules: { AutomaticallyAfterDays: 5, ScheduleExpression: "rate(5 days)" } })),
    "InvalidParameterException",
    "You can't specify both AutomaticallyAfterDays and ScheduleExpression in the same RotationRules.",
  );
  await rejectsWith(
    sm.send(new RotateSecretCommand({ SecretId: "rot/errors", RotationLambdaARN: FN, RotationRules: { ScheduleExpression: "rate(2 hours)" } })),
    "InvalidParameterException",
    "The rate() expression must be between 4 hours and 999 days.",
  );
  await rejectsWith(
    sm.send(new RotateSecretCommand({ SecretId: "rot/errors", RotationLambdaARN: FN, RotationRules: { ScheduleExpression: "cron(0 16 1 * * *)" } })),
    "InvalidParameterException",
    "In a cron() expression exactly one of day-of-month and day-of-week must be '?'.",
  );
  await rejectsWith(
    sm.send(new RotateSecretCommand({ SecretId: "rot/errors", RotationLambdaARN: FN, RotationRules: { AutomaticallyAfterDays: 0 } })),
    "ValidationException",
    "1 validation error detected: Value '0' at 'rotationRules.automaticallyAfterDays' failed to satisfy constraint: Member must have value greater than or equal to 1",
  );
  const d = await describe(sm, "rot/errors");
  assert.equal(d.RotationEnabled, undefined, "refused calls configured nothing");
  await sm.send(new PutSecretValueCommand({ SecretId: "rot/errors", SecretString: value("y") }));
  const cron = await sm.send(new RotateSecretCommand({ SecretId: "rot/errors", RotationLambdaARN: FN, RotationRules: { ScheduleExpression: "cron(0 16 1,15 * ? *)", Duration: "2h" }, RotateImmediately: false }));
  assert.equal(cron.VersionId, undefined);
  const next = (await describe(sm, "rot/errors")).NextRotationDate ?? new Date(0);
  assert.equal(next.getUTCHours(), 17, "window 16:00-18:00: rotated on or before 17:59:59");
  assert.equal(next.getUTCMinutes(), 59);
  assert.ok([1, 15].includes(next.getUTCDate()));
});

test("a due schedule starts a rotation by itself (job clock two days ahead)", async () => {
  const sm2 = secretsClient(scheduled);
  const saved = hook.client;
  hook.client = sm2;
  try {
    const c = await sm2.send(new CreateSecretCommand({ Name: "rot/scheduled", SecretString: value("sched") }));
    hook.system.set("svc", "sched"); // so the testSecret-only run that RotateImmediately=false starts passes
    await sm2.send(new RotateSecretCommand({ SecretId: "rot/scheduled", RotationLambdaARN: FN, RotationRules: { AutomaticallyAfterDays: 1 }, RotateImmediately: false }));
    await rotated("rot/scheduled", sm2);
    const steps = callsFor(c.ARN);
    assert.deepEqual(steps.slice(-4), ["createSecret", "setSecret", "testSecret", "finishSecret"]);
    assert.notEqual(JSON.parse(await current("rot/scheduled", sm2)).password, "sched");
    const next = (await describe(sm2, "rot/scheduled")).NextRotationDate?.getTime() ?? 0;
    assert.ok(next > Date.now() + 2 * DAY_MS, "the next window lies after the jobs' clock: no second rotation now");
  } finally {
    hook.client = saved;
  }
});
