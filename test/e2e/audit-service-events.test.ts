// Records of what AWS writes as service events, and of a call AWS records with its resources, read back
// through LookupEvents and compared with AWS's documented examples:
// - KMS RotateKey / DeleteKey (KMS developer guide, "Logging AWS KMS API calls": ct-rotatekey, ct-delete-key);
// - Secrets Manager RotationStarted / RotationSucceeded / RotationFailed (AWS's RotationSucceeded record in the
//   AWS Database blog's multi-user rotation post; a RotationFailed record as users quote it);
// - STS AssumeRole with the role in `resources`.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { CreateAliasCommand, DescribeKeyCommand, EnableKeyRotationCommand, ListKeyRotationsCommand, RotateKeyOnDemandCommand, ScheduleKeyDeletionCommand, type KMSClient } from "@aws-sdk/client-kms";
import { CreateRoleCommand } from "@aws-sdk/client-iam";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { CreateSecretCommand, RotateSecretCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { clientConfig, iamClient, kmsClient, secretsClient, stsClient } from "../helpers/clients.js";
import { ACCOUNT_ID, REGION, startServer, type TestServer } from "../helpers/server.js";
import { waitUntil } from "../helpers/assertions.js";
import { lookupAll, recordFor, recordOf, type Record } from "./audit-support.js";
import { allow, policy, ROOT_ARN, roleArn, trust, newUser } from "./iam-support.js";
import { DAY_MS, newKey } from "./kms-fixtures.js";
import { lambdaArn } from "./secrets-support.js";
import { SIGNING_SECRET, startWebhook, type WebhookFixture } from "./secrets-webhook-fixture.js";

let jobs: TestServer;
let plain: TestServer;
let kms: KMSClient;
let sm: SecretsManagerClient;
let hook: WebhookFixture;
const FN = lambdaArn("audit-rotator");

before(async () => {
  hook = await startWebhook();
  const webhooks = JSON.stringify({ "audit-rotator": { url: hook.url, signingSecret: SIGNING_SECRET, timeoutSeconds: 10 } });
  [jobs, plain] = await Promise.all([
    // KMS jobs every 100 ms on a clock a year ahead: rotations and deletion windows come due at once.
    startServer({ env: { NODE_ENV: "test", PARAMSTORE_JOB_INTERVAL_MS: "100", PARAMSTORE_TEST_JOB_CLOCK_OFFSET_MS: String(366 * DAY_MS) } }),
    startServer({ env: { PARAMSTORE_ROTATION_WEBHOOKS: webhooks, PARAMSTORE_ROTATION_RETRY_SECONDS: "1", PARAMSTORE_ROTATION_POLL_SECONDS: "0.2" } }),
  ]);
  kms = kmsClient(jobs);
  sm = secretsClient(plain);
  hook.client = sm;
});
after(async () => {
  await Promise.all([jobs?.stop(), plain?.stop(), hook?.close()]);
});

/** The newest record named `name` that `match` accepts, waiting until the job or runner wrote it. */
function serviceRecord(server: TestServer, name: string, match: (r: Record) => boolean): Promise<Record> {
  const ct = new CloudTrailClient(clientConfig(server));
  return waitUntil(async () => {
    const events = await lookupAll(ct, { LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: name }] });
    return events.map(recordOf).find(match);
  }, 15_000, `a ${name} record`, 50);
}

