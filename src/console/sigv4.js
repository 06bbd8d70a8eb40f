// AWS Signature Version 4 for the browser console, on WebCrypto only (crypto.subtle HMAC-SHA256 / SHA-256).
// Follows AWS's "Create a signed AWS API request": canonical request, string to sign, derived key, signature.

const encoder = new TextEncoder();

/** Lower-case hex of bytes. */
export function toHex(bytes) {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Hex SHA-256 of a string (UTF-8) or bytes. */
export async function sha256Hex(data) {
  const bytes = typeof data === "string" ? encoder.encode(data) : data;
  return toHex(await globalThis.crypto.subtle.digest("SHA-256", bytes));
}

async function hmac(keyBytes, message) {
  const key = await globalThis.crypto.subtle.importKey("raw", keyBytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await globalThis.crypto.subtle.sign("HMAC", key, encoder.encode(message)));
}

/** ISO 8601 basic format, as X-Amz-Date wants it: 20240102T030405Z. */
export function amzDate(date) {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/[-:]/g, "");
}

/** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, day), region), service), "aws4_request"). */
export async function signingKey(secretAccessKey, day, region, service) {
  let key = await hmac(encoder.encode(`AWS4${secretAccessKey}`), day);
  for (const part of [region, service, "aws4_request"]) key = await hmac(key, part);
  return key;
}

/**
 * Signs a request. `headers` are the request's own (content-type, x-amz-target); host, x-amz-date and, with a
 * session token, x-amz-security-token are added and signed. `path` must already be URI-encoded ("/" for the
 * JSON and Query protocols) and `query` canonical (sorted, encoded; "" here).
 * Returns the headers to send (without host, which the browser sets itself) and the signing details.
 */
export async function signRequest({ method = "POST", host, path = "/", query = "", headers = {}, body = "", credentials, region, service, date = new Date() }) {
  const stamp = amzDate(date);
  const day = stamp.slice(0, 8);
  const signed = { host };
  for (const [name, value] of Object.entries(headers)) signed[name.toLowerCase()] = String(value);
  signed["x-amz-date"] = stamp;
  if (credentials.sessionToken) signed["x-amz-security-token"] = credentials.sessionToken;
  const names = Object.keys(signed).sort();
  const canonicalHeaders = names.map((n) => `${n}:${signed[n].trim().replace(/\s+/g, " ")}\n`).join("");
  const signedHeaders = names.join(";");
  const canonicalRequest = [method, path, query, canonicalHeaders, signedHeaders, await sha256Hex(body)].join("\n");
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", stamp, scope, await sha256Hex(canonicalRequest)].join("\n");
  const signature = toHex(await hmac(await signingKey(credentials.secretAccessKey, day, region, service), stringToSign));
  const out = {};
  for (const n of names) if (n !== "host") out[n] = signed[n];
  out.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return { headers: out, signature, signedHeaders, canonicalRequest, stringToSign };
}
