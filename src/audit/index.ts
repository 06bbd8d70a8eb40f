// Audit trail entry point: the pipeline's sink, the CloudTrail LookupEvents service, the digest and
// retention jobs, and an orderly close (flush queued events, final digest, audit file caught up).
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Job } from "../jobs/types.js";
import { createCloudTrailService } from "../services/cloudtrail/index.js";
import type { ServiceDeps } from "../services/deps.js";
import type { ServiceDefinition } from "../services/types.js";
import { recordsForCall } from "./call-events.js";
import { GENESIS_HASH } from "./chain.js";
import { pruneBefore, writeDigest } from "./digest.js";
import { AuditFileSink } from "./file-sink.js";
import { loadKeys, loadOrCreateKeys, type AuditKeys } from "./keys.js";
import type { AuditSink, CallRecord } from "./sink.js";
import { ensureHead, lastDigest, migrateAudit } from "./store.js";
import { AuditWriter, prepare, type PreparedEvent } from "./writer.js";

export type { AuditSink, CallRecord } from "./sink.js";

export interface AuditTrail {
  readonly sink: AuditSink;
  /** The CloudTrail service (LookupEvents) for compose.ts's service list. */
  readonly cloudtrail: ServiceDefinition;
  readonly jobs: Job[];
  readonly nodeId: string;
  close(): Promise<void>;
}

export const NODE_ID_FILE = "audit-node-id";
const RETENTION_INTERVAL_MS = 60 * 60 * 1000;

/** This server's chain id, fixed at first start (one chain per node: ARCHITECTURE.md §7). */
export function loadOrCreateNodeId(dataDir: string): string {
  const file = join(dataDir, NODE_ID_FILE);
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const id = `node-${randomBytes(6).toString("hex")}`;
  writeFileSync(file, `${id}\n`, { mode: 0o600, flag: "wx" });
  return id;
}

/** Holds the unsealed keys; drops the chain key when the barrier seals, reloads after an unseal. */
class KeyHolder {
  constructor(private keys: AuditKeys | null, private readonly deps: ServiceDeps) {}
  async current(): Promise<AuditKeys> {
    if (this.deps.barrier.isSealed) {
      this.keys?.chainKey.fill(0);
      this.keys = null;
      throw new Error("the barrier is sealed: audit keys unavailable");
    }
    if (!this.keys) this.keys = (await this.deps.storage.read((tx) => loadKeys(tx, this.deps.barrier))) ?? null;
    if (!this.keys) throw new Error("audit keys missing");
    return this.keys;
  }
  chainKey(): Buffer {
    if (!this.keys || this.deps.barrier.isSealed) throw new Error("audit chain key unavailable (sealed)");
    return this.keys.chainKey;
  }
}

export async function createAuditTrail(deps: ServiceDeps): Promise<AuditTrail> {
  const { config, storage, logger } = deps;
  await migrateAudit(storage);
  // One chain per process: workers of a `--workers` server (cluster.ts) append to their own.
  const base = loadOrCreateNodeId(config.dataDir);
  const nodeId = deps.workerIndex === 0 ? base : `${base}-w${deps.workerIndex}`;
  if (config.auditDisabled) {
    const cloudtrail = createCloudTrailService();
    logger.warn("AUDIT TRAIL DISABLED (--audit-disabled): calls are not recorded; use only for benchmarks");
    return { sink: { async recordInTx() {}, async record() {} }, cloudtrail, jobs: [], nodeId, async close() {} };
  }
  const keys = new KeyHolder(await loadOrCreateKeys(storage, deps.barrier, deps.clock()), deps);
  const digestCtx = async (now: Date): Promise<Parameters<typeof writeDigest>[1]> =>
    ({ nodeId, accountId: deps.accountId, key: (await keys.current()).active, now });
  await storage.write(async (tx) => {
    await ensureHead(tx, nodeId, GENESIS_HASH);
    // The starting digest: from here on a deleted digest chain is itself evidence.
    if (!(await lastDigest(tx, nodeId))) await writeDigest(tx, await digestCtx(deps.clock()));
  });
  const file = config.auditFile ? await AuditFileSink.open(storage, config.auditFile, nodeId, logger) : undefined;
  const writer = new AuditWriter({
    storage, nodeId, chainKey: () => keys.chainKey(), logger, failClosed: config.auditFailClosed, syncReads: config.auditSyncReads, onCommitted: () => file?.nudge(),
  });
  // A lookup sees every call made before it; if the queue cannot be written, the lookup still answers.
  const cloudtrail = createCloudTrailService(() => writer.flush().catch(() => undefined));
  const prepared = (call: CallRecord): PreparedEvent[] =>
    recordsForCall(call, deps.clock(), randomUUID).map((r) => prepare(r, call.accountId, call.region));

  const sink: AuditSink = {
    async recordInTx(tx, call) {
      const events = prepared(call);
      await keys.current();
      await writer.appendInTx(tx, events);
      file?.nudge();
    },
    async record(call) {
      // Sealed: only the sealed error is served and no key is at hand; nothing happened to record.
      if (deps.barrier.isSealed) return;
      await keys.current();
      await writer.enqueue(prepared(call));
    },
  };

  const digestJob: Job = {
    name: "audit-digest",
    intervalMs: config.auditDigestIntervalSeconds * 1000,
    perNode: true,
    async run(now) {
      if (deps.barrier.isSealed) return;
      const ctx = await digestCtx(now);
      await storage.write((tx) => writeDigest(tx, ctx));
    },
  };
  const prune = async (now: Date): Promise<void> => {
    const days = config.auditRetentionDays;
    if (days === undefined || deps.barrier.isSealed) return;
    const ctx = await digestCtx(now);
    const cutoff = Math.floor(ctx.now.getTime() / 1000) - days * 86400;
    const removed = await storage.write((tx) => pruneBefore(tx, ctx, cutoff));
    if (removed > 0) logger.info({ removed, days }, "audit trail: pruned events past retention");
  };
  const jobs: Job[] = [digestJob];
  if (config.auditRetentionDays !== undefined) {
    jobs.push({ name: "audit-retention", intervalMs: Math.min(RETENTION_INTERVAL_MS, digestJob.intervalMs), perNode: true, run: prune });
    await prune(deps.clock());
  }
  logger.info({ nodeId, failClosed: config.auditFailClosed, syncReads: config.auditSyncReads, file: config.auditFile, retentionDays: config.auditRetentionDays }, "audit trail ready");

  return {
    sink,
    cloudtrail,
    jobs,
    nodeId,
    async close() {
      await writer.flush().catch((e: unknown) => logger.error({ err: String(e) }, "audit trail: queued events could not be written at shutdown"));
      writer.close();
      if (!deps.barrier.isSealed) await digestJob.run(deps.clock()).catch((e: unknown) => logger.error({ err: String(e) }, "audit trail: final digest failed"));
      await file?.close();
    },
  };
}
