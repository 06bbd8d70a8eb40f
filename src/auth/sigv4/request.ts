// The request as the SigV4 verifier sees it: raw path, raw query, all header values, raw body bytes.

export interface SignedRequestInput {
  /** "POST" / "GET". */
  readonly method: string;
  /** Path exactly as received, without the query, e.g. "/" or "/prefix/path" (§6.2: never a rewritten path). */
  readonly rawPath: string;
  /** Query string as received, without the leading "?"; "" when there is none. */
  readonly rawQuery: string;
  /** Lower-cased header names -> every value received (node's `req.headersDistinct`). */
  readonly headers: Readonly<Record<string, readonly string[] | undefined>>;
  /** Raw body bytes, hashed as received. */
  readonly body: Buffer;
}

/**
 * All values of one header, or undefined. Own properties only: a signed-header name such as
 * "constructor" or "__proto__" must not reach Object.prototype.
 */
export const headerValues = (
  headers: SignedRequestInput["headers"],
  lowerCaseName: string,
): readonly string[] | undefined =>
  Object.hasOwn(headers, lowerCaseName) ? headers[lowerCaseName] : undefined;
