// AWS-visible SigV4 authentication errors, in the JSON or Query family (protocol.md §5.3, §6.6).

import { serviceError, type ServiceError } from "../../protocol/errors.js";

/** Selects the error family of §6.6: JSON 1.1 services (400) or Query services IAM/STS (403). */
export type AuthProtocol = "json" | "query";

const statusOf = (protocol: AuthProtocol): number => (protocol === "json" ? 400 : 403);

const familyError = (
  protocol: AuthProtocol,
  jsonCode: string,
  queryCode: string,
  message: string,
  status: number = statusOf(protocol),
): ServiceError => serviceError(protocol === "json" ? jsonCode : queryCode, message, { status });

export const SIGNATURE_MISMATCH_MESSAGE =
  "The request signature we calculated does not match the signature you provided. " +
  "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

/** No Authorization header and no presigned query parameters (§6.1; wording unverified for these services). */
export const missingAuthenticationToken = (protocol: AuthProtocol): ServiceError =>
  familyError(
    protocol,
    "MissingAuthenticationTokenException",
    "MissingAuthenticationToken",
    "Request is missing Authentication Token",
  );

/**
 * Malformed or incomplete Authorization header / presigned parameters (§6.5 steps 1-2). HTTP 400 in both
 * families: recorded from a JSON service (IncompleteSignatureException, 400), and the IAM API Reference's
 * Common Error Types list IncompleteSignature as 400 (InvalidClientTokenId and MissingAuthenticationToken 403).
 */
export const incompleteSignature = (protocol: AuthProtocol, message: string): ServiceError =>
  familyError(protocol, "IncompleteSignatureException", "IncompleteSignature", message, 400);

/** Signature mismatch, clock skew and scope problems (§6.6). Never carries the canonical request. */
export const signatureMismatch = (protocol: AuthProtocol, message: string = SIGNATURE_MISMATCH_MESSAGE): ServiceError =>
  familyError(protocol, "InvalidSignatureException", "SignatureDoesNotMatch", message);

/** Unknown or inactive access key, missing/forged session token (§6.5 steps 5-7). */
export const unrecognizedClient = (protocol: AuthProtocol): ServiceError =>
  familyError(
    protocol,
    "UnrecognizedClientException",
    "InvalidClientTokenId",
    "The security token included in the request is invalid.",
  );

/** Session token past its expiry (§6.6). AWS's text has no final period. */
export const expiredToken = (protocol: AuthProtocol): ServiceError =>
  familyError(protocol, "ExpiredTokenException", "ExpiredToken", "The security token included in the request is expired");
