// RotateSecret / CancelRotateSecret (secretsmanager.md §2.11): store the configuration and queue a run; the runner
// performs the steps after this transaction commits.
import type { WriteContext } from "../../../server/context.js";
import type { Input, Output } from "../../types.js";
import { requireSecret, scopeOf } from "../access.js";
import { openValue } from "../envelope.js";
import { invalidParameter, lambdaNotFound, noRotationConfigured, rotationInProgress } from "../errors.js";
import { serviceError } from "../../../protocol/errors.js";
import type { SmRuntime } from "../runtime.js";
import { CURRENT, holderOf, PENDING } from "../stages.js";
import { updateSecret, type SecretRow } from "../store.js";
import { activeRotation, cancelRotations, getRotation, insertRotation } from "../store-rotations.js";
import { getVersion, stagesOf } from "../store-versions.js";
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

/** The caller must be able to read the value the rotator will work on (kms:Decrypt through Secrets Manager). */
async function checkCallerCanDecrypt(ctx: WriteContext, rt: SmRuntime, secret: SecretRow): Promise<void> {
  const currentId = holderOf(await stagesOf(ctx.tx, scopeOf(ctx), secret.arn), CURRENT);
  const current = currentId === undefined ? undefined : await getVersion(ctx.tx, scopeOf(ctx), secret.arn, currentId);
  if (!current || currentId === undefined) return;
  const value = await openValue(ctx, rt.barrier, { scope: scopeOf(ctx), arn: secret.arn, versionId: currentId }, current.sealed);
  if (value.kind === "binary") value.bytes.fill(0);
}

export function rotateSecretOp(rt: SmRuntime) {
  return async function rotateSecret(ctx: WriteContext, input: Input): Promise<Output> {
    const lambda = str(input.RotationLambdaARN) || undefined;
    const secret = await requireSecret(ctx, str(input.SecretId) ?? "", "secretsmanager:RotateSecret", {
      context: lambda ? { "secretsmanager:RotationLambdaARN": lambda } : {},
    });
    const rules = rulesOf(input, secret);
    const lambdaArn = lambda ?? secret.rotationLambdaArn;
    if (lambdaArn === undefined) throw noFunction();
    if (!rt.rotators.resolve(lambdaArn, ctx.accountId)) throw lambdaNotFound(lambdaArn);
    const token = str(input.ClientRequestToken) ?? rt.randomUUID();
    const scope = scopeOf(ctx);
    const replay = await getRotation(ctx.tx, scope, secret.arn, token);
    if (replay) return { ARN: secret.arn, Name: secret.name, VersionId: token };
    await checkNotInProgress(ctx, secret, token);
    await checkCallerCanDecrypt(ctx, rt, secret);
    const now = ctx.now.getTime();
    // secretsmanager.md §2.11: RotateSecret turns rotation on, stores the rules and computes NextRotationDate.
    await updateSecret(ctx.tx, scope, secret.arn, {
      rotationEnabled: true,
      rotationLambdaArn: lambdaArn,
      rotationDays: rules?.days ?? null,
      rotationSchedule: rules?.schedule ?? null,
      rotationDuration: rules?.duration ?? null,
      nextRotationAt: rules ? (nextRotationAfter(rules, ctx.now)?.getTime() ?? null) : null,
      rotationFailure: null,
      lastChangedAt: now,
    });
    const immediately = input.RotateImmediately !== false;
    await insertRotation(ctx.tx, {
      scope, arn: secret.arn, token, lambdaArn, mode: immediately ? "full" : "test", state: "pending", step: "",
      attempts: 0, nextAttemptAt: now, createdAt: now, updatedAt: now,
    });
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
