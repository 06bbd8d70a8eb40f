// The leader-only timer behind parameter policies (ssm.md §5): deletes parameters whose Expiration has passed and
// fires due ExpirationNotification / NoChangeNotification policies. AWS emits those as EventBridge events; paramstore
// has no EventBridge, so they go to the server log (names only, never values) and the policy shows Finished.
import type { Job } from "../../jobs/types.js";
import type { Storage, WriteTx } from "../../storage/types.js";
import type { SsmEnv } from "./env.js";
import { decodeStored, encodeStored, nextNotificationMs, notificationDueMs, type StoredPolicy } from "./policies.js";
import * as store from "./store.js";

const BATCH = 200;

export function policyJob(storage: Storage, env: SsmEnv): Job {
  return {
    name: "ssm-parameter-policies",
    intervalMs: env.policyIntervalMs,
    run: async (now) => {
      const nowMs = now.getTime();
      // Batches keep each write transaction short; stop when a batch was not full.
      for (let more = true; more; ) {
        more = (await storage.write((tx) => runBatch(tx, env, nowMs))) === BATCH;
      }
    },
  };
}

async function runBatch(tx: WriteTx, env: SsmEnv, nowMs: number): Promise<number> {
  const due = await store.dueParameters(tx, nowMs, BATCH);
  for (const row of due) {
    const scope = { accountId: row.account_id, region: row.region };
    if (row.expires_ms !== null && row.expires_ms <= nowMs) {
      await store.deleteParameter(tx, scope, row.name_key);
      env.logger.info({ event: "ssm.parameter.expired", accountId: row.account_id, region: row.region, name: row.name }, "parameter deleted by its Expiration policy");
      continue;
    }
    const policies = decodeStored(row.policies);
    const fired = policies.map((p): StoredPolicy => {
      const at = notificationDueMs(p, policies, row.modified_ms);
      if (at === null || at > nowMs) return p;
      env.logger.info({ event: `ssm.parameter.${p.type}`, accountId: row.account_id, region: row.region, name: row.name }, "parameter policy notification");
      return { ...p, status: "Finished" };
    });
    await store.updatePolicyState(tx, scope, row.name_key, encodeStored(fired), nextNotificationMs(fired, row.modified_ms));
  }
  return due.length;
}
