import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Principal, RequestInfo } from "../server/context.js";
import { serviceError } from "../protocol/errors.js";
import { ssmModel } from "../protocol/models/ssm.js";
import { newAuditNotes } from "../server/context.js";
import type { ServiceDefinition } from "../services/types.js";
import { recordsForCall, serviceEventInput } from "./call-events.js";
import { apiCallRecord, auditErrorCode, elementDate, isoSeconds, isReadOnlyEvent, MAX_STRING_CHARS, relatedRecord, userIdentity, type ApiCallFacts } from "./event.js";
import { lookupFields } from "./lookup-fields.js";

const ACCOUNT = "123456789012";
const request: RequestInfo = { requestId: "req-1", receivedAt: new Date(0), sourceIp: "203.0.113.7", userAgent: "aws-cli/2.0", isTls: false };
const now = new Date("2026-07-16T18:17:22.345Z");
const ids = { eventId: "evt-1", requestId: "req-1" };

const root: Principal = { type: "Root", accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, principalId: ACCOUNT, accessKeyId: "AKIAROOT", isTemporary: false };
const alice: Principal = { type: "IAMUser", accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/alice`, principalId: "AIDAALICE", userName: "alice", accessKeyId: "AKIAALICE", isTemporary: false };
const issuedAt = new Date("2026-07-16T18:00:00.999Z");
const session = { roleArn: `arn:aws:iam::${ACCOUNT}:role/ops/deployer`, roleName: "deployer", roleId: "AROADEPLOY", sessionName: "ci-run", issuedAt, expiresAt: new Date("2026-07-16T19:00:00Z") };
const role: Principal = { type: "AssumedRole", accountId: ACCOUNT, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/ci-run`, principalId: "AROADEPLOY:ci-run", accessKeyId: "ASIAROLE", session, isTemporary: true };
const aliceSession: Principal = { ...alice, accessKeyId: "ASIAALICE", isTemporary: true, session: { ...session, roleArn: "", roleName: "", roleId: "", sessionName: "" } };

const facts = (over: Partial<ApiCallFacts> = {}): ApiCallFacts => ({
  eventSource: "ssm.amazonaws.com", eventName: "PutParameter", accountId: ACCOUNT, region: "eu-west-1", request, principal: root,
  requestParameters: { name: "/a" }, responseElements: { version: 1 }, resources: [], ...over,
});

describe("userIdentity per principal type (cloudtrail.md §2)", () => {
  const cases: Array<[string, Principal | undefined, Record<string, unknown>]> = [
    ["Root: account id as principalId, no userName", root, { type: "Root", principalId: ACCOUNT, arn: root.arn, accountId: ACCOUNT, accessKeyId: "AKIAROOT" }],
    ["IAMUser: userName, no session", alice, { type: "IAMUser", principalId: "AIDAALICE", arn: alice.arn, accountId: ACCOUNT, accessKeyId: "AKIAALICE", userName: "alice" }],
    ["AssumedRole: session issuer is the role, attributes carry creationDate", role, {
      type: "AssumedRole", principalId: "AROADEPLOY:ci-run", arn: role.arn, accountId: ACCOUNT, accessKeyId: "ASIAROLE",
      sessionContext: {
        sessionIssuer: { type: "Role", principalId: "AROADEPLOY", arn: session.roleArn, accountId: ACCOUNT, userName: "deployer" },
        webIdFederationData: {},
        attributes: { creationDate: "2026-07-16T18:00:00Z", mfaAuthenticated: "false" },
      },
    }],
    ["IAMUser with GetSessionToken credentials: session attributes only", aliceSession, {
      type: "IAMUser", principalId: "AIDAALICE", arn: alice.arn, accountId: ACCOUNT, accessKeyId: "ASIAALICE", userName: "alice",
      sessionContext: { sessionIssuer: {}, webIdFederationData: {}, attributes: { creationDate: "2026-07-16T18:00:00Z", mfaAuthenticated: "false" } },
    }],
    ["no principal (authentication failed): Unknown", undefined, { type: "Unknown", principalId: "" }],
  ];
  for (const [name, p, want] of cases) it(name, () => assert.deepEqual(userIdentity(p), want));
  it("sessionContext members in AWS's order: sessionIssuer, webIdFederationData, attributes", () => {
    assert.deepEqual(Object.keys(userIdentity(role).sessionContext as object), ["sessionIssuer", "webIdFederationData", "attributes"]);
    assert.deepEqual(Object.keys(userIdentity(aliceSession).sessionContext as object), ["sessionIssuer", "webIdFederationData", "attributes"]);
  });
});

