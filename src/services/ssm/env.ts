// What every SSM operation shares: the barrier, the quotas and the policy-job interval (parsed once, with zod, from
// PARAMSTORE_SSM_* environment variables so tests and operators can tune them; AWS values by default, ssm.md §12).
import type { Logger } from "pino";
import { z } from "zod";
import type { Barrier } from "../../crypto/barrier.js";
import { ReadCache } from "../../storage/read-cache.js";
import { currentEpoch, type CurrentRow } from "./store.js";

export interface SsmEnv {
  readonly barrier: Barrier;
  readonly logger: Logger;
  readonly maxStandardParameters: number;
  readonly maxAdvancedParameters: number;
  readonly policyIntervalMs: number;
  /** Latest versions read by GetParameter, by `account/region/name key` (barrier ciphertext only; treat as read-only). */
  readonly current: ReadCache<CurrentRow>;
}

const Schema = z.object({
  PARAMSTORE_SSM_MAX_STANDARD_PARAMETERS: z.coerce.number().int().min(1).default(10_000),
  PARAMSTORE_SSM_MAX_ADVANCED_PARAMETERS: z.coerce.number().int().min(1).default(100_000),
  PARAMSTORE_SSM_POLICY_INTERVAL_MS: z.coerce.number().int().min(50).max(3_600_000).default(30_000),
});

export function createSsmEnv(barrier: Barrier, logger: Logger, env: NodeJS.ProcessEnv = process.env): SsmEnv {
  const parsed = Schema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid SSM configuration: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return {
    barrier,
    logger,
    maxStandardParameters: parsed.data.PARAMSTORE_SSM_MAX_STANDARD_PARAMETERS,
    maxAdvancedParameters: parsed.data.PARAMSTORE_SSM_MAX_ADVANCED_PARAMETERS,
    policyIntervalMs: parsed.data.PARAMSTORE_SSM_POLICY_INTERVAL_MS,
    current: new ReadCache<CurrentRow>(currentEpoch),
  };
}
