// Secrets Manager's SQL for rotation runs (one row per rotation token), given a transaction.
import type { ReadTx, Row, SqlValue, WriteTx } from "../../storage/types.js";
import type { Scope } from "./names.js";

/** full: all four steps. test: RotateImmediately=false, only testSecret against a temporary AWSPENDING copy. */
export type RotationMode = "full" | "test";
export type RotationState = "pending" | "running" | "succeeded" | "failed" | "cancelled";

export interface RotationRow {
  readonly scope: Scope;
  readonly arn: string;
  readonly token: string;
  readonly lambdaArn: string;
  readonly mode: RotationMode;
  readonly state: RotationState;
  readonly step: string;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly leaseUntil?: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly error?: string;
}

const str = (v: SqlValue | undefined): string => (v === null || v === undefined ? "" : String(v));
const STATES: readonly RotationState[] = ["pending", "running", "succeeded", "failed", "cancelled"];

function toRotation(r: Row): RotationRow {
  return {
    scope: { accountId: str(r.account_id), region: str(r.region) },
    arn: str(r.arn),
    token: str(r.token),
    lambdaArn: str(r.lambda_arn),
    mode: r.mode === "test" ? "test" : "full",
    state: STATES.find((s) => s === r.state) ?? "failed",
    step: str(r.step),
    attempts: Number(r.attempts),
    nextAttemptAt: Number(r.next_attempt_at),
    leaseUntil: r.lease_until === null || r.lease_until === undefined ? undefined : Number(r.lease_until),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    error: r.error === null || r.error === undefined ? undefined : str(r.error),
  };
}

const key = (scope: Scope, arn: string, token: string): SqlValue[] => [scope.accountId, scope.region, arn, token];

export async function getRotation(tx: ReadTx, scope: Scope, arn: string, token: string): Promise<RotationRow | undefined> {
  const r = await tx.get("SELECT * FROM sm_rotations WHERE account_id = ? AND region = ? AND arn = ? AND token = ?", key(scope, arn, token));
  return r && toRotation(r);
}

/** The run of this secret that is still pending or running, if any. */
export async function activeRotation(tx: ReadTx, scope: Scope, arn: string): Promise<RotationRow | undefined> {
  const r = await tx.get(
    "SELECT * FROM sm_rotations WHERE account_id = ? AND region = ? AND arn = ? AND state IN ('pending', 'running') ORDER BY created_at DESC",
    [scope.accountId, scope.region, arn],
  );
  return r && toRotation(r);
}

export async function insertRotation(tx: WriteTx, r: RotationRow): Promise<void> {
  await tx.run(
    `INSERT INTO sm_rotations (account_id, region, arn, token, lambda_arn, mode, state, step, attempts, next_attempt_at, lease_until, created_at, updated_at, error)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [...key(r.scope, r.arn, r.token), r.lambdaArn, r.mode, r.state, r.step, r.attempts, r.nextAttemptAt, r.leaseUntil ?? null, r.createdAt, r.updatedAt, r.error ?? null],
  );
}

export interface RotationPatch {
  readonly state?: RotationState;
  readonly step?: string;
  readonly attempts?: number;
  readonly nextAttemptAt?: number;
  readonly leaseUntil?: number | null;
  readonly error?: string | null;
}

export async function updateRotation(tx: WriteTx, r: Pick<RotationRow, "scope" | "arn" | "token">, patch: RotationPatch, now: number): Promise<void> {
  const cols: Array<[string, SqlValue]> = [["updated_at", now]];
  if (patch.state !== undefined) cols.push(["state", patch.state]);
  if (patch.step !== undefined) cols.push(["step", patch.step]);
  if (patch.attempts !== undefined) cols.push(["attempts", patch.attempts]);
  if (patch.nextAttemptAt !== undefined) cols.push(["next_attempt_at", patch.nextAttemptAt]);
  if (patch.leaseUntil !== undefined) cols.push(["lease_until", patch.leaseUntil]);
  if (patch.error !== undefined) cols.push(["error", patch.error]);
  await tx.run(
    `UPDATE sm_rotations SET ${cols.map(([c]) => `${c} = ?`).join(", ")} WHERE account_id = ? AND region = ? AND arn = ? AND token = ?`,
    [...cols.map(([, v]) => v), ...key(r.scope, r.arn, r.token)],
  );
}

/** Cancels the pending/running runs of a secret (CancelRotateSecret). */
export async function cancelRotations(tx: WriteTx, scope: Scope, arn: string, now: number): Promise<void> {
  await tx.run(
    "UPDATE sm_rotations SET state = 'cancelled', updated_at = ? WHERE account_id = ? AND region = ? AND arn = ? AND state IN ('pending', 'running')",
    [now, scope.accountId, scope.region, arn],
  );
}

/** The next run to work on: pending and due, or running with an expired lease (its server stopped mid-run). */
export async function nextDueRotation(tx: ReadTx, now: number): Promise<RotationRow | undefined> {
  const r = await tx.get(
    `SELECT * FROM sm_rotations WHERE (state = 'pending' AND next_attempt_at <= ?) OR (state = 'running' AND lease_until IS NOT NULL AND lease_until < ?)
     ORDER BY next_attempt_at LIMIT 1`,
    [now, now],
  );
  return r && toRotation(r);
}

/** Finished runs older than `before` (kept a while for inspection, then dropped). */
export async function deleteFinishedRotations(tx: WriteTx, before: number): Promise<void> {
  await tx.run("DELETE FROM sm_rotations WHERE state IN ('succeeded', 'failed', 'cancelled') AND updated_at < ?", [before]);
}
