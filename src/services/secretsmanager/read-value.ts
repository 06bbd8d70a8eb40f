// Reading a version's value: VersionId / VersionStage selection (secretsmanager.md §2.2), KMS decryption, and the
// day-resolution LastAccessedDate written after the read (reads run in read transactions).
import type { OperationContext } from "../../server/context.js";
import { requireSecret, scopeOf } from "./access.js";
import { openValue, type SecretValue } from "./envelope.js";
import { stageNotFound, stageVersionMismatch, versionIdNotFound } from "./errors.js";
import { dayOf } from "./names.js";
import type { SmRuntime } from "./runtime.js";
import { CURRENT, holderOf } from "./stages.js";
import type { SecretRow } from "./store.js";
import { stagesFor, versionOf } from "./read-cache.js";
import { hasValue, touchAccess, type VersionRow } from "./store-versions.js";

export interface ValueResult {
  readonly secret: SecretRow;
  readonly version: VersionRow;
  readonly stages: readonly string[];
  readonly value: SecretValue;
}

/** Picks the version: by id (optionally checked against a stage), by stage, or AWSCURRENT. */
async function selectVersion(ctx: OperationContext, secret: SecretRow, versionId: string | undefined, stage: string | undefined): Promise<{ version: VersionRow; stages: string[] }> {
  const all = await stagesFor(ctx.tx, scopeOf(ctx), secret.arn);
  let id = versionId;
  if (id !== undefined) {
    const labels = all.get(id) ?? [];
    const version = await versionOf(ctx.tx, scopeOf(ctx), secret.arn, id);
    if (!version || !hasValue(version)) throw versionIdNotFound(id);
    if (stage !== undefined && !labels.includes(stage)) throw stageVersionMismatch();
    return { version, stages: labels };
  }
  const wanted = stage ?? CURRENT;
  id = holderOf(all, wanted);
  const version = id === undefined ? undefined : await versionOf(ctx.tx, scopeOf(ctx), secret.arn, id);
  if (!version || id === undefined || !hasValue(version)) throw stageNotFound(wanted);
  return { version, stages: all.get(id) ?? [] };
}

/** Records the access once per UTC day, in its own short write after the read (never inside the read). */
function noteAccess(ctx: OperationContext, rt: SmRuntime, secret: SecretRow, version: VersionRow): void {
  const day = dayOf(ctx.now);
  if (secret.lastAccessedAt === day && version.lastAccessedAt === day) return;
  const scope = scopeOf(ctx);
  rt.storage.write((tx) => touchAccess(tx, scope, secret.arn, version.versionId, day)).catch((e: unknown) => {
    rt.logger.warn({ err: e instanceof Error ? e.message : String(e) }, "could not record LastAccessedDate");
  });
}

/** Authorises GetSecretValue on the secret, selects the version and decrypts it for the caller. */
export async function readValue(ctx: OperationContext, rt: SmRuntime, secretId: string, versionId?: string, stage?: string): Promise<ValueResult> {
  const context = {
    ...(versionId !== undefined ? { "secretsmanager:VersionId": versionId } : {}),
    ...(stage !== undefined ? { "secretsmanager:VersionStage": stage } : {}),
  };
  const secret = await requireSecret(ctx, secretId, "secretsmanager:GetSecretValue", { context, replica: "allow" });
  const { version, stages } = await selectVersion(ctx, secret, versionId, stage);
  const value = await openValue(ctx, rt.barrier, { scope: scopeOf(ctx), arn: secret.arn, versionId: version.versionId }, version.sealed);
  noteAccess(ctx, rt, secret, version);
  return { secret, version, stages, value };
}

/** GetSecretValue's output members for a read value. */
export function valueOutput(r: ValueResult): Record<string, unknown> {
  return {
    ARN: r.secret.arn,
    Name: r.secret.name,
    VersionId: r.version.versionId,
    ...(r.value.kind === "string" ? { SecretString: r.value.text } : { SecretBinary: r.value.bytes }),
    ...(r.stages.length > 0 ? { VersionStages: [...r.stages] } : {}),
    CreatedDate: new Date(r.version.createdAt),
  };
}
