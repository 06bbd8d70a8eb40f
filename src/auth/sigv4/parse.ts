// Step 1 of SigV4 (protocol.md §6.1, §6.5 1-2): find and parse the Authorization header or presigned query; no secrets.

import type { ServiceError } from "../../protocol/errors.js";
import { httpDateToAmzDate, parseAmzDate } from "./amz-date.js";
import { ALGORITHM } from "./canonical.js";
import { incompleteSignature, missingAuthenticationToken, type AuthProtocol } from "./errors.js";
import { headerValues, type SignedRequestInput } from "./request.js";

export interface ParsedAuth {
  readonly kind: "header" | "query";
  readonly accessKeyId: string;
  /** Credential scope `<date>/<region>/<service>/<terminator>`. */
  readonly scopeDate: string;
  readonly region: string;
  readonly service: string;
  readonly terminator: string;
  /** X-Amz-Date, or the Date header converted to `YYYYMMDDTHHMMSSZ`; validated. */
  readonly amzDate: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  /** X-Amz-Security-Token header (header auth) or query parameter (presigned). */
  readonly sessionToken?: string;
  /** X-Amz-Expires, presigned only. */
  readonly expiresSeconds?: number;
}

const MAX_EXPIRES_SECONDS = 604800;
// Any of these in the query means the client meant presigned auth.
const QUERY_AUTH_PARAMS = ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders"];

// Texts marked (S3) are S3's wording for the same situation; the others are AWS's (§6.6) or ours.
const BOTH_MECHANISMS = // (S3)
  "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified";
const QUERY_PARAMS_REQUIRED = // (S3)
  "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.";
const HOST_NOT_SIGNED = "'Host' must be a 'SignedHeader' in the AWS Authorization.";
const badDate = (value: string): string =>
  `Date must be in ISO-8601 'basic format'. Got '${value}'. See http://en.wikipedia.org/wiki/ISO_8601`;

/** Which mechanism the request uses, then its parsed fields. Throws MissingAuthenticationToken / IncompleteSignature. */
export function parseAuth(req: SignedRequestInput, protocol: AuthProtocol): ParsedAuth {
  const authorization = headerValues(req.headers, "authorization");
  const query = req.rawQuery === "" ? null : new URLSearchParams(req.rawQuery);
  const hasQueryAuth = query !== null && QUERY_AUTH_PARAMS.some((name) => query.has(name));
  if (authorization !== undefined) {
    if (hasQueryAuth) throw incompleteSignature(protocol, BOTH_MECHANISMS);
    // Repeated Authorization headers are joined: the second algorithm token then fails as a key=value pair.
    return parseHeaderAuth(req, authorization.join(","), protocol);
  }
  if (query !== null && hasQueryAuth) return parseQueryAuth(req, query, protocol);
  throw missingAuthenticationToken(protocol);
}

