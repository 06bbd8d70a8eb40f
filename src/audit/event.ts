// PURE: one CloudTrail record per call (cloudtrail.md §1–§4), plus the records of the KMS calls a
// service made on the caller's behalf. No clock, no randomness: times and ids are passed in.
import type { AuditResource, Principal, RelatedEvent, RequestInfo } from "../server/context.js";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A CloudTrail event record exactly as stored, hashed and returned by LookupEvents. */
export type CloudTrailRecord = JsonObject;

export const EVENT_VERSION = "1.08";
/** CloudTrail's per-string budget (cloudtrail.md §1): truncate, never reject. */
export const MAX_STRING_CHARS = 1024;

/** What the record of one API call is built from (already redacted: see redact.ts). */
export interface ApiCallFacts {
  readonly eventSource: string;
  readonly eventName: string;
  readonly accountId: string;
  readonly region: string;
  readonly request: RequestInfo;
  readonly principal?: Principal;
  readonly requestParameters: JsonObject | null;
  readonly responseElements: JsonObject | null;
  readonly error?: { readonly code: string; readonly message: string };
  readonly resources: readonly AuditResource[];
  readonly additionalEventData?: JsonObject;
  /** Set when a service (ssm.amazonaws.com …) made the call for the principal. */
  readonly invokedBy?: string;
  readonly eventType?: "AwsApiCall" | "AwsServiceEvent";
}

export interface RecordIds {
  readonly eventId: string;
  readonly requestId: string;
}

let lastSecond = NaN;
let lastIso = "";

