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

export function createKeyUsageTracker(storage: Pick<Storage, "write">): KeyUsageTracker {
  // Bounded by the number of IAM access keys: only keys that passed a signature check get here.
  let uses = new Map<string, KeyUse>();
  /** The batch being written: still the freshest answer until its transaction commits. */
  let writing: ReadonlyMap<string, KeyUse> = new Map();
  // Bounded by the number of roles: only sessions of existing roles pass the signature check.
  let roleUses = new Map<string, RoleUse>();
  let writingRoles: ReadonlyMap<string, RoleUse> = new Map();

  function note(principal: Principal, service: string, region: string, now: Date): void {
    if (principal.type === "AssumedRole" && principal.session !== undefined) {
      const use = roleUses.get(principal.session.roleId);
      if (use === undefined) roleUses.set(principal.session.roleId, { at: now, region });
      else {
        use.at = now;
        use.region = region;
      }
      return;
    }
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
    if (uses.size === 0 && roleUses.size === 0) return;
    const batch = uses;
    const roleBatch = roleUses;
    uses = new Map();
    roleUses = new Map();
    writing = batch;
    writingRoles = roleBatch;
    try {
      await storage.write(async (tx) => {
        await recordKeyUses(tx, batch);
        await recordRoleUses(tx, roleBatch);
      }, { sync: false });
    } catch (e) {
      // Keep what was not written, unless a newer use was noted meanwhile.
      for (const [id, use] of batch) if (!uses.has(id)) uses.set(id, use);
      for (const [id, use] of roleBatch) if (!roleUses.has(id)) roleUses.set(id, use);
      throw e;
    } finally {
      if (writing === batch) writing = new Map();
      if (writingRoles === roleBatch) writingRoles = new Map();
    }
  }

  return {
    note,
    pending: (id) => uses.get(id) ?? writing.get(id),
    pendingRole: (id) => roleUses.get(id) ?? writingRoles.get(id),
    flush,
    job: { name: "iam-key-last-used", intervalMs: KEY_USAGE_FLUSH_MS, run: flush },
  };
}
