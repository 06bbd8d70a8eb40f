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

/**
 * Java's `DateFormat` default for Locale.US (`Oct 14, 2021, 10:18:47 AM`), in UTC: how AWS prints `createdDate` inside
 * SourceResult (GetParameter responses recorded from AWS, 2021).
 */
function javaDefaultDate(d: Date): string {
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const h = d.getUTCHours();
  const two = (n: number): string => String(n).padStart(2, "0");
  return `${months[d.getUTCMonth()] ?? ""} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${h % 12 === 0 ? 12 : h % 12}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${h < 12 ? "AM" : "PM"}`;
}

/**
 * AWS's answer (recorded responses): the secret's ARN, no DataType, and SourceResult = the Secrets Manager result as
 * AWS serialises it (`ARN`, `name`, `versionId`, `secretString`, `versionStages`, `createdDate`). After those, the
 * members other readers look for (ssm.md §11): `Name` and `VersionIdsToStages` (moto), `VersionId`/`VersionStages`.
 */
function referenceView(path: string, s: SecretReferenceValue, selector: string | undefined): Output {
  const value = s.secretString ?? (s.secretBinary ? s.secretBinary.toString("base64") : "");
  const source: Record<string, unknown> = {
    ARN: s.arn,
    name: s.name,
    versionId: s.versionId,
    secretString: s.secretString,
    secretBinary: s.secretBinary?.toString("base64"),
    versionStages: s.versionStages,
    createdDate: javaDefaultDate(s.createdDate),
    Name: s.name,
    VersionId: s.versionId,
    VersionStages: s.versionStages,
    VersionIdsToStages: s.versionIdsToStages,
  };
  const out: Output = { Name: path, Type: "SecureString", Value: value, Version: 0 };
  if (selector !== undefined) out["Selector"] = `:${selector}`;
  out["SourceResult"] = JSON.stringify(source);
  out["LastModifiedDate"] = s.createdDate;
  out["ARN"] = s.arn;
  return out;
}
