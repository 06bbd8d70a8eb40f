// What the end of a rotation run changes on the secret (each in one short write), and starting scheduled runs.
import { randomUUID } from "node:crypto";
import type { Scope } from "../names.js";
import { CURRENT, holderOf, PENDING } from "../stages.js";
import { findSecretByArn, secretsDueForRotation, updateSecret, type SecretRow } from "../store.js";
import { activeRotation, insertRotation, updateRotation, type RotationRow } from "../store-rotations.js";
import { stagesOf } from "../store-versions.js";
import { stagePendingVersion } from "../versions.js";
import type { WriteTx } from "../../../storage/types.js";
import { recordRotationEvent } from "./events.js";
import { nextRotationAfter } from "./schedule.js";
import type { RunnerDeps } from "./runner.js";

const rulesOf = (s: SecretRow): { days?: number; schedule?: string; duration?: string } => ({ days: s.rotationDays, schedule: s.rotationSchedule, duration: s.rotationDuration });

/** The next scheduled start after `now`, or null when the secret has no schedule. */
export function nextDue(s: SecretRow, now: Date): number | null {
  return nextRotationAfter(rulesOf(s), now)?.getTime() ?? null;
}

const reasonOf = (e: unknown): string => (e instanceof Error ? e.message : String(e)).replace(/\s+/g, " ").slice(0, 1500);

export async function finishRun(deps: RunnerDeps, row: RotationRow, now: Date): Promise<void> {
  await deps.rt.storage.write(async (tx) => {
    await updateRotation(tx, row, { state: "succeeded", leaseUntil: null, error: null }, now.getTime());
    const s = await findSecretByArn(tx, row.scope, row.arn);
    if (!s) return;
    await updateSecret(tx, row.scope, row.arn, {
      rotationFailure: null,
      ...(row.mode === "full" ? { lastRotatedAt: now.getTime(), lastChangedAt: now.getTime(), nextRotationAt: s.rotationEnabled ? nextDue(s, now) : null } : {}),
    });
  });
  await recordRotationEvent(deps, "RotationSucceeded", { scope: row.scope, arn: row.arn, token: row.token, details: { mode: row.mode } });
}

/** Records the failure; schedules a retry of the whole run while attempts remain, else gives up for this run. */
export async function failRun(deps: RunnerDeps, retryDelaysMs: readonly number[], row: RotationRow, step: string, error: unknown, now: Date): Promise<void> {
  const attempts = row.attempts + 1;
  const delay = retryDelaysMs[attempts - 1];
  const reason = reasonOf(error);
  const note = `${now.toISOString().replace(/\.\d{3}Z$/, "Z")} ${step} failed (attempt ${attempts}${delay === undefined ? ", giving up" : ""}): ${reason}`;
  await deps.rt.storage.write(async (tx) => {
    await updateRotation(tx, row, delay === undefined
      ? { state: "failed", attempts, leaseUntil: null, error: note }
      : { state: "pending", attempts, leaseUntil: null, error: note, nextAttemptAt: now.getTime() + delay }, now.getTime());
    const s = await findSecretByArn(tx, row.scope, row.arn);
    // A run that gave up must not be restarted at once by the scheduler: the next window is the next chance.
    if (s) await updateSecret(tx, row.scope, row.arn, { rotationFailure: note, ...(delay === undefined && s.rotationEnabled ? { nextRotationAt: nextDue(s, now) } : {}) });
  });
  deps.logger.warn({ secret: row.arn, token: row.token, step, attempt: attempts, reason }, "secret rotation step failed");
  await recordRotationEvent(deps, "RotationFailed", { scope: row.scope, arn: row.arn, token: row.token, details: { step, attempt: attempts, willRetry: delay !== undefined, reason } });
}

/** Starts the run of one due secret, or says why it was skipped (inside one write). */
async function startOne(tx: WriteTx, scope: Scope, arn: string, now: Date): Promise<{ started?: RotationRow; skipped?: string }> {
  const s = await findSecretByArn(tx, scope, arn);
  if (!s || !s.rotationEnabled || s.deletedAt !== undefined || s.nextRotationAt === undefined || s.nextRotationAt > now.getTime() || !s.rotationLambdaArn) return {};
  const nextRotationAt = nextDue(s, now);
  if (await activeRotation(tx, scope, arn)) return {};
  const stages = await stagesOf(tx, scope, arn);
  const pending = holderOf(stages, PENDING);
  if (pending !== undefined && pending !== holderOf(stages, CURRENT)) {
    const note = `${now.toISOString().replace(/\.\d{3}Z$/, "Z")} scheduled rotation skipped: AWSPENDING is on version ${pending}, a previous rotation is still in progress`;
    await updateSecret(tx, scope, arn, { nextRotationAt, rotationFailure: note });
    return { skipped: note };
  }
  const started: RotationRow = {
    scope, arn, token: randomUUID(), lambdaArn: s.rotationLambdaArn, mode: "full", state: "pending", step: "",
    attempts: 0, nextAttemptAt: now.getTime(), createdAt: now.getTime(), updatedAt: now.getTime(),
  };
  await insertRotation(tx, started);
  await stagePendingVersion(tx, scope, arn, started.token, now.getTime());
  await updateSecret(tx, scope, arn, { nextRotationAt });
  return { started };
}

/** Creates runs for secrets whose scheduled rotation is due. */
export async function startScheduledRotations(deps: RunnerDeps, now: Date): Promise<void> {
  const due = await deps.rt.storage.read((tx) => secretsDueForRotation(tx, now.getTime(), 50));
  for (const s of due) {
    const scope = { accountId: s.accountId, region: s.region };
    const r = await deps.rt.storage.write((tx) => startOne(tx, scope, s.arn, now));
    if (r.skipped) await recordRotationEvent(deps, "RotationSkipped", { scope, arn: s.arn, details: { reason: r.skipped } });
  }
}
