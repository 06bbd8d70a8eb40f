// The rotation runner (a leader-only Job): runs the four-step contract for each rotation run outside any storage
// transaction, recording every state change in its own short write. A failed run leaves AWSCURRENT where it was,
// is retried with the same token (the steps are idempotent), and is noted on the secret and in the audit trail.
import type { Logger } from "pino";
import type { Job } from "../../../jobs/types.js";
import type { RotationRow } from "../store-rotations.js";
import { getRotation, nextDueRotation, updateRotation, deleteFinishedRotations } from "../store-rotations.js";
import { recordRotationEvent } from "./events.js";
import { STEPS, type RotationStep } from "./registry.js";
import { rotationApi, rotationPrincipal, type ServiceCallDeps } from "./service-api.js";
import { finishRun, failRun, startScheduledRotations } from "./outcomes.js";
import { cleanupTestVersion, prepareTestVersion } from "./trial-run.js";

export interface RunnerOptions {
  /** Delays before the 2nd, 3rd … attempt; the run fails for good after the last. */
  readonly retryDelaysMs: readonly number[];
  readonly stepTimeoutMs: number;
  readonly intervalMs: number;
}

export type RunnerDeps = ServiceCallDeps & { readonly logger: Logger };

const KEEP_FINISHED_MS = 7 * 86_400_000;
const MAX_RUNS_PER_TICK = 20;

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Claims a due run in a short write (lease against a second runner); undefined when nothing is due. */
async function claim(deps: RunnerDeps, opts: RunnerOptions, now: Date): Promise<RotationRow | undefined> {
  const lease = now.getTime() + opts.stepTimeoutMs * (STEPS.length + 1);
  return deps.rt.storage.write(async (tx) => {
    const row = await nextDueRotation(tx, now.getTime());
    if (!row) return undefined;
    await updateRotation(tx, row, { state: "running", leaseUntil: lease }, now.getTime());
    return { ...row, state: "running", leaseUntil: lease };
  });
}

async function stillRunning(deps: RunnerDeps, row: RotationRow): Promise<boolean> {
  const r = await deps.rt.storage.read((tx) => getRotation(tx, row.scope, row.arn, row.token));
  return r?.state === "running";
}

/** Runs the steps of one run; returns the step that failed and why, or null on success / cancellation. */
async function runSteps(deps: RunnerDeps, opts: RunnerOptions, row: RotationRow): Promise<{ step: RotationStep; error: unknown } | null> {
  const rotator = deps.rt.rotators.resolve(row.lambdaArn, row.scope.accountId);
  if (!rotator) return { step: "createSecret", error: new Error(`rotation function ${row.lambdaArn} is not registered on this server`) };
  const api = rotationApi(deps, row.scope, row.arn, rotationPrincipal(row.scope.accountId, rotator.name, deps.clock()));
  const steps: readonly RotationStep[] = row.mode === "test" ? ["testSecret"] : STEPS;
  for (const step of steps) {
    if (!(await stillRunning(deps, row))) {
      await recordRotationEvent(deps, "RotationAbandoned", { scope: row.scope, arn: row.arn, token: row.token, details: { step } });
      return null;
    }
    try {
      await withTimeout(rotator.run({ SecretId: row.arn, ClientRequestToken: row.token, Step: step }, api), opts.stepTimeoutMs, step);
    } catch (error) {
      return { step, error };
    }
    await deps.rt.storage.write((tx) => updateRotation(tx, row, { step }, deps.clock().getTime()));
  }
  return null;
}

/** `now` is the tick's time (jobs may run on a shifted test clock), used for every scheduling decision. */
async function process(deps: RunnerDeps, opts: RunnerOptions, row: RotationRow, now: Date): Promise<void> {
  const started = deps.clock().getTime();
  await recordRotationEvent(deps, "RotationStarted", { scope: row.scope, arn: row.arn, token: row.token, lambdaArn: row.lambdaArn, details: { attempt: row.attempts + 1, mode: row.mode } });
  let failure: { step: RotationStep; error: unknown } | null;
  try {
    if (row.mode === "test") await prepareTestVersion(deps, row);
    failure = await runSteps(deps, opts, row);
  } catch (error) {
    failure = { step: "createSecret", error };
  } finally {
    if (row.mode === "test") await cleanupTestVersion(deps, row).catch((e: unknown) => deps.logger.warn({ secret: row.arn, err: String(e) }, "test rotation version not cleaned up"));
  }
  const elapsed = deps.clock().getTime() - started;
  const at = new Date(now.getTime() + elapsed);
  if (failure) await failRun(deps, opts.retryDelaysMs, row, failure.step, failure.error, at);
  else if (await stillRunning(deps, row)) await finishRun(deps, row, at);
}

/** The job and a wake-up hook; both share one in-flight guard so runs never overlap on this server. */
export function createRotationRunner(deps: RunnerDeps, opts: RunnerOptions): { job: Job; wake: () => void } {
  let running: Promise<void> | undefined;
  let again = false;
  const tick = async (now: Date): Promise<void> => {
    await startScheduledRotations(deps, now);
    for (let i = 0; i < MAX_RUNS_PER_TICK; i++) {
      const row = await claim(deps, opts, now);
      if (!row) break;
      await process(deps, opts, row, now);
    }
    await deps.rt.storage.write((tx) => deleteFinishedRotations(tx, now.getTime() - KEEP_FINISHED_MS));
  };
  const guarded = async (now: () => Date): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await tick(now());
      } while (again);
    })().finally(() => { running = undefined; });
    return running;
  };
  return {
    job: { name: "secretsmanager-rotation", intervalMs: opts.intervalMs, run: (now) => guarded(() => now) },
    wake: () => {
      // Runs after the current write commits: the storage queue orders our claim after that transaction.
      setImmediate(() => guarded(deps.clock).catch((e: unknown) => deps.logger.error({ err: e instanceof Error ? e.message : String(e) }, "rotation runner failed")));
    },
  };
}