function parseHeaderAuth(req: SignedRequestInput, header: string, protocol: AuthProtocol): ParsedAuth {
  // "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...": AWS splits the components on
  // commas and whitespace alike (a stray space inside Credential yields the missing-equal-sign error).
  const space = header.search(/\s/);
  const algorithm = space < 0 ? header : header.slice(0, space);
  let credential: string | undefined;
  let signedHeaders: string | undefined;
  let signature: string | undefined;
  for (const token of space < 0 ? [] : header.slice(space + 1).split(/[\s,]+/)) {
    if (token === "") continue;
    const eq = token.indexOf("=");
    if (eq < 0) {
      throw incompleteSignature(
        protocol,
        `'${token}' not a valid key=value pair (missing equal-sign) in Authorization header: '${header}'.`,
      );
    }
    const value = token.slice(eq + 1);
    switch (token.slice(0, eq)) {
      case "Credential": credential = value; break;
      case "SignedHeaders": signedHeaders = value; break;
      case "Signature": signature = value; break;
      default: break; // unknown components are ignored, as AWS does
    }
  }

  const xAmzDate = headerValues(req.headers, "x-amz-date");
  const httpDate = xAmzDate === undefined ? headerValues(req.headers, "date") : undefined;
  const missing: string[] = [];
  if (credential === undefined) missing.push("Authorization header requires 'Credential' parameter.");
  if (signature === undefined) missing.push("Authorization header requires 'Signature' parameter.");
  if (signedHeaders === undefined) missing.push("Authorization header requires 'SignedHeaders' parameter.");
  if (xAmzDate === undefined && httpDate === undefined) {
    missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  if (credential === undefined || signature === undefined || signedHeaders === undefined || missing.length > 0) {
    throw incompleteSignature(protocol, `${missing.join(" ")} Authorization=${header}`);
  }
  if (algorithm !== ALGORITHM) throw incompleteSignature(protocol, `Unsupported AWS 'algorithm': '${algorithm}'.`);

  let amzDate: string;
  if (xAmzDate !== undefined) {
    amzDate = xAmzDate.join(",");
    if (parseAmzDate(amzDate) === null) throw incompleteSignature(protocol, badDate(amzDate));
  } else {
    const raw = (httpDate ?? []).join(",");
    const converted = httpDateToAmzDate(raw);
    if (converted === null) throw incompleteSignature(protocol, badDate(raw));
    amzDate = converted;
  }

  const token = headerValues(req.headers, "x-amz-security-token");
  return {
    kind: "header",
    ...parseCredential(credential, protocol),
    amzDate,
    signedHeaders: parseSignedHeaders(req, signedHeaders, protocol),
    signature,
    ...(token === undefined ? {} : { sessionToken: token.join(",") }),
  };
}

function parseQueryAuth(req: SignedRequestInput, query: URLSearchParams, protocol: AuthProtocol): ParsedAuth {
  const algorithm = query.get("X-Amz-Algorithm");
  const credential = query.get("X-Amz-Credential");
  const signature = query.get("X-Amz-Signature");
  const amzDate = query.get("X-Amz-Date");
  const signedHeaders = query.get("X-Amz-SignedHeaders");
  const expires = query.get("X-Amz-Expires");
  if (algorithm === null || credential === null || signature === null || amzDate === null ||
      signedHeaders === null || expires === null) {
    throw incompleteSignature(protocol, QUERY_PARAMS_REQUIRED);
  }
  if (algorithm !== ALGORITHM) throw incompleteSignature(protocol, `X-Amz-Algorithm only supports "${ALGORITHM}"`); // (S3)
  if (parseAmzDate(amzDate) === null) throw incompleteSignature(protocol, badDate(amzDate));
  if (!/^\d+$/.test(expires)) throw incompleteSignature(protocol, "X-Amz-Expires should be a number"); // (S3)
  const expiresSeconds = Number(expires);
  if (expiresSeconds > MAX_EXPIRES_SECONDS) {
    throw incompleteSignature(protocol, `X-Amz-Expires must be less than a week (in seconds) that is; ${MAX_EXPIRES_SECONDS}`); // (S3)
  }
  const token = query.get("X-Amz-Security-Token");
  return {
    kind: "query",
    ...parseCredential(credential, protocol),
    amzDate,
    signedHeaders: parseSignedHeaders(req, signedHeaders, protocol),
    signature,
    ...(token === null ? {} : { sessionToken: token }),
    expiresSeconds,
  };
}

function parseCredential(
  credential: string,
  protocol: AuthProtocol,
): Pick<ParsedAuth, "accessKeyId" | "scopeDate" | "region" | "service" | "terminator"> {
  const parts = credential.split("/");
  const [accessKeyId, scopeDate, region, service, terminator] = parts;
  if (parts.length !== 5 || accessKeyId === undefined || scopeDate === undefined || region === undefined ||
      service === undefined || terminator === undefined) {
    throw incompleteSignature(
      protocol,
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`,
    );
  }
  return { accessKeyId, scopeDate, region, service, terminator };
}

/**
 * SignedHeaders as listed. `host` must be among them, and so must every x-amz-* header present:
 * otherwise X-Amz-Target or the session token could be changed on a captured request (§6.2).
 */
function parseSignedHeaders(req: SignedRequestInput, value: string, protocol: AuthProtocol): string[] {
  const signed = value.split(";");
  if (!signed.includes("host")) throw incompleteSignature(protocol, HOST_NOT_SIGNED);
  let unsigned: string[] | undefined;
  for (const name in req.headers) {
    if (name.startsWith("x-amz-") && !signed.includes(name)) (unsigned ??= []).push(name);
  }
  if (unsigned !== undefined) throw unsignedHeaders(protocol, unsigned);
  return signed;
}

const unsignedHeaders = (protocol: AuthProtocol, names: readonly string[]): ServiceError =>
  incompleteSignature(protocol, `There were headers present in the request which were not signed: ${names.join(", ")}`); // (S3)
