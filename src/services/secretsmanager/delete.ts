// DeleteSecret, RestoreSecret and the purge job (secretsmanager.md §2.9, §2.10): a recovery window of 7–30 days
// (default 30) or an immediate, permanent delete; a job purges secrets whose window ended.
import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import type { WriteContext } from "../../server/context.js";
import type { Job } from "../../jobs/types.js";
import type { Storage } from "../../storage/types.js";
import type { Input, Output } from "../types.js";
import { findSecret, noteResource, requireSecret, scopeOf, authorizeOn } from "./access.js";
import { alreadyMarkedDeleted, deleteWithReplicas, forceWithWindow, recoveryWindowRange, replicaOperation, secretNotFound } from "./errors.js";
import { guessArn, randomSuffix } from "./names.js";
import { purgeSecret, secretsDueForPurge, updateSecret } from "./store.js";

const DAY_MS = 86_400_000;
const DEFAULT_WINDOW_DAYS = 30;
const str = (v: unknown): string => (typeof v === "string" ? v : "");

function windowOf(input: Input): { days: number; force: boolean } {
  const force = input.ForceDeleteWithoutRecovery === true;
  const days = typeof input.RecoveryWindowInDays === "number" ? input.RecoveryWindowInDays : undefined;
  if (days !== undefined && (days < 7 || days > 30)) throw recoveryWindowRange();
  if (days !== undefined && force) throw forceWithWindow();
  return { days: days ?? DEFAULT_WINDOW_DAYS, force };
}

export async function deleteSecret(ctx: WriteContext, input: Input): Promise<Output> {
  const { days, force } = windowOf(input);
  const secretId = str(input.SecretId);
  const context = {
    "secretsmanager:ForceDeleteWithoutRecovery": force,
    ...(typeof input.RecoveryWindowInDays === "number" ? { "secretsmanager:RecoveryWindowInDays": input.RecoveryWindowInDays } : {}),
  };
  const secret = await findSecret(ctx, secretId);
  if (!secret) {
    const arn = guessArn(scopeOf(ctx), secretId);
    await ctx.authorize("secretsmanager:DeleteSecret", arn, { context });
    if (!force) throw secretNotFound();
    // Documented: force-deleting a missing or already purged secret is not an error. A name gets an ARN of the usual
    // shape (random 6-character suffix), as a secret ARN always has one; a given ARN is echoed.
    const shown = secretId.startsWith("arn:") ? arn : `${arn}-${randomSuffix(randomBytes)}`;
    return { ARN: shown, Name: secretId.startsWith("arn:") ? secretId.slice(secretId.lastIndexOf(":") + 1) : secretId, DeletionDate: ctx.now };
  }
  noteResource(ctx, secret.arn);
  await authorizeOn(ctx, "secretsmanager:DeleteSecret", secret, context);
  if (secret.primaryRegion !== undefined) throw replicaOperation();
  // AWS refuses until RemoveRegionsFromReplication has removed every replica (remove-regions-from-replication CLI example).
  if ((secret.replicas ?? []).length > 0) throw deleteWithReplicas(secret.arn, (secret.replicas ?? []).map((r) => r.Region));
  if (force) {
    await purgeSecret(ctx.tx, scopeOf(ctx), secret.arn);
    return { ARN: secret.arn, Name: secret.name, DeletionDate: ctx.now };
  }
  if (secret.deletedAt !== undefined) throw alreadyMarkedDeleted();
  const deletion = ctx.now.getTime() + days * DAY_MS;
  await updateSecret(ctx.tx, scopeOf(ctx), secret.arn, { deletedAt: deletion, lastChangedAt: ctx.now.getTime() });
  return { ARN: secret.arn, Name: secret.name, DeletionDate: new Date(deletion) };
}

export async function restoreSecret(ctx: WriteContext, input: Input): Promise<Output> {
  const secret = await requireSecret(ctx, str(input.SecretId), "secretsmanager:RestoreSecret", { deleted: "allow" });
  if (secret.deletedAt !== undefined) {
    await updateSecret(ctx.tx, scopeOf(ctx), secret.arn, { deletedAt: null, lastChangedAt: ctx.now.getTime() });
  }
  return { ARN: secret.arn, Name: secret.name };
}

const PURGE_BATCH = 50;

/** Permanently removes secrets whose recovery window has ended, each in its own short transaction. */
export function purgeJob(storage: Storage, logger: Logger, intervalMs = 60_000): Job {
  return {
    name: "secretsmanager-purge",
    intervalMs,
    async run(now: Date): Promise<void> {
      const due = await storage.read((tx) => secretsDueForPurge(tx, now.getTime(), PURGE_BATCH));
      for (const d of due) {
        await storage.write(async (tx) => {
          // Re-checked inside the write: a RestoreSecret may have won the race.
          const still = await secretsDueForPurge(tx, now.getTime(), PURGE_BATCH);
          if (still.some((s) => s.arn === d.arn && s.scope.accountId === d.scope.accountId && s.scope.region === d.scope.region)) {
            await purgeSecret(tx, d.scope, d.arn);
          }
        });
        logger.info({ secret: d.arn }, "secret purged after its recovery window");
      }
    },
  };
}
