// The key service as other services use it in-process (SSM SecureStrings, Secrets Manager).
// Every call authorises the *caller* (ctx.principal) with kms:ViaService set, as AWS does, and adds
// the KMS event AWS would log to ctx.audit.related (eventSource kms.amazonaws.com), failures included.
import type { OperationContext, WriteContext } from "../../server/context.js";

export type EncryptionContext = Readonly<Record<string, string>>;

export interface KeyRef {
  /** Full key ARN the material belongs to. */
  readonly keyArn: string;
  readonly keyId: string;
}

export interface KmsInternal {
  /**
   * Resolves a key id, key ARN, alias name or alias ARN to an enabled symmetric key. Throws the KMS
   * ServiceError (NotFoundException, DisabledException, KMSInvalidStateException …) which callers
   * wrap in their own error (SSM: InvalidKeyId). No authorization here: encrypt/generateDataKey
   * authorise. `alias/aws/ssm` / `alias/aws/secretsmanager` create the managed key on first use.
   */
  resolveKey(ctx: OperationContext, keyId: string): Promise<KeyRef>;
  /** The AWS managed key for `alias/aws/<service>`, created on first use (needs a write tx). */
  managedKey(ctx: WriteContext, service: "ssm" | "secretsmanager"): Promise<KeyRef>;
  /**
   * kms:Encrypt on the key for the caller. `viaService` names the calling service: "ssm" or
   * "secretsmanager" (a full endpoint such as "ssm.us-east-1.amazonaws.com" is accepted too);
   * the authorizer sees kms:ViaService = "<service>.<region>.amazonaws.com".
   */
  encrypt(
    ctx: OperationContext,
    req: { keyId: string; plaintext: Buffer; encryptionContext: EncryptionContext; viaService: string },
  ): Promise<{ ciphertextBlob: Buffer; key: KeyRef }>;
  /**
   * kms:Decrypt on the key named inside the blob. Errors as the Decrypt API: InvalidCiphertextException
   * (wrong context, tampering), AccessDeniedException (denied, or the key no longer exists),
   * DisabledException / KMSInvalidStateException (key state).
   */
  decrypt(
    ctx: OperationContext,
    req: { ciphertextBlob: Buffer; encryptionContext: EncryptionContext; viaService: string },
  ): Promise<{ plaintext: Buffer; key: KeyRef }>;
  /** kms:GenerateDataKey: a fresh 32-byte (AES_256) data key and its blob under the key. */
  generateDataKey(
    ctx: OperationContext,
    req: { keyId: string; encryptionContext: EncryptionContext; viaService: string },
  ): Promise<{ plaintext: Buffer; ciphertextBlob: Buffer; key: KeyRef }>;
}
