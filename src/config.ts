// Flags + environment -> one typed, validated Config (zod), parsed once at the boundary.
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { z } from "zod";

const ConfigSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535),
  host: z.string().min(1),
  dataDir: z.string().min(1),
  accountId: z.string().regex(/^\d{12}$/, "account id must be 12 digits").optional(),
  tlsCert: z.string().optional(),
  tlsKey: z.string().optional(),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]),
  seal: z.enum(["file", "passphrase", "shamir"]),
  rootAccessKeyId: z.string().regex(/^[A-Z0-9]{16,128}$/).optional(),
  rootSecretAccessKey: z.string().min(16).optional(),
  /** Restores AWS's account-wide use of AWS managed keys (kms.md §6). */
  awsManagedKeysOpen: z.boolean(),
  /** Audit trail: also append each committed event as a JSON line to this file. */
  auditFile: z.string().min(1).optional(),
  /** Audit trail: prune events older than this many days (a signed digest anchors the rest). */
  auditRetentionDays: z.coerce.number().int().min(1).max(36500).optional(),
  /** Audit trail: refuse a read whose event cannot be written (default; writes are always fail-closed). */
  auditFailClosed: z.boolean(),
  /** Audit trail: answer a read only once its event is durable (costs an fsync per batch of concurrent reads). */
  auditSyncReads: z.boolean(),
  /** Audit trail: seconds between signed digests. */
  auditDigestIntervalSeconds: z.coerce.number().int().min(1).max(86400),
  /** Audit trail off (benchmarks only; loudly logged). */
  auditDisabled: z.boolean(),
  /** Server processes sharing the port (server/cluster.ts); 1 serves from this process alone. */
  workers: z.coerce.number().int().min(1).max(64),
  /** PostgreSQL instead of the data directory's SQLite file (several servers may share it). */
  databaseUrl: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL").optional(),
  /** The schema of that database holding this store (one database may hold several stores). */
  databaseSchema: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, "lower-case letters, digits and _ (at most 63)"),
}).refine((c) => !!c.tlsCert === !!c.tlsKey, { message: "--tls-cert and --tls-key go together" })
  .refine((c) => !(c.auditDisabled && c.auditFile), { message: "--audit-disabled and --audit-file exclude each other" })
  .refine((c) => !!c.rootAccessKeyId === !!c.rootSecretAccessKey, {
    message: "PARAMSTORE_ROOT_ACCESS_KEY_ID and PARAMSTORE_ROOT_SECRET_ACCESS_KEY go together",
  });

export type Config = z.infer<typeof ConfigSchema>;

export const SERVE_OPTIONS = {
  port: { type: "string" },
  host: { type: "string" },
  "data-dir": { type: "string" },
  "account-id": { type: "string" },
  "tls-cert": { type: "string" },
  "tls-key": { type: "string" },
  "log-level": { type: "string" },
  seal: { type: "string" },
  "aws-managed-keys-open": { type: "boolean" },
  "audit-file": { type: "string" },
  "audit-retention-days": { type: "string" },
  "audit-fail-closed": { type: "boolean" },
  "audit-fail-open": { type: "boolean" },
  "audit-sync-reads": { type: "boolean" },
  "audit-digest-interval": { type: "string" },
  "audit-disabled": { type: "boolean" },
  workers: { type: "string" },
  "database-url": { type: "string" },
  "database-schema": { type: "string" },
} as const;

export function parseServeConfig(argv: string[], env: NodeJS.ProcessEnv): Config {
  const { values } = parseArgs({ args: argv, options: SERVE_OPTIONS, allowPositionals: false, strict: true });
  const parsed = ConfigSchema.safeParse({
    port: values.port ?? env.PARAMSTORE_PORT ?? 4583,
    host: values.host ?? env.PARAMSTORE_HOST ?? "127.0.0.1",
    dataDir: resolve(values["data-dir"] ?? env.PARAMSTORE_DATA_DIR ?? "./data"),
    accountId: values["account-id"] ?? env.PARAMSTORE_ACCOUNT_ID ?? undefined,
    tlsCert: values["tls-cert"],
    tlsKey: values["tls-key"],
    logLevel: values["log-level"] ?? env.PARAMSTORE_LOG_LEVEL ?? "info",
    seal: values.seal ?? env.PARAMSTORE_SEAL ?? "file",
    rootAccessKeyId: env.PARAMSTORE_ROOT_ACCESS_KEY_ID || undefined,
    rootSecretAccessKey: env.PARAMSTORE_ROOT_SECRET_ACCESS_KEY || undefined,
    awsManagedKeysOpen: values["aws-managed-keys-open"] ?? env.PARAMSTORE_AWS_MANAGED_KEYS_OPEN === "true",
    auditFile: optionalPath(values["audit-file"] ?? env.PARAMSTORE_AUDIT_FILE),
    auditRetentionDays: values["audit-retention-days"] ?? (env.PARAMSTORE_AUDIT_RETENTION_DAYS || undefined),
    // Fail-closed unless told otherwise (Vault refuses a request no audit device accepted).
    auditFailClosed: values["audit-fail-open"] ? false : values["audit-fail-closed"] ?? env.PARAMSTORE_AUDIT_FAIL_CLOSED !== "false",
    auditSyncReads: values["audit-sync-reads"] ?? env.PARAMSTORE_AUDIT_SYNC_READS === "true",
    auditDigestIntervalSeconds: values["audit-digest-interval"] ?? env.PARAMSTORE_AUDIT_DIGEST_INTERVAL ?? 300,
    auditDisabled: values["audit-disabled"] ?? env.PARAMSTORE_AUDIT_DISABLED === "true",
    workers: workerCount(values.workers ?? env.PARAMSTORE_WORKERS ?? "1"),
    databaseUrl: values["database-url"] ?? (env.PARAMSTORE_DATABASE_URL || undefined),
    databaseSchema: values["database-schema"] ?? env.PARAMSTORE_DATABASE_SCHEMA ?? "paramstore",
  });
  if (!parsed.success) {
    throw new Error(`invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join(".") || "config"}: ${i.message}`).join("; ")}`);
  }
  return parsed.data;
}

/** `auto`: one per CPU the machine offers this process. */
const workerCount = (v: string): string | number => (v === "auto" ? availableParallelism() : v);

const optionalPath = (p: string | undefined): string | undefined => (p ? resolve(p) : undefined);
