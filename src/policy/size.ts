// Policy size limits (iam.md §2, kms.md §7, secretsmanager.md §2.15); AWS does not count whitespace for IAM.

export const POLICY_SIZE_LIMITS = {
  /** All inline policies of one user together. */
  userInlineChars: 2048,
  roleInlineChars: 10240,
  groupInlineChars: 5120,
  managedPolicyChars: 6144,
  /** AssumeRole `Policy` (packed). */
  sessionPolicyChars: 2048,
  keyPolicyBytes: 32768,
  secretResourcePolicyChars: 20480,
} as const;

/** Characters IAM counts against a limit: everything but whitespace. */
export const policySizeChars = (text: string): number => text.replace(/\s/g, "").length;

/** KMS counts the key policy in bytes as sent. */
export const policySizeBytes = (text: string): number => Buffer.byteLength(text, "utf8");
