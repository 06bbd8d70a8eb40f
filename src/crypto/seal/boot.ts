// Data directory lifecycle: crash-safe first initialisation (the "initialising" marker of
// ARCHITECTURE.md §5) and the boot decision per seal mode: unseal now (file, passphrase) or stay sealed (shamir).
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "pino";
import { BarrierError, type Barrier } from "../barrier.js";
import type { Storage } from "../../storage/types.js";
import { createRoot, describeSeal, FIRST_KEY_FILE, keyFromFile, keyFromPassphrase, SealError, type NewRoot, type PassphraseSource, type RootSpec, type SealConfig, type SealMode } from "./index.js";
import { destroyKeyFile, strayKeyFiles } from "./key-file.js";
import { migrateSealStore, readSealRecord, writeSealRecord, type SealRecord } from "./store.js";

export interface SealDeps {
  readonly storage: Storage;
  readonly barrier: Barrier;
  readonly dataDir: string;
  readonly logger: Pick<Logger, "info" | "warn">;
}

export interface BootOutcome {
  readonly config: SealConfig;
  /** True when this boot initialised the data directory. */
  readonly created: boolean;
  /** Shamir: the server starts sealed and waits for `operator unseal`. */
  readonly sealed: boolean;
}

/** Opens the data directory with the seal `mode` asked for on the command line. Throws SealError with an operator-facing message. */
export async function bootSeal(deps: SealDeps, mode: SealMode, passphrase: PassphraseSource): Promise<BootOutcome> {
  const record = await currentRecord(deps);
  if (record?.state !== "ready") {
    if (mode === "shamir") throw notInitialised(deps.dataDir, record !== undefined);
    const pass = mode === "passphrase" ? await needPassphrase(passphrase, "create") : undefined;
    try {
      const made = await initialiseStore(deps, pass ? { mode: "passphrase", passphrase: pass } : { mode: "file" });
      await unsealBarrier(deps, made.rootKey, made.config);
      return { config: made.config, created: true, sealed: false };
    } finally {
      pass?.fill(0);
    }
  }
  const { config } = record;
  if (config.mode !== mode) {
    throw new SealError("ModeMismatch", `${deps.dataDir} is sealed with --seal ${config.mode}, not ${mode}: start it with --seal ${config.mode} (or change the seal with \`paramstore operator rotate-root --to ${mode}\`)`);
  }
  destroyStrayKeyFiles(deps, config);
  if (config.mode === "shamir") return { config, created: false, sealed: true };
  const key = config.mode === "file" ? keyFromFile(config, deps.dataDir) : await passphraseKey(config, passphrase);
  await unsealBarrier(deps, key, config);
  return { config, created: false, sealed: false };
}

/**
 * Initialises a new data directory (or redoes one whose initialisation was interrupted): marker first,
 * then the root key (and key file), then keyring + seal record in one transaction. Shamir stays
 * "initialising" until finishInitialisation, called once the shares have been shown.
 */
export async function initialiseStore(deps: SealDeps, spec: RootSpec): Promise<NewRoot> {
  const record = await currentRecord(deps);
  if (record?.state === "ready") {
    throw new SealError("InvalidRequest", `${deps.dataDir} is already initialised (${describeSeal(record.config)}); change its seal with \`paramstore operator rotate-root\``);
  }
  await deps.storage.write((tx) => writeSealRecord(tx, "initialising", null));
  // The marker is ours: any key file here comes from an init that never finished and opens nothing.
  destroyStrayKeyFiles(deps, undefined);
  const made = await createRoot(spec, deps.dataDir, FIRST_KEY_FILE);
  try {
    await deps.storage.write(async (tx) => {
      await deps.barrier.writeNewKeyring(tx, made.rootKey);
      await writeSealRecord(tx, made.config.mode === "shamir" ? "initialising" : "ready", made.config);
    });
  } catch (e) {
    made.rootKey.fill(0);
    throw e;
  }
  return made;
}

/** Shamir: the shares were shown, so the store may now be used. */
export async function finishInitialisation(deps: SealDeps, config: SealConfig): Promise<void> {
  await deps.storage.write((tx) => writeSealRecord(tx, "ready", config));
}

/** Loads the keyring with `rootKey` (zeroed afterwards); a wrong key becomes a clean SealError. */
export async function unsealBarrier(deps: Pick<SealDeps, "barrier" | "dataDir">, rootKey: Buffer, config: SealConfig): Promise<void> {
  try {
    await deps.barrier.unseal(rootKey);
  } catch (e) {
    if (!(e instanceof BarrierError)) throw e;
    throw wrongRootKey(config, deps.dataDir);
  } finally {
    rootKey.fill(0);
  }
}

export function wrongRootKey(config: SealConfig, dataDir: string): SealError {
  switch (config.mode) {
    case "file": return new SealError("WrongKeyFile", `the key file ${config.keyFile} does not open the keyring of ${dataDir}`);
    case "passphrase": return new SealError("WrongPassphrase", `wrong passphrase: it does not open the keyring of ${dataDir}`);
    case "shamir": return new SealError("WrongShares", `the shares do not open the keyring of ${dataDir} (wrong or tampered shares)`);
  }
}

/** Deletes (zero-overwrites) key files the seal record does not name: left by an interrupted rotation or init. */
export function destroyStrayKeyFiles(deps: Pick<SealDeps, "dataDir" | "logger">, config: SealConfig | undefined): void {
  for (const name of strayKeyFiles(deps.dataDir, config?.mode === "file" ? config.keyFile : undefined)) {
    destroyKeyFile(deps.dataDir, name);
    deps.logger.warn({ file: name }, "destroyed a root key file the seal record does not use (left by an interrupted init or rotation)");
  }
}

async function currentRecord(deps: SealDeps): Promise<SealRecord | undefined> {
  await migrateSealStore(deps.storage);
  const record = await readSealRecord(deps.storage);
  if (record || !(await deps.barrier.hasKeyring())) return record;
  // A keyring without a seal record: a data directory from before seal records, always --seal file with root.key.
  if (!existsSync(join(deps.dataDir, FIRST_KEY_FILE))) {
    throw new SealError("NotInitialised", `${deps.dataDir} has a keyring but neither a seal record nor ${FIRST_KEY_FILE}: its root key is elsewhere`);
  }
  const config: SealConfig = { mode: "file", keyFile: FIRST_KEY_FILE };
  await deps.storage.write((tx) => writeSealRecord(tx, "ready", config));
  return { state: "ready", config };
}

async function passphraseKey(config: SealConfig & { mode: "passphrase" }, source: PassphraseSource): Promise<Buffer> {
  const pass = await needPassphrase(source, "unlock");
  try {
    return await keyFromPassphrase(config, pass);
  } finally {
    pass.fill(0);
  }
}

async function needPassphrase(source: PassphraseSource, purpose: "create" | "unlock"): Promise<Buffer> {
  const passphrase = await source(purpose);
  if (!passphrase) {
    throw new SealError("InvalidRequest", "--seal passphrase needs the passphrase: set PARAMSTORE_PASSPHRASE or start from an interactive terminal");
  }
  return passphrase;
}

function notInitialised(dataDir: string, interrupted: boolean): SealError {
  const init = `paramstore operator init --data-dir ${dataDir} --shares 5 --threshold 3`;
  return new SealError("NotInitialised", interrupted
    ? `the initialisation of ${dataDir} did not finish (nothing was stored under it): run \`${init}\` again`
    : `${dataDir} is not initialised for --seal shamir: run \`${init}\` first`);
}
