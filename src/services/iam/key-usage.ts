// Access-key last use (GetAccessKeyLastUsed): noted in memory at authentication, written in batches off the hot path.
import type { Job } from "../../jobs/types.js";
import type { Principal } from "../../server/context.js";
import type { Storage } from "../../storage/types.js";
import { recordKeyUses } from "./store-keys.js";

export interface KeyUse {
  at: Date;
  service: string;
  region: string;
}

export interface KeyUsageTracker {
  /** Request hot path, after a successful signature check: one map update, no I/O. */
  note(principal: Principal, service: string, region: string, now: Date): void;
  /** The latest use not yet written, so an answer is current before the next flush. */
  pending(accessKeyId: string): Readonly<KeyUse> | undefined;
  /** Writes the noted uses in one unsynced transaction (a lost last-use time after a power cut is acceptable). */
  flush(): Promise<void>;
  readonly job: Job;
}

/** How often noted uses reach the database at most. */
export const KEY_USAGE_FLUSH_MS = 5_000;

export function createKeyUsageTracker(storage: Pick<Storage, "write">): KeyUsageTracker {
  // Bounded by the number of IAM access keys: only keys that passed a signature check get here.
  let uses = new Map<string, KeyUse>();
  /** The batch being written: still the freshest answer until its transaction commits. */
  let writing: ReadonlyMap<string, KeyUse> = new Map();

  function note(principal: Principal, service: string, region: string, now: Date): void {
    // Only long-term keys of IAM users are IAM access keys; root's key is server config and STS keys are temporary.
    if (principal.type !== "IAMUser" || principal.isTemporary) return;
    const use = uses.get(principal.accessKeyId);
    if (use === undefined) {
      uses.set(principal.accessKeyId, { at: now, service, region });
    } else {
      use.at = now;
      use.service = service;
      use.region = region;
    }
  }

  async function flush(): Promise<void> {
    if (uses.size === 0) return;
    const batch = uses;
    uses = new Map();
    writing = batch;
    try {
      await storage.write((tx) => recordKeyUses(tx, batch), { sync: false });
    } catch (e) {
      // Keep what was not written, unless a newer use was noted meanwhile.
      for (const [id, use] of batch) if (!uses.has(id)) uses.set(id, use);
      throw e;
    } finally {
      if (writing === batch) writing = new Map();
    }
  }

  return {
    note,
    pending: (id) => uses.get(id) ?? writing.get(id),
    flush,
    job: { name: "iam-key-last-used", intervalMs: KEY_USAGE_FLUSH_MS, run: flush },
  };
}