describe("apiCallRecord", () => {
  it("writes AWS's fields in AWS's order, eventTime without millis", () => {
    const rec = apiCallRecord(facts({ resources: [{ ARN: "arn:aws:ssm:eu-west-1:123456789012:parameter/a", accountId: ACCOUNT, type: "AWS::SSM::Parameter" }] }), ids, now);
    assert.deepEqual(Object.keys(rec), ["eventVersion", "userIdentity", "eventTime", "eventSource", "eventName", "awsRegion", "sourceIPAddress", "userAgent",
      "requestParameters", "responseElements", "requestID", "eventID", "readOnly", "resources", "eventType", "managementEvent", "recipientAccountId", "eventCategory"]);
    assert.equal(rec.eventVersion, "1.08");
    assert.equal(rec.eventTime, "2026-07-16T18:17:22Z");
    assert.equal(rec.awsRegion, "eu-west-1");
    assert.equal(rec.readOnly, false);
    assert.deepEqual(rec.resources, [{ accountId: ACCOUNT, type: "AWS::SSM::Parameter", ARN: "arn:aws:ssm:eu-west-1:123456789012:parameter/a" }]);
    assert.deepEqual([rec.eventType, rec.managementEvent, rec.recipientAccountId, rec.eventCategory], ["AwsApiCall", true, ACCOUNT, "Management"]);
  });

  it("a failure carries errorCode/errorMessage and never responseElements; AccessDeniedException is recorded as AccessDenied", () => {
    const rec = apiCallRecord(facts({ error: { code: "AccessDeniedException", message: "User: x is not authorized" } }), ids, now);
    assert.equal(rec.errorCode, "AccessDenied");
    assert.equal(rec.errorMessage, "User: x is not authorized");
    assert.equal(rec.responseElements, null);
    assert.deepEqual(Object.keys(rec).slice(8, 12), ["errorCode", "errorMessage", "requestParameters", "responseElements"]);
  });

  it("an error without a message has errorCode and no errorMessage member (as AWS records InvalidCiphertextException)", () => {
    const rec = apiCallRecord(facts({ eventName: "Decrypt", error: { code: "InvalidCiphertextException", message: "" } }), ids, now);
    assert.equal(rec.errorCode, "InvalidCiphertextException");
    assert.equal("errorMessage" in rec, false);
    assert.deepEqual(Object.keys(rec).slice(8, 11), ["errorCode", "requestParameters", "responseElements"]);
  });

  it("omits resources when there are none and truncates long strings to 1 KB", () => {
    const rec = apiCallRecord(facts({ request: { ...request, userAgent: "u".repeat(5000) }, error: { code: "X", message: "m".repeat(5000) } }), ids, now);
    assert.equal("resources" in rec, false);
    assert.equal((rec.userAgent as string).length, MAX_STRING_CHARS);
    assert.equal((rec.errorMessage as string).length, MAX_STRING_CHARS);
  });

  it("a call a service made for the caller: same caller plus invokedBy, the service as source IP and user agent", () => {
    const rec = relatedRecord({ accountId: ACCOUNT, region: "us-east-1", request, principal: alice }, {
      eventSource: "kms.amazonaws.com", eventName: "Decrypt", requestParameters: { encryptionContext: { PARAMETER_ARN: "arn:x" }, encryptionAlgorithm: "SYMMETRIC_DEFAULT" },
      resources: [{ ARN: "arn:aws:kms:us-east-1:123456789012:key/k", accountId: ACCOUNT, type: "AWS::KMS::Key" }],
    }, "ssm.amazonaws.com", { eventId: "e2", requestId: "r2" }, now);
    assert.deepEqual(rec.userIdentity, { ...userIdentity(alice), invokedBy: "ssm.amazonaws.com" });
    assert.equal(rec.sourceIPAddress, "ssm.amazonaws.com");
    assert.equal(rec.userAgent, "ssm.amazonaws.com");
    assert.equal(rec.readOnly, true);
    assert.equal(rec.responseElements, null);
    assert.deepEqual(rec.requestParameters, { encryptionContext: { PARAMETER_ARN: "arn:x" }, encryptionAlgorithm: "SYMMETRIC_DEFAULT" });
    assert.equal(userIdentity(alice).invokedBy, undefined, "the cached identity of the caller is not changed");
  });
});

