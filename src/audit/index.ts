// Audit trail entry point (being built in audit/: records, chain, digests, lookup).
import type { ServiceDeps } from "../services/deps.js";
import type { AuditSink } from "./sink.js";

export async function createAuditSink(_deps: ServiceDeps): Promise<AuditSink> {
  return {
    async recordInTx() {},
    async record() {},
  };
}
