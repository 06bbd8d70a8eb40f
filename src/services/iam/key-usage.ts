// Access-key last use (GetAccessKeyLastUsed) and role last use (GetRole RoleLastUsed): noted in memory at
// authentication, written in batches off the hot path.
import type { Job } from "../../jobs/types.js";
import type { Principal } from "../../server/context.js";
import type { Storage } from "../../storage/types.js";
import { recordKeyUses, recordRoleUses } from "./store-keys.js";

export interface KeyUse {
  at: Date;
  service: string;
  region: string;
}

/** A role's last use: a request signed with one of its sessions' credentials (RoleLastUsed{LastUsedDate, Region}). */
export interface RoleUse {
  at: Date;
  region: string;
}

export interface KeyUsageTracker {
  /** Request hot path, after a successful signature check: one map update, no I/O. */
  note(principal: Principal, service: string, region: string, now: Date): void;
  /** The latest use not yet written, so an answer is current before the next flush. */
  pending(accessKeyId: string): Readonly<KeyUse> | undefined;
  /** The latest use of a role (by role id) not yet written. */
  pendingRole(roleId: string): Readonly<RoleUse> | undefined;
  /** Writes the noted uses in one unsynced transaction (a lost last-use time after a power cut is acceptable). */
  flush(): Promise<void>;
  readonly job: Job;
}

/** How often noted uses reach the database at most. */
export const KEY_USAGE_FLUSH_MS = 5_000;

/**
 * The latest use per id, noted in memory and handed out in batches for writing. The batch being written still
 * answers `pending` until its transaction ends; a batch that failed goes back unless a newer use arrived meanwhile.
 */
class LatestUses<T extends object> {
  private noted = new Map<string, T>();
  private writing: ReadonlyMap<string, T> = new Map();

  /** Hot path: one map lookup; a known id keeps its entry, updated in place. */
  note(id: string, use: T): void {
    const entry = this.noted.get(id);
    if (entry === undefined) this.noted.set(id, use);
    else Object.assign(entry, use);
  }

  pending(id: string): Readonly<T> | undefined {
    return this.noted.get(id) ?? this.writing.get(id);
  }

  get size(): number {
    return this.noted.size;
  }

  take(): ReadonlyMap<string, T> {
    const batch = this.noted;
    this.noted = new Map();
    this.writing = batch;
    return batch;
  }

  settle(batch: ReadonlyMap<string, T>, written: boolean): void {
    if (!written) for (const [id, use] of batch) if (!this.noted.has(id)) this.noted.set(id, use);
    if (this.writing === batch) this.writing = new Map();
  }
}

export function createKeyUsageTracker(storage: Pick<Storage, "write">): KeyUsageTracker {
  // Bounded by the number of IAM access keys and roles: only credentials that passed a signature check get here.
  const keys = new LatestUses<KeyUse>();
  const roles = new LatestUses<RoleUse>();

  function note(principal: Principal, service: string, region: string, now: Date): void {
    if (principal.type === "AssumedRole" && principal.session !== undefined) {
      roles.note(principal.session.roleId, { at: now, region });
      return;
    }
    // Only long-term keys of IAM users are IAM access keys; root's key is server config and STS keys are temporary.
    if (principal.type !== "IAMUser" || principal.isTemporary) return;
    keys.note(principal.accessKeyId, { at: now, service, region });
  }

  async function flush(): Promise<void> {
    if (keys.size === 0 && roles.size === 0) return;
    const keyBatch = keys.take();
    const roleBatch = roles.take();
    let written = false;
    try {
      await storage.write(async (tx) => {
        await recordKeyUses(tx, keyBatch);
        await recordRoleUses(tx, roleBatch);
      }, { sync: false });
      written = true;
    } finally {
      keys.settle(keyBatch, written);
      roles.settle(roleBatch, written);
    }
  }

  return {
    note,
    pending: (id) => keys.pending(id),
    pendingRole: (id) => roles.pending(id),
    flush,
    job: { name: "iam-key-last-used", intervalMs: KEY_USAGE_FLUSH_MS, perNode: true, run: flush },
  };
}
