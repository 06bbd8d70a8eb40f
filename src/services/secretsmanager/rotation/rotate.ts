// RotateSecret / CancelRotateSecret (secretsmanager.md §2.11): store the configuration and queue a run; the runner
// performs the steps after this transaction commits.
import type { WriteContext } from "../../../server/context.js";
import type { Input, Output } from "../../types.js";
import { authorizeOn, findSecret, noteResource, requireSecret, scopeOf } from "../access.js";
import { openValue, type SecretValue } from "../envelope.js";
import { invalidParameter, lambdaNotFound, noRotationConfigured, rotationInProgress, rotationTokenRequired } from "../errors.js";
import { serviceError } from "../../../protocol/errors.js";
import type { SmRuntime } from "../runtime.js";
import { CURRENT, holderOf, PENDING } from "../stages.js";
import { updateSecret, type SecretRow } from "../store.js";
import { activeRotation, cancelRotations, getRotation, insertRotation } from "../store-rotations.js";
import { getVersion, hasValue, stagesOf } from "../store-versions.js";
import { stagePendingVersion } from "../versions.js";
import { nextRotationAfter, rulesProblem, type RotationRules } from "./schedule.js";

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** AWS's text for RotateSecret without a function on a secret that never had one. */
const noFunction = () =>
  serviceError("InvalidRequestException", "You tried to enable rotation on a secret that doesn't already have a Lambda function ARN configured and you didn't include such an ARN as a parameter in this call.", { messageField: "Message" });

function rulesOf(input: Input, secret: SecretRow): RotationRules | undefined {
  const r = input.RotationRules;
  if (typeof r !== "object" || r === null) {
    return secret.rotationDays !== undefined || secret.rotationSchedule !== undefined
      ? { days: secret.rotationDays, schedule: secret.rotationSchedule, duration: secret.rotationDuration }
      : undefined;
  }
  const { AutomaticallyAfterDays: days, ScheduleExpression: schedule, Duration: duration } = r as Record<string, unknown>; // model-validated RotationRulesType
  const rules = { days: typeof days === "number" ? days : undefined, schedule: str(schedule), duration: str(duration) };
  const problem = rulesProblem(rules);
  if (problem) throw invalidParameter(problem);
  return rules;
}

/** A rotation is in progress while AWSPENDING sits on a version other than AWSCURRENT (RotateSecret docs). */
async function checkNotInProgress(ctx: WriteContext, secret: SecretRow, token: string): Promise<void> {
  const stages = await stagesOf(ctx.tx, scopeOf(ctx), secret.arn);
  const pending = holderOf(stages, PENDING);
  const active = await activeRotation(ctx.tx, scopeOf(ctx), secret.arn);
  if ((pending !== undefined && pending !== holderOf(stages, CURRENT) && pending !== token) || (active && active.token !== token)) {
    throw rotationInProgress();
  }
}

/** The AWSCURRENT value, decrypted for the caller: the caller must be able to read what the rotator will use. */
async function currentValueForCaller(ctx: WriteContext, rt: SmRuntime, secret: SecretRow): Promise<SecretValue | undefined> {
  const currentId = holderOf(await stagesOf(ctx.tx, scopeOf(ctx), secret.arn), CURRENT);
  const current = currentId === undefined ? undefined : await getVersion(ctx.tx, scopeOf(ctx), secret.arn, currentId);
  if (!current || currentId === undefined || !hasValue(current)) return undefined;
  return openValue(ctx, rt.barrier, { scope: scopeOf(ctx), arn: secret.arn, versionId: currentId }, current.sealed);
}

