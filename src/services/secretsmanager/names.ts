// PURE: secret names, ARNs with the random suffix, and how a SecretId names a secret (secretsmanager.md §1).

export interface Scope {
  readonly accountId: string;
  readonly region: string;
}

export const SECRET_RESOURCE_TYPE = "AWS::SecretsManager::Secret";
export const EVENT_SOURCE = "secretsmanager.amazonaws.com";

/** Characters of a secret name; AWS's own message also lists `!`, so it is accepted too. */
const NAME_CHARS = /^[A-Za-z0-9/_+=.@!-]+$/;
/** AWS's text for a name (or a SecretId that is not an ARN) with other characters (observed, ValidationException). */
export const INVALID_NAME_MESSAGE = "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!";

export const SUFFIX_LENGTH = 6;
const SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export const isValidName = (name: string): boolean => NAME_CHARS.test(name);

export const secretArnPrefix = (scope: Scope): string => `arn:aws:secretsmanager:${scope.region}:${scope.accountId}:secret:`;

export const secretArn = (scope: Scope, name: string, suffix: string): string => `${secretArnPrefix(scope)}${name}-${suffix}`;

/** The ARN with its random suffix removed: the "partial ARN" AWS also accepts as SecretId. */
export const partialArn = (scope: Scope, name: string): string => `${secretArnPrefix(scope)}${name}`;

/**
 * Six characters from [A-Za-z0-9], uniform: bytes ≥ 248 (= 4 × 62) are rejected so the modulo has no bias.
 * `randomBytes` is injected so the function stays pure and testable.
 */
export function randomSuffix(randomBytes: (n: number) => Buffer): string {
  let out = "";
  while (out.length < SUFFIX_LENGTH) {
    for (const b of randomBytes(16)) {
      if (b < 248 && out.length < SUFFIX_LENGTH) out += SUFFIX_ALPHABET[b % 62];
    }
  }
  return out;
}

/** How to look a SecretId up, in AWS's order: full ARN, then partial ARN (→ name), then name. */
export interface SecretLookup {
  /** Exact ARN to try first (only when the id is an ARN of this account and region). */
  readonly arn?: string;
  /** Name to try next (the partial ARN's tail, or the id itself). */
  readonly name?: string;
}

export type SecretIdProblem = "invalid-name" | null;

/** Splits a SecretId into lookups; `problem` when a plain name has characters names cannot have. */
export function secretLookup(scope: Scope, secretId: string): { lookup: SecretLookup; problem: SecretIdProblem } {
  if (secretId.startsWith("arn:")) {
    const prefix = secretArnPrefix(scope);
    // An ARN of another account/region/service names nothing here: look it up as an ARN only (it will miss).
    if (!secretId.startsWith(prefix)) return { lookup: { arn: secretId }, problem: null };
    const tail = secretId.slice(prefix.length);
    return { lookup: { arn: secretId, ...(tail !== "" ? { name: tail } : {}) }, problem: null };
  }
  if (!isValidName(secretId)) return { lookup: {}, problem: "invalid-name" };
  return { lookup: { name: secretId }, problem: null };
}

/** A best-effort ARN for a SecretId that names no secret (authorisation and force-delete answers). */
export function guessArn(scope: Scope, secretId: string): string {
  return secretId.startsWith("arn:") ? secretId : partialArn(scope, secretId);
}

/** Midnight UTC of `d`: LastAccessedDate has day resolution (secretsmanager.md §1). */
export function dayOf(d: Date): number {
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

/** A caller-given KmsKeyId, or undefined for the AWS managed key (absent, "", or alias/aws/secretsmanager by name or ARN). */
export function customKeyId(keyId: string | undefined): string | undefined {
  if (keyId === undefined || keyId === "" || keyId === "alias/aws/secretsmanager" || keyId.endsWith(":alias/aws/secretsmanager")) return undefined;
  return keyId;
}
