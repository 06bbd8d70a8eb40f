// The console's AWS client: exact wire requests (JSON 1.1 targets and bodies, STS Query) and a signed fetch.
import { signRequest } from "./sigv4.js";

const JSON_11 = "application/x-amz-json-1.1";
const FORM = "application/x-www-form-urlencoded; charset=utf-8";

/** Signing name and X-Amz-Target prefix of each JSON 1.1 service, as in the SDKs' models. */
export const SERVICES = Object.freeze({
  ssm: { signingName: "ssm", targetPrefix: "AmazonSSM" },
  secretsmanager: { signingName: "secretsmanager", targetPrefix: "secretsmanager" },
  kms: { signingName: "kms", targetPrefix: "TrentService" },
  cloudtrail: { signingName: "cloudtrail", targetPrefix: "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101" },
});

/** Drops undefined / empty-string members so optional inputs are left out, as the SDKs do. */
function compact(input) {
  const out = {};
  for (const [k, v] of Object.entries(input)) if (v !== undefined && v !== "") out[k] = v;
  return out;
}

/** A JSON 1.1 call: service, signing name, headers and body. */
export function jsonRequest(service, operation, input = {}) {
  const s = SERVICES[service];
  if (!s) throw new Error(`unknown service ${service}`);
  return {
    service: s.signingName,
    operation,
    headers: { "content-type": JSON_11, "x-amz-target": `${s.targetPrefix}.${operation}` },
    body: JSON.stringify(compact(input)),
  };
}

/** A v4 UUID for ClientRequestToken, which the SDKs fill in themselves (idempotencyToken in the model). */
export function uuid() {
  const b = globalThis.crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const x = Array.from(b, (v) => v.toString(16).padStart(2, "0")).join("");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** Every call the console makes, one builder each (the unit test pins targets and bodies). */
export const requests = {
  callerIdentity: () => ({ service: "sts", operation: "GetCallerIdentity", headers: { "content-type": FORM }, body: "Action=GetCallerIdentity&Version=2011-06-15" }),
  // Parameter Store
  /** Everything at and below `path` (no filter for "/", so names without a leading slash are listed too). */
  describeParameters: (path, nextToken) => jsonRequest("ssm", "DescribeParameters", {
    ParameterFilters: path && path !== "/" ? [{ Key: "Path", Option: "Recursive", Values: [path] }] : undefined, MaxResults: 50, NextToken: nextToken,
  }),
  getParameter: (name) => jsonRequest("ssm", "GetParameter", { Name: name, WithDecryption: true }),
  putParameter: ({ name, value, type, description, overwrite }) => jsonRequest("ssm", "PutParameter", {
    Name: name, Value: value, Type: type, Description: description, Overwrite: overwrite,
  }),
  getParameterHistory: (name, withDecryption, nextToken) => jsonRequest("ssm", "GetParameterHistory", {
    Name: name, WithDecryption: withDecryption, MaxResults: 50, NextToken: nextToken,
  }),
  deleteParameter: (name) => jsonRequest("ssm", "DeleteParameter", { Name: name }),
  // Secrets Manager
  listSecrets: (nextToken) => jsonRequest("secretsmanager", "ListSecrets", { MaxResults: 50, NextToken: nextToken, SortOrder: "asc" }),
  describeSecret: (id) => jsonRequest("secretsmanager", "DescribeSecret", { SecretId: id }),
  getSecretValue: (id) => jsonRequest("secretsmanager", "GetSecretValue", { SecretId: id }),
  putSecretValue: (id, value, clientRequestToken = uuid()) => jsonRequest("secretsmanager", "PutSecretValue", {
    SecretId: id, ClientRequestToken: clientRequestToken, SecretString: value,
  }),
  deleteSecret: (id, recoveryWindowInDays) => jsonRequest("secretsmanager", "DeleteSecret", { SecretId: id, RecoveryWindowInDays: recoveryWindowInDays }),
  // KMS
  listKeys: (marker) => jsonRequest("kms", "ListKeys", { Limit: 100, Marker: marker }),
  listAliases: (marker) => jsonRequest("kms", "ListAliases", { Limit: 100, Marker: marker }),
  describeKey: (keyId) => jsonRequest("kms", "DescribeKey", { KeyId: keyId }),
  getKeyRotationStatus: (keyId) => jsonRequest("kms", "GetKeyRotationStatus", { KeyId: keyId }),
  // CloudTrail
  lookupEvents: (attribute, nextToken) => jsonRequest("cloudtrail", "LookupEvents", {
    LookupAttributes: attribute ? [{ AttributeKey: attribute.key, AttributeValue: attribute.value }] : undefined, MaxResults: 50, NextToken: nextToken,
  }),
};

/** An AWS error answer; shown as "Code: message". */
export class AwsError extends Error {
  constructor(code, message, status) {
    super(message);
    this.name = "AwsError";
    this.code = code;
    this.status = status;
  }
  toString() {
    return `${this.code}: ${this.message}`;
  }
}

/** Code and message from a JSON 1.1 error body ("__type" may carry a "namespace#" prefix). */
export function parseJsonError(status, text) {
  let body = {};
  try { body = JSON.parse(text); } catch { /* not JSON: fall through */ }
  const type = typeof body.__type === "string" ? body.__type : `HTTP${status}`;
  const code = type.slice(type.lastIndexOf("#") + 1).split(":")[0];
  return new AwsError(code, String(body.message ?? body.Message ?? ""), status);
}

const xmlText = (xml, tag) => {
  const m = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml);
  return m ? m[1].replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"").replace(/&apos;/g, "'").replace(/&amp;/g, "&") : "";
};

/** Code and message from a Query (XML) error body. */
export function parseXmlError(status, text) {
  return new AwsError(xmlText(text, "Code") || `HTTP${status}`, xmlText(text, "Message"), status);
}

/**
 * A client for one set of credentials: `send(request)` signs with SigV4 and POSTs to `${origin}/`.
 * Resolves with the parsed JSON output (or, for STS, {Arn, Account, UserId}); rejects with an AwsError.
 */
export function createClient({ origin, credentials, region, fetchImpl = globalThis.fetch }) {
  const host = new URL(origin).host;
  return {
    async send(req) {
      const { headers } = await signRequest({ host, headers: req.headers, body: req.body, credentials, region, service: req.service });
      const res = await fetchImpl(`${origin}/`, { method: "POST", headers, body: req.body, credentials: "omit", cache: "no-store" });
      const text = await res.text();
      if (req.service === "sts") {
        if (!res.ok) throw parseXmlError(res.status, text);
        return { Arn: xmlText(text, "Arn"), Account: xmlText(text, "Account"), UserId: xmlText(text, "UserId") };
      }
      if (!res.ok) throw parseJsonError(res.status, text);
      return text ? JSON.parse(text) : {};
    },
  };
}
