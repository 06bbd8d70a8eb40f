// ScheduleKeyDeletion, CancelKeyDeletion (kms.md §9). The deletion itself is a job (jobs.ts).
import type { WriteContext } from "../../server/context.js";
import type { Input, Output, WriteOperation } from "../types.js";
import { authorizeKey } from "./authz.js";
import { notPendingDeletion, validation } from "./errors.js";
import { optNumber, reqString } from "./input.js";
import { requireNotPending, resolveKey } from "./resolve.js";
import { DAY_MS, noteKey, type KmsRuntime } from "./runtime.js";
import { updateKey } from "./store.js";

const DEFAULT_WINDOW_DAYS = 30;
const MIN_WINDOW_DAYS = 7;
const MAX_WINDOW_DAYS = 30;

/** KMS accepts 7–30 days although the model allows 1–365; AWS's text for the rest (observed, 2020). */
function checkWindow(days: number): void {
  if (days < MIN_WINDOW_DAYS || days > MAX_WINDOW_DAYS) {
    throw validation(`PendingWindowInDays must be between ${MIN_WINDOW_DAYS} and ${MAX_WINDOW_DAYS}`);
  }
}

export function deletionOperations(rt: KmsRuntime): Record<string, WriteOperation> {
  return {
    ScheduleKeyDeletion: async (ctx, input) => scheduleKeyDeletion(rt, ctx, input),
    CancelKeyDeletion: async (ctx, input) => cancelKeyDeletion(rt, ctx, input),
  };
}

async function scheduleKeyDeletion(rt: KmsRuntime, ctx: WriteContext, input: Input): Promise<Output> {
  const days = optNumber(input, "PendingWindowInDays") ?? DEFAULT_WINDOW_DAYS;
  checkWindow(days);
  const { key } = await resolveKey(rt, ctx, reqString(input, "KeyId"), "keys");
  await authorizeKey(rt, ctx, { action: "kms:ScheduleKeyDeletion", key, conditions: { "kms:ScheduleKeyDeletionPendingWindowInDays": days } });
  noteKey(ctx, key);
  requireNotPending(key);
  const deletionDate = ctx.now.getTime() + days * DAY_MS;
  await updateKey(ctx.tx, key, { keyState: "PendingDeletion", deletionDate, pendingWindowDays: days });
  return { KeyId: key.arn, DeletionDate: new Date(deletionDate), KeyState: "PendingDeletion", PendingWindowInDays: days };
}

async function cancelKeyDeletion(rt: KmsRuntime, ctx: WriteContext, input: Input): Promise<Output> {
  const { key } = await resolveKey(rt, ctx, reqString(input, "KeyId"), "keys");
  await authorizeKey(rt, ctx, { action: "kms:CancelKeyDeletion", key });
  noteKey(ctx, key);
  if (key.keyState !== "PendingDeletion") throw notPendingDeletion(key.arn);
  // A cancelled key comes back Disabled, never straight to Enabled (kms.md §9).
  await updateKey(ctx.tx, key, { keyState: "Disabled", deletionDate: null, pendingWindowDays: null });
  return { KeyId: key.arn };
}
