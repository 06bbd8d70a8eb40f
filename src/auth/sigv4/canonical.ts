// Canonical request and string to sign (protocol.md §6.2, §6.3), computed from the request as received.

import { hash } from "node:crypto";
import { headerValues, type SignedRequestInput } from "./request.js";

export const ALGORITHM = "AWS4-HMAC-SHA256";
export const SCOPE_TERMINATOR = "aws4_request";
export const SIGNATURE_PARAM = "X-Amz-Signature";

const RFC3986_EXTRA = /[!'()*]/g;
const LONE_SURROGATE = /[\uD800-\uDFFF]/g;

/** RFC 3986 percent-encoding: unreserved A-Z a-z 0-9 - . _ ~ kept, everything else %XX of its UTF-8 bytes. */
export const uriEncode = (value: string): string => {
  let encoded: string;
  try {
    encoded = encodeURIComponent(value);
  } catch {
    // encodeURIComponent throws on a lone surrogate; such input can only fail verification, not crash it.
    encoded = encodeURIComponent(value.replace(LONE_SURROGATE, "\uFFFD"));
  }
  return encoded.replace(RFC3986_EXTRA, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
};

/**
 * CanonicalURI from the raw path: dot segments and empty segments removed, each segment encoded once
 * more. The SDKs (smithy `uriEscapePath`, botocore `_normalize_url_path`) encode the already-encoded
 * wire path for every service but S3, so "/a%20b" is canonically "/a%2520b"; plain paths are unchanged.
 */
export const canonicalUri = (rawPath: string): string => {
  if (rawPath === "/" || rawPath === "") return "/";
  const segments: string[] = [];
  for (const segment of rawPath.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(uriEncode(segment));
  }
  const lead = rawPath.startsWith("/") ? "/" : "";
  const trail = segments.length > 0 && rawPath.endsWith("/") ? "/" : "";
  return lead + segments.join("/") + trail;
};

const comparePairs = (a: readonly [string, string], b: readonly [string, string]): number =>
  a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;

/**
 * CanonicalQueryString: every parameter but X-Amz-Signature, name and value RFC 3986-encoded,
 * sorted by encoded name then value. Takes decoded pairs (URLSearchParams, so "+" is a space) so the
 * values signed are exactly the values the Query protocol parser will read.
 */
export const canonicalQuery = (params: Iterable<readonly [string, string]>): string => {
  const pairs: [string, string][] = [];
  for (const [name, value] of params) {
    if (name === SIGNATURE_PARAM) continue;
    pairs.push([uriEncode(name), uriEncode(value)]);
  }
  if (pairs.length === 0) return "";
  pairs.sort(comparePairs);
  let out = "";
  for (const [name, value] of pairs) out += (out === "" ? "" : "&") + name + "=" + value;
  return out;
};

// Same rule as smithy getCanonicalHeaders and botocore _header_value: runs of SP/HT (and CR/LF, which
// node never lets through) become one space, leading/trailing ones go. Most values need nothing.
const NEEDS_TRIM = /^[ \t]|[ \t]$|[\t\r\n]| {2}/;
const WHITESPACE_RUN = /[ \t\r\n]+/g;

export const canonicalHeaderValue = (value: string): string => {
  if (!NEEDS_TRIM.test(value)) return value;
  const collapsed = value.replace(WHITESPACE_RUN, " ");
  const start = collapsed.startsWith(" ") ? 1 : 0;
  const end = collapsed.endsWith(" ") ? collapsed.length - 1 : collapsed.length;
  return end > start ? collapsed.slice(start, end) : "";
};

/**
 * CanonicalHeaders block ("name:value\n" per signed header, repeated values joined with ","), in the
 * order of SignedHeaders as the client listed them. null when a signed header is absent: the request
 * is then not the one that was signed.
 */
export const canonicalHeaders = (
  headers: SignedRequestInput["headers"],
  signedHeaders: readonly string[],
): string | null => {
  let out = "";
  for (const name of signedHeaders) {
    const values = headerValues(headers, name);
    if (values === undefined || values.length === 0) return null;
    let joined = canonicalHeaderValue(values[0] ?? "");
    for (let i = 1; i < values.length; i++) joined += "," + canonicalHeaderValue(values[i] ?? "");
    out += name + ":" + joined + "\n";
  }
  return out;
};

export const sha256Hex = (data: string | Buffer): string => hash("sha256", data, "hex"); // one-shot: no Hash object

export const canonicalRequest = (parts: {
  readonly method: string;
  readonly uri: string;
  readonly query: string;
  readonly headers: string;
  readonly signedHeaders: readonly string[];
  readonly payloadHash: string;
}): string =>
  `${parts.method}\n${parts.uri}\n${parts.query}\n${parts.headers}\n${parts.signedHeaders.join(";")}\n${parts.payloadHash}`;

export const stringToSign = (amzDate: string, scope: string, canonicalRequestText: string): string =>
  `${ALGORITHM}\n${amzDate}\n${scope}\n${sha256Hex(canonicalRequestText)}`;
