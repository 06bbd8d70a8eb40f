// SigV4 server-side verification (protocol.md §6): parseAuth -> checkScopeAndTime -> credential lookup -> verifySignature.

export type { SignedRequestInput } from "./request.js";
export type { ParsedAuth } from "./parse.js";
export type { AuthProtocol } from "./errors.js";
export { parseAuth } from "./parse.js";
export { checkScopeAndTime, skewWindowSeconds } from "./scope.js";
export { verifySignature } from "./verify.js";
export { deriveSigningKey, createSigningKeyCache, signingKeyCache, type SigningKeyCache } from "./signing-key.js";
export {
  SIGNATURE_MISMATCH_MESSAGE,
  expiredToken,
  incompleteSignature,
  missingAuthenticationToken,
  signatureMismatch,
  unrecognizedClient,
} from "./errors.js";
