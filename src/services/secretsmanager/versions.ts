// Creating versions: idempotent tokens, encryption under the secret's key, labels, retention (secretsmanager.md §2.4, §4).
import type { OperationContext, WriteContext } from "../../server/context.js";
import { validationException } from "../../protocol/errors.js";
import { scopeOf } from "./access.js";
import { sameValue, sealValue, type SecretValue } from "./envelope.js";
import { stageLimit, tokenInUse, versionLimit } from "./errors.js";
import type { SmRuntime } from "./runtime.js";
import { attachLabels, CURRENT, displayOrder, overLabelLimit, PENDING } from "./stages.js";
import { updateSecret, type SecretRow } from "./store.js";
import type { WriteTx } from "../../storage/types.js";
import type { Scope } from "./names.js";
import {
  countVersions, deleteVersion, getVersion, hasValue, insertVersion, listVersions, resealVersion, stagesOf, writeStages, type VersionRow,
} from "./store-versions.js";
import { nextRotationAfter } from "./rotation/schedule.js";

export const MAX_VALUE_BYTES = 65_536;
const MAX_VERSIONS = 100;
const DAY_MS = 86_400_000;

/** AWS counts the quota in bytes; the model's length check counts UTF-16 units, so multi-byte text is checked here. */
export function checkValueSize(value: SecretValue): void {
  if (value.kind === "string" && Buffer.byteLength(value.text, "utf8") > MAX_VALUE_BYTES) {
    throw validationException(`1 validation error detected: Value at 'secretString' failed to satisfy constraint: Member must have length less than or equal to ${MAX_VALUE_BYTES}`);
  }
}

/**
 * An existing version with this token: returned when the value is the same (idempotent retry, AWS-verified),
 * ResourceExistsException when it differs; undefined when the token is new.
 */
export async function replayedVersion(ctx: OperationContext, rt: SmRuntime, secret: SecretRow, token: string, value: SecretValue): Promise<VersionRow | undefined> {
  const existing = await getVersion(ctx.tx, scopeOf(ctx), secret.arn, token);
  if (!existing || !hasValue(existing)) return undefined;
  if (!sameValue(rt.barrier, { scope: scopeOf(ctx), arn: secret.arn, versionId: token }, existing.sealed, value)) throw tokenInUse(token, secret.arn);
  return existing;
}

/** The KMS key a new version is encrypted under: the secret's key, else aws/secretsmanager (created on first use). */
export async function keyForNewVersion(ctx: WriteContext, kmsKeyId: string | undefined): Promise<{ keyId: string; isDefault: boolean }> {
  if (kmsKeyId !== undefined && kmsKeyId !== "") return { keyId: kmsKeyId, isDefault: false };
  const managed = await ctx.services.kms.managedKey(ctx, "secretsmanager");
  return { keyId: managed.keyArn, isDefault: true };
}

/** Removes deprecated versions older than a day while more than 100 exist; refuses when that is not enough. */
async function enforceRetention(ctx: WriteContext, arn: string): Promise<void> {
  const versions = await listVersions(ctx.tx, scopeOf(ctx), arn);
  if (versions.length < MAX_VERSIONS) return;
  const stages = await stagesOf(ctx.tx, scopeOf(ctx), arn);
  const removable = versions.filter((v) => !stages.has(v.versionId) && v.createdAt <= ctx.now.getTime() - DAY_MS);
  let excess = versions.length + 1 - MAX_VERSIONS;
  for (const v of removable) {
    if (excess <= 0) break;
    await deleteVersion(ctx.tx, scopeOf(ctx), arn, v.versionId);
    excess -= 1;
  }
  if (excess > 0) throw versionLimit();
}

export interface NewVersion {
  readonly versionId: string;
  readonly value: SecretValue;
  /** Labels to attach; AWSCURRENT is added for a secret's first version. */
  readonly stages: readonly string[];
}

/** Stores a new version and moves labels; returns the labels the new version ends up with. */
export async function addVersion(ctx: WriteContext, rt: SmRuntime, secret: SecretRow, v: NewVersion): Promise<string[]> {
  checkValueSize(v.value);
  await enforceRetention(ctx, secret.arn);
  const scope = scopeOf(ctx);
  const before = await stagesOf(ctx.tx, scope, secret.arn);
  const isFirst = (await countVersions(ctx.tx, scope, secret.arn)) === 0;
  const labels = isFirst && !v.stages.includes(CURRENT) ? [...v.stages, CURRENT] : [...v.stages];
  const next = attachLabels(before, v.versionId, labels);
  if (overLabelLimit(next) !== undefined) throw stageLimit();
  const key = await keyForNewVersion(ctx, secret.kmsKeyId);
  const { sealed, keyArn } = await sealValue(ctx, rt.barrier, { scope, arn: secret.arn, versionId: v.versionId }, key.keyId, v.value);
  // The token may name the empty version a rotation staged (replayedVersion let it through): it gets its value.
  const staged = await getVersion(ctx.tx, scope, secret.arn, v.versionId);
  if (staged && !hasValue(staged)) await resealVersion(ctx.tx, scope, secret.arn, v.versionId, keyArn, key.isDefault, sealed);
  else await insertVersion(ctx.tx, scope, secret.arn, { versionId: v.versionId, createdAt: ctx.now.getTime(), kmsKeyArn: keyArn, isDefaultKey: key.isDefault, sealed });
  await writeStages(ctx.tx, scope, secret.arn, before, next);
  await updateSecret(ctx.tx, scope, secret.arn, { lastChangedAt: ctx.now.getTime(), ...manualRotationCredit(secret, labels, ctx.now) });
  return displayOrder(next.get(v.versionId) ?? []);
}

/**
 * A new AWSCURRENT value counts as a rotation for AutomaticallyAfterDays / rate() schedules (RotationRules docs),
 * so the next scheduled rotation moves out. cron() schedules keep their fixed windows.
 */
function manualRotationCredit(secret: SecretRow, labels: readonly string[], now: Date): { nextRotationAt?: number } {
  if (secret.rotationEnabled !== true || !labels.includes(CURRENT)) return {};
  if (secret.rotationSchedule !== undefined && !secret.rotationSchedule.startsWith("rate(")) return {};
  const next = nextRotationAfter({ days: secret.rotationDays, schedule: secret.rotationSchedule, duration: secret.rotationDuration }, now);
  return next === undefined ? {} : { nextRotationAt: next.getTime() };
}

/**
 * The version a rotation run fills: before the rotation function runs, AWSPENDING goes on an empty version whose id
 * is the run's token ("During rotation, Secrets Manager creates an AWSPENDING version ID before creating the new
 * secret version", DescribeSecret VersionIdsToStages docs). AWS's rotation function templates refuse a token that
 * is not staged this way; their createSecret step then stores the value with PutSecretValue(ClientRequestToken).
 */
export async function stagePendingVersion(tx: WriteTx, scope: Scope, arn: string, token: string, now: number): Promise<void> {
  if (await getVersion(tx, scope, arn, token)) return;
  const before = await stagesOf(tx, scope, arn);
  await insertVersion(tx, scope, arn, { versionId: token, createdAt: now, kmsKeyArn: "", isDefaultKey: false, sealed: Buffer.alloc(0) });
  await writeStages(tx, scope, arn, before, attachLabels(before, token, [PENDING]));
}
