// The seal record (sys_seal): how the root key is obtained, and whether initialisation finished.
// It holds only public parameters (mode, salt, scrypt cost, share counts, key file name).
import { z } from "zod";
import type { Storage, WriteTx } from "../../storage/types.js";
import type { SealConfig } from "./index.js";

const DDL = `
CREATE TABLE IF NOT EXISTS sys_seal (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  state TEXT NOT NULL,
  config TEXT,
  updated_at TEXT NOT NULL
);`;

/** "initialising": the marker of ARCHITECTURE.md §5 — the store must not be used until it says "ready". */
export type SealState = "initialising" | "ready";

/** While initialising the config may still be unknown (null); once ready it always says how to get the root key. */
export type SealRecord =
  | { readonly state: "initialising"; readonly config: SealConfig | null }
  | { readonly state: "ready"; readonly config: SealConfig };

const ConfigSchema = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("file"), keyFile: z.string().min(1) }),
  z.object({
    mode: z.literal("passphrase"),
    scrypt: z.object({ kdf: z.literal("scrypt"), N: z.number().int(), r: z.number().int(), p: z.number().int(), salt: z.string() }),
  }),
  z.object({ mode: z.literal("shamir"), shares: z.number().int(), threshold: z.number().int(), setId: z.string().regex(/^[0-9a-f]{8}$/) }),
]);

const RecordSchema = z.object({ state: z.enum(["initialising", "ready"]), config: z.string().nullable() });

export async function migrateSealStore(storage: Storage): Promise<void> {
  await storage.migrate("0002-sys-seal", DDL);
}

export async function readSealRecord(storage: Storage): Promise<SealRecord | undefined> {
  const row = await storage.read((tx) => tx.get("SELECT state, config FROM sys_seal WHERE id = 1"));
  if (!row) return undefined;
  const rec = RecordSchema.safeParse(row);
  if (rec.success && rec.data.config === null && rec.data.state === "initialising") return { state: "initialising", config: null };
  const config = rec.success ? ConfigSchema.safeParse(safeJson(rec.data.config ?? "")) : undefined;
  if (!rec.success || !config?.success) throw new Error("the seal record in sys_seal is unreadable (damaged or from a newer paramstore)");
  return { state: rec.data.state, config: config.data };
}

export async function writeSealRecord(tx: WriteTx, state: SealState, config: SealConfig | null): Promise<void> {
  await tx.run(
    "INSERT INTO sys_seal (id, state, config, updated_at) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET state = excluded.state, config = excluded.config, updated_at = excluded.updated_at",
    [state, config === null ? null : JSON.stringify(config), new Date().toISOString()],
  );
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