/** eventID and eventTime vary; everything else is compared member by member, in AWS's order. */
function assertRecord(actual: Record, expected: Record): void {
  assert.match(String(actual["eventID"]), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.match(String(actual["eventTime"]), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.deepEqual({ ...actual, eventID: "<id>", eventTime: "<time>" }, expected);
  assert.deepEqual(Object.keys(actual), Object.keys(expected), "members in the order AWS writes them");
}

const keyResource = (arn: string): Record[] => [{ accountId: ACCOUNT_ID, type: "AWS::KMS::Key", ARN: arn }];
const kmsServiceEvent = (eventName: string): Record => ({
  eventVersion: "1.08",
  userIdentity: { accountId: ACCOUNT_ID, invokedBy: "AWS Internal" },
  eventTime: "<time>",
  eventSource: "kms.amazonaws.com",
  eventName,
  awsRegion: REGION,
  sourceIPAddress: "AWS Internal",
  userAgent: "AWS Internal",
  requestParameters: null,
});

/** A KMS service event as the developer guide shows it; serviceEventDetails (RotateKey only) after recipientAccountId. */
const kmsServiceRecord = (eventName: string, arn: string, responseElements: Record | null, serviceEventDetails?: Record): Record => ({
  ...kmsServiceEvent(eventName),
  responseElements,
  eventID: "<id>",
  readOnly: false,
  resources: keyResource(arn),
  eventType: "AwsServiceEvent",
  managementEvent: true,
  recipientAccountId: ACCOUNT_ID,
  ...(serviceEventDetails ? { serviceEventDetails } : {}),
  eventCategory: "Management",
});

/** RotateKey (ct-rotatekey), for either rotation type. */
const rotateKeyRecord = (arn: string, serviceEventDetails: Record): Record => kmsServiceRecord("RotateKey", arn, null, serviceEventDetails);

test("automatic rotation: RotateKey as AWS writes it — AWS Internal, serviceEventDetails, no requestID", async () => {
  const { keyId, arn } = await newKey(kms);
  const before = (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.CurrentKeyMaterialId;
  await kms.send(new EnableKeyRotationCommand({ KeyId: keyId }));
  const rec = await serviceRecord(jobs, "RotateKey", (r) => JSON.stringify(r["resources"]).includes(arn));
  const after = (await kms.send(new ListKeyRotationsCommand({ KeyId: keyId }))).Rotations?.[0];
  assert.equal(after?.RotationType, "AUTOMATIC");
  assert.ok(before && after.KeyMaterialId && before !== after.KeyMaterialId, "the rotation changed the current material");
  assertRecord(rec, rotateKeyRecord(arn, { rotationType: "AUTOMATIC", keyOrigin: "AWS_KMS", previousKeyMaterialId: before, currentKeyMaterialId: after.KeyMaterialId, keyId }));
});

test("on-demand rotation: a RotateKey service event with rotationType ON_DEMAND beside the caller's record", async () => {
  const onDemand = kmsClient(plain);
  const { keyId, arn } = await newKey(onDemand);
  const before = (await onDemand.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.CurrentKeyMaterialId;
  await onDemand.send(new RotateKeyOnDemandCommand({ KeyId: keyId }));
  const after = (await onDemand.send(new ListKeyRotationsCommand({ KeyId: keyId }))).Rotations?.[0];
  assert.equal(after?.RotationType, "ON_DEMAND");
  const rec = await serviceRecord(plain, "RotateKey", (r) => JSON.stringify(r["resources"]).includes(arn));
  assertRecord(rec, rotateKeyRecord(arn, { rotationType: "ON_DEMAND", keyOrigin: "AWS_KMS", previousKeyMaterialId: before, currentKeyMaterialId: after?.KeyMaterialId, keyId }));
  const call = await serviceRecord(plain, "RotateKeyOnDemand", (r) => JSON.stringify(r["resources"]).includes(arn));
  assert.equal(call["eventType"], "AwsApiCall");
});

test("end of the deletion window: DeleteKey with the key ARN in responseElements and no serviceEventDetails", async () => {
  const { keyId, arn } = await newKey(kms);
  await kms.send(new CreateAliasCommand({ AliasName: "alias/audit-service-events", TargetKeyId: keyId }));
  await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
  const rec = await serviceRecord(jobs, "DeleteKey", (r) => JSON.stringify(r["resources"]).includes(arn));
  assertRecord(rec, kmsServiceRecord("DeleteKey", arn, { keyId: arn }));
});

const SM = "secretsmanager.amazonaws.com";
const rotationEvent = (eventName: string, secretArn: string, token: string, errorMessage?: string): Record => ({
  eventVersion: "1.08",
  userIdentity: { accountId: ACCOUNT_ID, invokedBy: SM },
  eventTime: "<time>",
  eventSource: SM,
  eventName,
  awsRegion: REGION,
  sourceIPAddress: SM,
  userAgent: SM,
  ...(errorMessage === undefined ? {} : { errorMessage }),
  requestParameters: null,
  responseElements: null,
  additionalEventData: { SecretId: secretArn },
  requestID: `Rotation-${secretArn}-${token}`,
  eventID: "<id>",
  readOnly: false,
  eventType: "AwsServiceEvent",
  managementEvent: true,
  recipientAccountId: ACCOUNT_ID,
  eventCategory: "Management",
});

test("a rotation's RotationStarted and RotationSucceeded: AWS's shape, SecretId in additionalEventData, no secret value", async () => {
  const client = sm;
  const created = await client.send(new CreateSecretCommand({ Name: "audit/rotated", SecretString: JSON.stringify({ username: "svc", password: "before-rotation-pw" }) }));
  const arn = created.ARN ?? "";
  const { VersionId: token = "" } = await client.send(new RotateSecretCommand({ SecretId: arn, RotationLambdaARN: FN, RotationRules: { AutomaticallyAfterDays: 30 } }));
  const mine = (r: Record): boolean => r["requestID"] === `Rotation-${arn}-${token}`;
  const started = await serviceRecord(plain, "RotationStarted", mine);
  const succeeded = await serviceRecord(plain, "RotationSucceeded", mine);
  assertRecord(started, rotationEvent("RotationStarted", arn, token));
  assertRecord(succeeded, rotationEvent("RotationSucceeded", arn, token));
  const newPassword = hook.system.get("svc") ?? "-";
  for (const r of [started, succeeded]) {
    const text = JSON.stringify(r);
    assert.ok(!text.includes("before-rotation-pw") && !text.includes(newPassword), "no secret value in the record");
  }
});

test("a failed step: RotationFailed names the function and the step in errorMessage, without errorCode or the reason", async () => {
  const client = sm;
  const created = await client.send(new CreateSecretCommand({ Name: "audit/failing", SecretString: JSON.stringify({ username: "other", password: "kept-pw" }) }));
  const arn = created.ARN ?? "";
  hook.failing.add("setSecret");
  try {
    const { VersionId: token = "" } = await client.send(new RotateSecretCommand({ SecretId: arn, RotationLambdaARN: FN, RotationRules: { AutomaticallyAfterDays: 30 } }));
    const failed = await serviceRecord(plain, "RotationFailed", (r) => r["requestID"] === `Rotation-${arn}-${token}`);
    assertRecord(failed, rotationEvent("RotationFailed", arn, token, `Error when executing lambda ${FN} during setSecret step`));
  } finally {
    hook.failing.delete("setSecret");
  }
});

test("AssumeRole: the record lists the assumed role in resources", async () => {
  const iam = iamClient(plain);
  await iam.send(new CreateRoleCommand({ RoleName: "audited", Path: "/team/", AssumeRolePolicyDocument: trust(ROOT_ARN) }));
  const role = roleArn("audited", "/team/");
  const caller = await newUser(iam, "audit-assumer", { policy: policy(allow("sts:AssumeRole", role)) });
  const out = await stsClient(plain, caller).send(new AssumeRoleCommand({ RoleArn: role, RoleSessionName: "audit-session" }));
  const rec = await recordFor(new CloudTrailClient(clientConfig(plain)), out.$metadata.requestId, "AssumeRole");
  assert.deepEqual(rec["resources"], [{ accountId: ACCOUNT_ID, type: "AWS::IAM::Role", ARN: role }]);
  assert.equal(rec["eventType"], "AwsApiCall");
  const ct = new CloudTrailClient(clientConfig(plain));
  const byRole = await lookupAll(ct, { LookupAttributes: [{ AttributeKey: "ResourceName", AttributeValue: role }] });
  assert.ok(byRole.some((e) => e.EventName === "AssumeRole" && e.Resources?.some((r) => r.ResourceType === "AWS::IAM::Role")), "found by the role's ARN");
});