describe("readOnly by operation name (cloudtrail.md §4)", () => {
  const table: Array<[string, boolean, string]> = [
    ["GetParameter", true, "Get*"], ["DescribeParameters", true, "Describe*"], ["ListKeys", true, "List*"], ["LookupEvents", true, "Lookup*"],
    ["BatchGetSecretValue", true, "BatchGet*"], ["GetCallerIdentity", true, "Get*"], ["Encrypt", true, "KMS crypto"], ["Decrypt", true, "KMS crypto"],
    ["GenerateDataKey", true, "KMS crypto"], ["GenerateDataKeyWithoutPlaintext", true, "KMS crypto"], ["ReEncrypt", true, "KMS crypto"], ["GenerateRandom", true, "KMS crypto"],
    ["GetSessionToken", false, "STS issues credentials"], ["AssumeRole", false, "STS"], ["CreateAccessKey", false, "create"], ["PutParameter", false, "put"],
    ["DeleteParameter", false, "delete"], ["RotateKeyOnDemand", false, "rotate"], ["ScheduleKeyDeletion", false, "schedule"], ["TagResource", false, "tag"],
  ];
  for (const [op, want, why] of table) it(`${op} → ${want} (${why})`, () => assert.equal(isReadOnlyEvent(op), want));
});

describe("formats", () => {
  it("element dates are Java's medium US format in UTC, as CloudTrail writes them", () => {
    assert.equal(elementDate(new Date("2023-07-14T15:26:23.900Z")), "Jul 14, 2023, 3:26:23 PM");
    assert.equal(elementDate(new Date("2024-01-05T00:01:02Z")), "Jan 5, 2024, 12:01:02 AM");
    assert.equal(elementDate(new Date("2024-12-31T12:00:00Z")), "Dec 31, 2024, 12:00:00 PM");
  });
  it("isoSeconds drops milliseconds", () => assert.equal(isoSeconds(new Date("2026-01-02T03:04:05.678Z")), "2026-01-02T03:04:05Z"));
  it("auditErrorCode maps only AccessDeniedException", () => {
    assert.equal(auditErrorCode("AccessDeniedException"), "AccessDenied");
    assert.equal(auditErrorCode("ParameterNotFound"), "ParameterNotFound");
  });
});

