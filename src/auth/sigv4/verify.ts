// Step 8 of SigV4 (protocol.md §6.2-§6.5): recompute the signature with the caller's secret and compare in constant time.

import { createHmac, hash, timingSafeEqual } from "node:crypto";
import {
  canonicalHeaders,
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  stringToSign,
} from "./canonical.js";
import { signatureMismatch, type AuthProtocol } from "./errors.js";
import type { ParsedAuth } from "./parse.js";
import { headerValues, type SignedRequestInput } from "./request.js";
import { signingKeyCache } from "./signing-key.js";

const SIGNATURE_HEX = /^[0-9a-f]{64}$/;
const EMPTY: readonly [string, string][] = [];

/**
 * Throws InvalidSignatureException / SignatureDoesNotMatch (the standard text, never the canonical
 * request) unless `parsed.signature` is the SigV4 signature of `req` under `secretAccessKey`.
 * Call after parseAuth, checkScopeAndTime and the credential lookup.
 */
export function verifySignature(
  req: SignedRequestInput,
  parsed: ParsedAuth,
  secretAccessKey: string,
  protocol: AuthProtocol,
): void {
  if (!SIGNATURE_HEX.test(parsed.signature)) throw signatureMismatch(protocol);
  const query = req.rawQuery === "" ? null : new URLSearchParams(req.rawQuery);

  // §6.2: the payload is always hashed here; a declared hash (header, or query parameter when
  // presigned) must equal it, which also rejects UNSIGNED-PAYLOAD and STREAMING-* for these services.
  // One-shot crypto.hash: no Hash object per request (the same digest, about a µs cheaper).
  const payloadHash = hash("sha256", req.body, "hex");
  const declared = headerValues(req.headers, "x-amz-content-sha256");
  if (declared !== undefined && declared.some((v) => v !== payloadHash)) throw signatureMismatch(protocol);
  if (query !== null) {
    for (const [name, value] of query) {
      // smithy hoists the header under whatever case it was given; S3 presigners use X-Amz-Content-Sha256.
      if (value !== payloadHash && name.toLowerCase() === "x-amz-content-sha256") throw signatureMismatch(protocol);
    }
  }

  const headerBlock = canonicalHeaders(req.headers, parsed.signedHeaders);
  if (headerBlock === null) throw signatureMismatch(protocol);
  const text = canonicalRequest({
    method: req.method,
    uri: canonicalUri(req.rawPath),
    query: canonicalQuery(query ?? EMPTY),
    headers: headerBlock,
    signedHeaders: parsed.signedHeaders,
    payloadHash,
  });
  const scope = `${parsed.scopeDate}/${parsed.region}/${parsed.service}/${parsed.terminator}`;
  const key = signingKeyCache.get(secretAccessKey, parsed.scopeDate, parsed.region, parsed.service);
  const expected = createHmac("sha256", key).update(stringToSign(parsed.amzDate, scope, text), "utf8").digest();
  if (!timingSafeEqual(expected, Buffer.from(parsed.signature, "hex"))) throw signatureMismatch(protocol);
}