/** ISO-8601 UTC without milliseconds, as CloudTrail writes eventTime (memoised: one per second on the hot path). */
export function isoSeconds(d: Date): string {
  const second = Math.floor(d.getTime() / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastIso = d.toISOString().slice(0, 19) + "Z";
  }
  return lastIso;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad2 = (n: number): string => String(n).padStart(2, "0");

/**
 * How CloudTrail writes a timestamp inside requestParameters/responseElements: Java's medium US format
 * in UTC, e.g. `"createDate": "Jul 14, 2023, 3:26:23 PM"` (eventTime itself is ISO-8601).
 */
export function elementDate(d: Date): string {
  const h = d.getUTCHours();
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${MONTHS[d.getUTCMonth()] ?? ""} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${h12}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} ${h < 12 ? "AM" : "PM"}`;
}

const truncate = (s: string): string => (s.length > MAX_STRING_CHARS ? s.slice(0, MAX_STRING_CHARS) : s);

// Get*/Describe*/List*/Lookup* read; so do KMS's stateless cryptographic calls (cloudtrail.md §4).
const READ_PREFIX = /^(Get|Describe|List|Lookup|BatchGet)/;
const KMS_CRYPTO = new Set([
  "Encrypt", "Decrypt", "ReEncrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "GenerateDataKeyPair",
  "GenerateDataKeyPairWithoutPlaintext", "GenerateRandom", "Sign", "Verify", "GenerateMac", "VerifyMac",
  "DecodeAuthorizationMessage", "ValidateResourcePolicy",
]);
// STS calls named Get* issue credentials: AWS marks them readOnly false (cloudtrail.md §4).
const WRITES_NAMED_GET = new Set(["GetSessionToken", "GetFederationToken"]);

/** CloudTrail's readOnly flag, by operation name (not by which transaction the handler used). */
export function isReadOnlyEvent(eventName: string): boolean {
  if (WRITES_NAMED_GET.has(eventName)) return false;
  return READ_PREFIX.test(eventName) || KMS_CRYPTO.has(eventName);
}

/** AWS CloudTrail writes `AccessDenied` for authorisation failures on JSON services too (iam.md §8). */
export const auditErrorCode = (code: string): string => (code === "AccessDeniedException" ? "AccessDenied" : code);

const identityCache = new WeakMap<Principal, JsonObject>();
const invokedCache = new WeakMap<JsonObject, Map<string, JsonObject>>();

/** The caller's identity as a service acting for it shows it: plus `invokedBy` (cached, records never mutate it). */
function invokedIdentity(identity: JsonObject, invokedBy: string): JsonObject {
  let byService = invokedCache.get(identity);
  if (!byService) invokedCache.set(identity, (byService = new Map()));
  let id = byService.get(invokedBy);
  if (!id) byService.set(invokedBy, (id = { ...identity, invokedBy }));
  return id;
}

/** The userIdentity element for a principal type (cloudtrail.md §2); cached per principal object. */
export function userIdentity(principal: Principal | undefined): JsonObject {
  if (!principal) return { type: "Unknown", principalId: "" };
  const cached = identityCache.get(principal);
  if (cached) return cached;
  const id: JsonObject = { type: principal.type, principalId: principal.principalId, arn: principal.arn, accountId: principal.accountId, accessKeyId: principal.accessKeyId };
  if (principal.type === "IAMUser" && principal.userName !== undefined) id.userName = principal.userName;
  const session = sessionContext(principal);
  if (session) id.sessionContext = session;
  identityCache.set(principal, id);
  return id;
}

/**
 * AWS's current records (eventVersion 1.08+) write all three members of sessionContext, in this order:
 * sessionIssuer (empty for sessions not issued by a role), webIdFederationData (empty without web
 * identity federation), attributes — see the CloudTrail user guide's 1.08 examples and KMS/SSM records.
 */
function sessionContext(p: Principal): JsonObject | undefined {
  const s = p.session;
  if (!s || (p.type !== "AssumedRole" && !p.isTemporary)) return undefined;
  const sessionIssuer: JsonObject = p.type === "AssumedRole"
    ? { type: "Role", principalId: s.roleId, arn: s.roleArn, accountId: p.accountId, userName: s.roleName }
    : {}; // GetSessionToken credentials: an IAMUser (or Root) identity with session attributes (cloudtrail.md §2)
  return { sessionIssuer, webIdFederationData: {}, attributes: { creationDate: isoSeconds(s.issuedAt), mfaAuthenticated: "false" } };
}

function resourcesJson(resources: readonly AuditResource[]): Json[] {
  return resources.map((r) => ({ accountId: r.accountId, type: r.type, ARN: r.ARN }));
}

/** The record of one API call. Field order follows AWS's records, so stored JSON reads like theirs. */
export function apiCallRecord(f: ApiCallFacts, ids: RecordIds, now: Date): CloudTrailRecord {
  const identity = f.invokedBy === undefined ? userIdentity(f.principal) : invokedIdentity(userIdentity(f.principal), f.invokedBy);
  const rec: CloudTrailRecord = {
    eventVersion: EVENT_VERSION,
    userIdentity: identity,
    eventTime: isoSeconds(now),
    eventSource: f.eventSource,
    eventName: f.eventName,
    awsRegion: f.region,
    sourceIPAddress: f.invokedBy ?? truncate(f.request.sourceIp),
    userAgent: f.invokedBy ?? truncate(f.request.userAgent),
  };
  if (f.error) {
    rec.errorCode = truncate(auditErrorCode(f.error.code));
    // An error without a message (KMS InvalidCiphertextException) has no errorMessage member in AWS's records.
    if (f.error.message !== "") rec.errorMessage = truncate(f.error.message);
  }
  rec.requestParameters = f.requestParameters;
  rec.responseElements = f.error ? null : f.responseElements;
  if (f.additionalEventData) rec.additionalEventData = f.additionalEventData;
  rec.requestID = ids.requestId;
  rec.eventID = ids.eventId;
  rec.readOnly = isReadOnlyEvent(f.eventName);
  if (f.resources.length > 0) rec.resources = resourcesJson(f.resources);
  rec.eventType = f.eventType ?? "AwsApiCall";
  rec.managementEvent = true;
  rec.recipientAccountId = f.accountId;
  rec.eventCategory = "Management";
  // AWS records how a caller's own HTTPS call arrived; a call a service made for it has no tlsDetails.
  if (f.request.tls !== undefined && f.invokedBy === undefined) rec.tlsDetails = { ...f.request.tls };
  return rec;
}

/** A call a service made on the caller's behalf (SSM → KMS Decrypt): same caller, `invokedBy` the service. */
export function relatedRecord(parent: Pick<ApiCallFacts, "accountId" | "region" | "request" | "principal">, related: RelatedEvent, invokedBy: string, ids: RecordIds, now: Date): CloudTrailRecord {
  const error = related.errorCode !== undefined ? { code: related.errorCode, message: related.errorMessage ?? "" } : undefined;
  // Built field by field: object spread costs more than the rest of the record on this hot path.
  return apiCallRecord({
    accountId: parent.accountId,
    region: parent.region,
    request: parent.request,
    principal: parent.principal,
    eventSource: related.eventSource,
    eventName: related.eventName,
    requestParameters: toJsonObject(related.requestParameters),
    responseElements: null,
    error,
    resources: related.resources,
    invokedBy,
  }, ids, now);
}

/**
 * What a service did on its own (cloudtrail.md §4): no caller, no request. Shaped like AWS's examples — KMS's
 * RotateKey / DeleteKey (`invokedBy` "AWS Internal", serviceEventDetails, no requestID) and Secrets Manager's
 * Rotation* events (`invokedBy` the service's DNS name, additionalEventData {SecretId}, a requestID).
 */
export interface ServiceEventFacts {
  readonly eventSource: string;
  readonly eventName: string;
  readonly accountId: string;
  readonly region: string;
  /** Who acted, written as userIdentity.invokedBy, sourceIPAddress and userAgent. */
  readonly invokedBy: string;
  readonly resources: readonly AuditResource[];
  /** A failure AWS reports by text only (RotationFailed has errorMessage, no errorCode). */
  readonly errorMessage?: string;
  readonly responseElements?: JsonObject | null;
  readonly additionalEventData?: JsonObject;
  readonly requestId?: string;
  readonly serviceEventDetails?: JsonObject;
}

export function serviceEventRecord(f: ServiceEventFacts, eventId: string, now: Date): CloudTrailRecord {
  const rec: CloudTrailRecord = {
    eventVersion: EVENT_VERSION,
    userIdentity: { accountId: f.accountId, invokedBy: f.invokedBy },
    eventTime: isoSeconds(now),
    eventSource: f.eventSource,
    eventName: f.eventName,
    awsRegion: f.region,
    sourceIPAddress: f.invokedBy,
    userAgent: f.invokedBy,
  };
  if (f.errorMessage !== undefined) rec.errorMessage = truncate(f.errorMessage);
  rec.requestParameters = null;
  rec.responseElements = f.responseElements ?? null;
  if (f.additionalEventData) rec.additionalEventData = f.additionalEventData;
  if (f.requestId !== undefined) rec.requestID = f.requestId;
  rec.eventID = eventId;
  rec.readOnly = false;
  if (f.resources.length > 0) rec.resources = resourcesJson(f.resources);
  rec.eventType = "AwsServiceEvent";
  rec.managementEvent = true;
  rec.recipientAccountId = f.accountId;
  if (f.serviceEventDetails) rec.serviceEventDetails = f.serviceEventDetails;
  rec.eventCategory = "Management";
  return rec;
}

/** Plain data → JSON (drops undefined, functions and blobs; Dates as ISO). Used for service-supplied notes. */
export function toJsonObject(value: Readonly<Record<string, unknown>>): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    const j = toJson(v);
    if (j !== undefined) out[k] = j;
  }
  return out;
}

function toJson(v: unknown): Json | undefined {
  if (v === null || typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (v instanceof Date) return elementDate(v);
  if (Array.isArray(v)) return v.map((x) => toJson(x) ?? null);
  if (typeof v === "object" && !(v instanceof Uint8Array)) return toJsonObject(v as Record<string, unknown>); // plain record
  return undefined;
}