describe("service events (cloudtrail.md §4: automatic rotation, policy-driven deletion)", () => {
  const kms = { name: "kms", model: ssmModel, eventSource: "kms.amazonaws.com", readOperations: {}, writeOperations: {}, authorization: () => [],
    internalError: () => serviceError("KMSInternalException", "x"), accessDeniedCode: "AccessDeniedException" } satisfies ServiceDefinition;
  const key = { ARN: "arn:aws:kms:us-east-1:123456789012:key/k", accountId: ACCOUNT, type: "AWS::KMS::Key" };
  const details = { rotationType: "AUTOMATIC", keyOrigin: "AWS_KMS", previousKeyMaterialId: "m1", currentKeyMaterialId: "m2", keyId: "k" };
  const call = (over: { serviceEvent?: boolean; sourceIp?: string; input?: Record<string, unknown> } = {}) => {
    const notes = newAuditNotes();
    notes.resources.push(key);
    return {
      service: kms, operation: "RotateKey", accountId: ACCOUNT, region: "us-east-1", notes, readOnly: false, serviceEvent: over.serviceEvent,
      input: over.input ?? serviceEventInput({ invokedBy: "AWS Internal", serviceEventDetails: details }),
      request: { requestId: "r", receivedAt: now, sourceIp: over.sourceIp ?? "kms.amazonaws.com", userAgent: "kms.amazonaws.com", isTls: false },
    };
  };
  // The KMS developer guide's RotateKey example (eventVersion 1.11 there), member for member and in order.
  const want = {
    eventVersion: "1.08", userIdentity: { accountId: ACCOUNT, invokedBy: "AWS Internal" }, eventTime: "2026-07-16T18:17:22Z",
    eventSource: "kms.amazonaws.com", eventName: "RotateKey", awsRegion: "us-east-1", sourceIPAddress: "AWS Internal", userAgent: "AWS Internal",
    requestParameters: null, responseElements: null, eventID: "id-1", readOnly: false,
    resources: [{ accountId: ACCOUNT, type: "AWS::KMS::Key", ARN: key.ARN }], eventType: "AwsServiceEvent", managementEvent: true,
    recipientAccountId: ACCOUNT, serviceEventDetails: details, eventCategory: "Management",
  };
  it("flagged: an AwsServiceEvent with AWS's actor, no caller, no request, no requestID, details last but one", () => {
    const [rec] = recordsForCall(call({ serviceEvent: true, sourceIp: "10.0.0.1" }), now, () => "id-1");
    assert.deepEqual(rec, want);
    assert.deepEqual(Object.keys(rec ?? {}), Object.keys(want));
  });
  it("unflagged but without caller and from the service itself: the same", () => {
    assert.deepEqual(recordsForCall(call(), now, () => "id-1"), [want]);
  });
  it("without an actor named, the request's source acts (Secrets Manager: its own name), with a requestID and errorMessage", () => {
    const sm = call({ serviceEvent: true, sourceIp: "secretsmanager.amazonaws.com", input: serviceEventInput({ requestId: "Rotation-x-t", errorMessage: "Error when executing lambda f during setSecret step" }) });
    sm.notes.additionalEventData = { SecretId: "arn:s" };
    sm.notes.resources.length = 0;
    const [rec] = recordsForCall(sm, now, () => "id-1");
    assert.deepEqual(rec?.userIdentity, { accountId: ACCOUNT, invokedBy: "secretsmanager.amazonaws.com" });
    assert.deepEqual([rec?.sourceIPAddress, rec?.userAgent], ["secretsmanager.amazonaws.com", "secretsmanager.amazonaws.com"]);
    assert.deepEqual(Object.keys(rec ?? {}).slice(8, 14), ["errorMessage", "requestParameters", "responseElements", "additionalEventData", "requestID", "eventID"]);
    assert.equal(rec?.errorCode, undefined, "AWS writes the text only");
    assert.deepEqual([rec?.requestID, rec?.resources, rec?.serviceEventDetails], ["Rotation-x-t", undefined, undefined]);
  });
  it("secret-named members never reach the details", () => {
    const [rec] = recordsForCall(call({ serviceEvent: true, input: serviceEventInput({ serviceEventDetails: { keyId: "k", Plaintext: "p", nested: { SecretString: "s" } } }) }), now, () => "id-1");
    assert.deepEqual(rec?.serviceEventDetails, { keyId: "k", nested: {} });
  });
  it("no Username or AccessKeyId to look it up by", () => {
    const f = lookupFields(want);
    assert.deepEqual([f.username, f.accessKeyId, f.readOnly], [null, null, false]);
  });
});
