// Which KeyUsage each KeySpec allows (CreateKey's KeyUsage documentation in the KMS model), and the
// ValidationException texts AWS answers before it looks at anything else (recorded from AWS: LocalStack's
// AWS-validated snapshots test_hmac_create_key_invalid_operations and test_derive_shared_secret).
import type { ServiceError } from "../../protocol/errors.js";
import { validation } from "./errors.js";

const RSA = ["ENCRYPT_DECRYPT", "SIGN_VERIFY"];
const NIST_ECC = ["SIGN_VERIFY", "KEY_AGREEMENT"];
const SIGN_ONLY = ["SIGN_VERIFY"];
const MAC = ["GENERATE_VERIFY_MAC"];

const USAGES_BY_SPEC: Readonly<Record<string, readonly string[]>> = {
  SYMMETRIC_DEFAULT: ["ENCRYPT_DECRYPT"],
  RSA_2048: RSA, RSA_3072: RSA, RSA_4096: RSA,
  ECC_NIST_P256: NIST_ECC, ECC_NIST_P384: NIST_ECC, ECC_NIST_P521: NIST_ECC,
  ECC_NIST_EDWARDS25519: SIGN_ONLY, ECC_SECG_P256K1: SIGN_ONLY,
  ML_DSA_44: SIGN_ONLY, ML_DSA_65: SIGN_ONLY, ML_DSA_87: SIGN_ONLY,
  HMAC_224: MAC, HMAC_256: MAC, HMAC_384: MAC, HMAC_512: MAC,
  SM2: ["ENCRYPT_DECRYPT", "SIGN_VERIFY", "KEY_AGREEMENT"],
};

/** The error AWS gives for this KeySpec/KeyUsage pair (usage as given, undefined when omitted), if any. */
export function specUsageError(keySpec: string, keyUsage: string | undefined): ServiceError | undefined {
  if (keyUsage === undefined) {
    return keySpec === "SYMMETRIC_DEFAULT"
      ? undefined
      : validation("You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.");
  }
  const allowed = USAGES_BY_SPEC[keySpec];
  // A spec missing from the table is newer than it: leave the answer to the support check.
  if (allowed === undefined || allowed.includes(keyUsage)) return undefined;
  return validation(`KeyUsage ${keyUsage} is not compatible with KeySpec ${keySpec}`);
}
