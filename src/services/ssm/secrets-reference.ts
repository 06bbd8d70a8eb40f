// The hook Parameter Store uses for `/aws/reference/secretsmanager/<secret-id>[:<selector>]` (ssm.md §11).
// Secrets Manager implements it and compose.ts hands it over as `InternalServices.secretsmanager`; until then SSM
// answers such names with ParameterNotFound.
import type { OperationContext } from "../../server/context.js";

export interface SecretReferenceValue {
  /** The secret's ARN (with its random suffix): becomes the parameter's `ARN`. */
  readonly arn: string;
  readonly name: string;
  readonly versionId: string;
  /** Exactly one of secretString / secretBinary is set. */
  readonly secretString?: string;
  readonly secretBinary?: Buffer;
  readonly versionStages: readonly string[];
  /** Creation time of the returned version: becomes `LastModifiedDate`. */
  readonly createdDate: Date;
  /** Every version of the secret and its staging labels (moto readers of `SourceResult` look for it). */
  readonly versionIdsToStages: Readonly<Record<string, readonly string[]>>;
}

export interface SecretsReference {
  /**
   * GetSecretValue on behalf of the caller: `secretId` is a name or ARN; `selector`, when given, is a version id or a
   * staging label (letters, digits, `.`, `-`, `_`). Authorises `secretsmanager:GetSecretValue` (and `kms:Decrypt`)
   * through `ctx.authorize`, throwing AccessDeniedException as usual. Returns null when the secret, version or label
   * does not exist or the secret is deleted: SSM then answers ParameterNotFound.
   */
  getSecretForParameter(ctx: OperationContext, req: { readonly secretId: string; readonly selector?: string }): Promise<SecretReferenceValue | null>;
}
