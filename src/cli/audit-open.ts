// Opens a data directory offline for the audit commands: the storage, and (when the seal can be
// opened here) the barrier with the root key — key file, PARAMSTORE_PASSPHRASE, or --share S….
import { existsSync } from "node:fs";
import { Barrier } from "../crypto/barrier.js";
import { keyFromFile, keyFromPassphrase, keyFromShares, envPassphrase } from "../crypto/seal/index.js";
import { parseShare } from "../crypto/seal/shamir.js";
import { readSealRecord } from "../crypto/seal/store.js";
import { openStorage } from "../storage/open.js";
import type { Storage } from "../storage/types.js";

export class CliError extends Error {}

export function openDataDir(dataDir: string): Storage {
  if (!existsSync(dataDir)) throw new CliError(`${dataDir}: no such data directory`);
  return openStorage(dataDir);
}

/** Unsealed barrier over the store, or a CliError saying how to provide the root key. */
export async function openBarrier(storage: Storage, dataDir: string, shares: readonly string[]): Promise<Barrier> {
  const record = await readSealRecord(storage).catch(() => undefined);
  if (record?.state !== "ready") throw new CliError(`${dataDir} is not an initialised paramstore data directory`);
  const barrier = await Barrier.attach(storage);
  if (!(await barrier.hasKeyring())) throw new CliError(`${dataDir} has no keyring`);
  const { config } = record;
  let rootKey: Buffer;
  if (config.mode === "file") rootKey = keyFromFile(config, dataDir);
  else if (config.mode === "passphrase") {
    const pass = await envPassphrase(process.env)("unlock");
    if (!pass) throw new CliError("this data directory is sealed by a passphrase: set PARAMSTORE_PASSPHRASE (or use --public-key FILE)");
    try {
      rootKey = await keyFromPassphrase(config, pass);
    } finally {
      pass.fill(0);
    }
  } else {
    if (shares.length === 0) throw new CliError("this data directory is sealed by Shamir shares: give --share S (threshold many), or use --public-key FILE");
    rootKey = await keyFromShares(config, shares.map(parseShare));
  }
  try {
    if (!(await barrier.checkRootKey(rootKey))) throw new CliError(`the root key does not open the keyring of ${dataDir}`);
    await barrier.unseal(rootKey);
  } finally {
    rootKey.fill(0);
  }
  return barrier;
}
