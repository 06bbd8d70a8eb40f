// Tier choice and value-size rules (ssm.md §3, §4). Pure.
import { ADVANCED_TOO_LARGE, NO_DOWNGRADE, POLICIES_NEED_ADVANCED, STANDARD_TOO_LARGE } from "./errors.js";

export const STANDARD_MAX_BYTES = 4096;
export const ADVANCED_MAX_BYTES = 8192;
export const TIERS = ["Standard", "Advanced", "Intelligent-Tiering"] as const;

export type Tier = "Standard" | "Advanced";

export interface TierChoice {
  readonly tier: Tier;
  /** Chosen by Intelligent-Tiering: may still move to Advanced when the Standard quota is full. */
  readonly intelligent: boolean;
}

/**
 * `requested` wins; without it a new parameter takes the account default and an existing one keeps its tier (unless
 * the default is Intelligent-Tiering, which may upgrade it). Intelligent-Tiering picks Advanced only when needed:
 * already Advanced, a value over 4 KB, or policies.
 */
export function chooseTier(requested: string | undefined, current: string | undefined, defaultTier: string, valueBytes: number, hasPolicies: boolean): TierChoice {
  const want = requested ?? (current !== undefined && defaultTier !== "Intelligent-Tiering" ? current : defaultTier);
  if (want === "Intelligent-Tiering") {
    const advanced = current === "Advanced" || valueBytes > STANDARD_MAX_BYTES || hasPolicies;
    return { tier: advanced ? "Advanced" : "Standard", intelligent: true };
  }
  return { tier: want === "Advanced" ? "Advanced" : "Standard", intelligent: false };
}

/** The ValidationException text a final tier choice breaks, or null. Never downgrade; size; policies need Advanced. */
export function tierProblem(tier: Tier, current: string | undefined, valueBytes: number, hasPolicies: boolean): string | null {
  if (current === "Advanced" && tier === "Standard") return NO_DOWNGRADE;
  if (tier === "Standard" && valueBytes > STANDARD_MAX_BYTES) return STANDARD_TOO_LARGE;
  if (valueBytes > ADVANCED_MAX_BYTES) return ADVANCED_TOO_LARGE;
  if (tier === "Standard" && hasPolicies) return POLICIES_NEED_ADVANCED;
  return null;
}
