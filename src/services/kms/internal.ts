// The key service as other services use it in-process (SSM SecureStrings, Secrets Manager).
// Every call authorises the *caller* (ctx.principal) with kms:ViaService set, as AWS does.
import type { OperationContext, WriteContext } from "../../server/context.js";

export type EncryptionContext = Readonly<Record<string, string>>;

export interface KeyRef {
  /** Full key ARN the material belongs to. */
  readonly keyArn: string;
  readonly keyId: string;
}

export interface KmsInternal {
  /**
   * Resolves a key id, key ARN, alias name or alias ARN to an enabled symmetric key usable
   * by the caller. Throws the KMS ServiceError (NotFoundException, DisabledException,
   * KMSInvalidStateException …) which callers wrap in their own error (SSM: InvalidKeyId).
   */
  resolveKey(ctx: OperationContext, keyId: string): Promise<KeyRef>;
  /** The AWS managed key for `alias/aws/<service>`, created on first use (needs a write tx). */
  managedKey(ctx: WriteContext, service: "ssm" | "secretsmanager"): Promise<KeyRef>;
  encrypt(
    ctx: OperationContext,
    req: { keyId: string; plaintext: Buffer; encryptionContext: EncryptionContext; viaService: string },
  ): Promise<{ ciphertextBlob: Buffer; key: KeyRef }>;
  decrypt(
    ctx: OperationContext,
    req: { ciphertextBlob: Buffer; encryptionContext: EncryptionContext; viaService: string },
  ): Promise<{ plaintext: Buffer; key: KeyRef }>;
  generateDataKey(
    ctx: OperationContext,
    req: { keyId: string; encryptionContext: EncryptionContext; viaService: string },
  ): Promise<{ plaintext: Buffer; ciphertextBlob: Buffer; key: KeyRef }>;
}