function masterIdOf(value: SecretValue | undefined): string | undefined {
  if (value?.kind !== "string") return undefined;
  try {
    const parsed: unknown = JSON.parse(value.text);
    const id = typeof parsed === "object" && parsed !== null && "masterarn" in parsed ? parsed.masterarn : undefined;
    return typeof id === "string" && id !== "" ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Alternating-users rotators act with the master secret's credentials, so the master is approved here, by a caller
 * who may read it (GetSecretValue + kms:Decrypt); the rotator refuses any other master later (confused deputy).
 */
async function approveMaster(ctx: WriteContext, rt: SmRuntime, value: SecretValue | undefined): Promise<string | null> {
  const masterId = masterIdOf(value);
  const master = masterId === undefined ? undefined : await findSecret(ctx, masterId);
  if (!master) return null;
  noteResource(ctx, master.arn);
  await authorizeOn(ctx, "secretsmanager:GetSecretValue", master);
  const stages = await stagesOf(ctx.tx, scopeOf(ctx), master.arn);
  const currentId = holderOf(stages, CURRENT);
  const version = currentId === undefined ? undefined : await getVersion(ctx.tx, scopeOf(ctx), master.arn, currentId);
  if (version && currentId !== undefined && hasValue(version)) await openValue(ctx, rt.barrier, { scope: scopeOf(ctx), arn: master.arn, versionId: currentId }, version.sealed);
  return master.arn;
}

/** Stores the configuration: RotateSecret turns rotation on, keeps the rules and computes NextRotationDate (§2.11). */
async function configure(ctx: WriteContext, secret: SecretRow, lambdaArn: string, rules: RotationRules | undefined, master: string | null): Promise<void> {
  await updateSecret(ctx.tx, scopeOf(ctx), secret.arn, {
    rotationEnabled: true,
    rotationLambdaArn: lambdaArn,
    rotationDays: rules?.days ?? null,
    rotationSchedule: rules?.schedule ?? null,
    rotationDuration: rules?.duration ?? null,
    nextRotationAt: rules ? (nextRotationAfter(rules, ctx.now)?.getTime() ?? null) : null,
    rotationFailure: null,
    rotationMasterArn: master,
    lastChangedAt: ctx.now.getTime(),
  });
}

export function rotateSecretOp(rt: SmRuntime) {
  return async function rotateSecret(ctx: WriteContext, input: Input): Promise<Output> {
    const token = str(input.ClientRequestToken);
    if (token === undefined) throw rotationTokenRequired();
    const lambda = str(input.RotationLambdaARN) || undefined;
    const secret = await requireSecret(ctx, str(input.SecretId) ?? "", "secretsmanager:RotateSecret", {
      context: lambda ? { "secretsmanager:RotationLambdaARN": lambda } : {},
    });
    const rules = rulesOf(input, secret);
    const lambdaArn = lambda ?? secret.rotationLambdaArn;
    if (lambdaArn === undefined) throw noFunction();
    const rotator = rt.rotators.resolve(lambdaArn, ctx.accountId);
    if (!rotator) throw lambdaNotFound();
    if (await getRotation(ctx.tx, scopeOf(ctx), secret.arn, token)) return { ARN: secret.arn, Name: secret.name, VersionId: token };
    await checkNotInProgress(ctx, secret, token);
    const value = await currentValueForCaller(ctx, rt, secret);
    const master = rotator.usesMasterSecret ? await approveMaster(ctx, rt, value) : null;
    if (value?.kind === "binary") value.bytes.fill(0);
    await configure(ctx, secret, lambdaArn, rules, master);
    const now = ctx.now.getTime();
    const immediately = input.RotateImmediately !== false;
    await insertRotation(ctx.tx, {
      scope: scopeOf(ctx), arn: secret.arn, token, lambdaArn, mode: immediately ? "full" : "test", state: "pending", step: "",
      attempts: 0, nextAttemptAt: now, createdAt: now, updatedAt: now,
    });
    if (immediately) await stagePendingVersion(ctx.tx, scopeOf(ctx), secret.arn, token, now);
    rt.wakeRotation();
    return { ARN: secret.arn, Name: secret.name, ...(immediately ? { VersionId: token } : {}) };
  };
}

export async function cancelRotateSecret(ctx: WriteContext, input: Input): Promise<Output> {
  const secret = await requireSecret(ctx, str(input.SecretId) ?? "", "secretsmanager:CancelRotateSecret");
  if (!secret.rotationLambdaArn) throw noRotationConfigured();
  const scope = scopeOf(ctx);
  await cancelRotations(ctx.tx, scope, secret.arn, ctx.now.getTime());
  await updateSecret(ctx.tx, scope, secret.arn, { rotationEnabled: false, nextRotationAt: null, lastChangedAt: ctx.now.getTime() });
  const stages = await stagesOf(ctx.tx, scope, secret.arn);
  const pending = holderOf(stages, PENDING);
  // The version an interrupted rotation created: AWS names it so the caller can clean it up.
  const incomplete = pending !== undefined && pending !== holderOf(stages, CURRENT) ? pending : undefined;
  return { ARN: secret.arn, Name: secret.name, ...(incomplete ? { VersionId: incomplete } : {}) };
}
