// `/aws/reference/secretsmanager/<secret-id>[:<selector>]`: a Secrets Manager secret read through Parameter Store
// (ssm.md §11). Stateless: nothing is stored here.
import type { OperationContext } from "../../server/context.js";
import type { Output } from "../types.js";
import { referenceNotFound, validation, REFERENCE_NEEDS_DECRYPTION } from "./errors.js";
import type { SecretReferenceValue } from "./secrets-reference.js";

const SELECTOR_CHARS = /^[a-zA-Z0-9._-]+$/;

export const checkReferenceDecryption = (decrypt: boolean): void => {
  if (!decrypt) throw validation(REFERENCE_NEEDS_DECRYPTION);
};

/** The reference as a `Parameter`, or null when there is no such secret (or no Secrets Manager to ask). */
export async function readReference(ctx: OperationContext, ref: { path: string; secretId: string; selector?: string }): Promise<Output | null> {
  const secrets = ctx.services.secretsmanager;
  if (!secrets || (ref.selector !== undefined && !SELECTOR_CHARS.test(ref.selector))) return null;
  const req = ref.selector === undefined ? { secretId: ref.secretId } : { secretId: ref.secretId, selector: ref.selector };
  const secret = await secrets.getSecretForParameter(ctx, req);
  return secret && referenceView(ref.path, secret, ref.selector);
}

/** Like GetParameter's reference answer, but throws ParameterNotFound with AWS's reference wording. */
export async function requireReference(ctx: OperationContext, ref: { path: string; secretId: string; selector?: string }): Promise<Output> {
  const out = await readReference(ctx, ref);
  if (out === null) throw referenceNotFound(ref.path);
  return out;
}

function referenceView(path: string, s: SecretReferenceValue, selector: string | undefined): Output {
  const value = s.secretString ?? (s.secretBinary ? s.secretBinary.toString("base64") : "");
  // SourceResult: GetSecretValue's fields plus VersionIdsToStages, which moto-style readers look for (ssm.md §11).
  const source: Record<string, unknown> = {
    ARN: s.arn,
    Name: s.name,
    VersionId: s.versionId,
    SecretString: s.secretString,
    SecretBinary: s.secretBinary?.toString("base64"),
    VersionStages: s.versionStages,
    CreatedDate: s.createdDate.getTime() / 1000,
    VersionIdsToStages: s.versionIdsToStages,
  };
  const out: Output = { Name: path, Type: "SecureString", Value: value, Version: 0 };
  if (selector !== undefined) out["Selector"] = `:${selector}`;
  out["SourceResult"] = JSON.stringify(source);
  out["LastModifiedDate"] = s.createdDate;
  out["ARN"] = s.arn;
  out["DataType"] = "text";
  return out;
}
