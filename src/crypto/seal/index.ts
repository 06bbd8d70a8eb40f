// The seal: how the root key is made and obtained in each mode (key file, passphrase, Shamir shares).
// Everything stored about a seal is public; the root key exists only in memory, briefly.
import { randomBytes } from "node:crypto";
import { KEY_BYTES } from "../aead.js";
import { KeyFileError, newKeyFileName, readKeyFile, ROOT_KEY_FILE, writeKeyFile } from "./key-file.js";
import { derivePassphraseKey, newPassphraseProblem, newScryptParams, PassphraseError, type ScryptParams } from "./passphrase.js";
import { combineShares, ShareError, splitRootKey, type ParsedShare } from "./shamir.js";

export const SEAL_MODES = ["file", "passphrase", "shamir"] as const;
export type SealMode = (typeof SEAL_MODES)[number];

export type SealConfig =
  | { readonly mode: "file"; readonly keyFile: string }
  | { readonly mode: "passphrase"; readonly scrypt: ScryptParams }
  | { readonly mode: "shamir"; readonly shares: number; readonly threshold: number; readonly setId: string };

export type SealErrorCode =
  | "InvalidRequest" | "InvalidShare" | "WrongShares" | "WrongPassphrase" | "WrongKeyFile"
  | "Sealed" | "NotInitialised" | "ModeMismatch" | "NoPendingRotation" | "ServicesFailed";

const STATUS: Record<SealErrorCode, number> = {
  InvalidRequest: 400, InvalidShare: 400, WrongShares: 400, WrongPassphrase: 400, WrongKeyFile: 500,
  Sealed: 409, NotInitialised: 409, ModeMismatch: 409, NoPendingRotation: 409, ServicesFailed: 500,
};

/** An operator-facing failure with a clear message (never a secret in it) and the admin HTTP status. */
export class SealError extends Error {
  readonly status: number;
  constructor(readonly code: SealErrorCode, message: string) {
    super(message);
    this.name = "SealError";
    this.status = STATUS[code];
  }
}

/** Asks for a passphrase: "create" (first boot, rotation: typed twice) or "unlock"; null when none can be had. */
export type PassphraseSource = (purpose: "create" | "unlock") => Promise<Buffer | null>;

export const PASSPHRASE_ENV = "PARAMSTORE_PASSPHRASE";

/** The passphrase from PARAMSTORE_PASSPHRASE (or `name`), removed from the environment once read (child processes must not inherit it). */
export function envPassphrase(env: NodeJS.ProcessEnv, name: string = PASSPHRASE_ENV): PassphraseSource {
  return async () => {
    const value = env[name];
    delete env[name];
    return value ? Buffer.from(value, "utf8") : null;
  };
}

/** What a new root key is made from. */
export type RootSpec =
  | { readonly mode: "file" }
  | { readonly mode: "passphrase"; readonly passphrase: Buffer }
  | { readonly mode: "shamir"; readonly shares: number; readonly threshold: number };

export interface NewRoot {
  readonly rootKey: Buffer;
  readonly config: SealConfig;
  /** Shamir only: the share texts, to be shown once. */
  readonly shares?: readonly string[];
}

/**
 * Makes a new root key and the seal config that obtains it again. File mode writes the key file now
 * (under a fresh name: nothing points at it until the seal record does).
 */
export async function createRoot(spec: RootSpec, dataDir: string, keyFileName: string = newKeyFileName()): Promise<NewRoot> {
  switch (spec.mode) {
    case "file": {
      const rootKey = randomBytes(KEY_BYTES);
      writeKeyFile(dataDir, keyFileName, rootKey);
      return { rootKey, config: { mode: "file", keyFile: keyFileName } };
    }
    case "passphrase": {
      const problem = newPassphraseProblem(spec.passphrase);
      if (problem) throw new SealError("InvalidRequest", problem);
      const scrypt = newScryptParams();
      return { rootKey: await derivePassphraseKey(spec.passphrase, scrypt), config: { mode: "passphrase", scrypt } };
    }
    case "shamir": {
      const rootKey = randomBytes(KEY_BYTES);
      const set = await asSealError("InvalidRequest", () => splitRootKey(rootKey, spec.shares, spec.threshold));
      return { rootKey, config: { mode: "shamir", shares: spec.shares, threshold: spec.threshold, setId: set.setId }, shares: set.shares };
    }
  }
}

/** The first key file of a data directory keeps the familiar name. */
export const FIRST_KEY_FILE = ROOT_KEY_FILE;

export function keyFromFile(config: SealConfig & { mode: "file" }, dataDir: string): Buffer {
  try {
    return readKeyFile(dataDir, config.keyFile);
  } catch (e) {
    if (e instanceof KeyFileError) throw new SealError("WrongKeyFile", e.message);
    throw e;
  }
}

export function keyFromPassphrase(config: SealConfig & { mode: "passphrase" }, passphrase: Buffer): Promise<Buffer> {
  return asSealError("InvalidRequest", () => derivePassphraseKey(passphrase, config.scrypt));
}

export function keyFromShares(config: SealConfig & { mode: "shamir" }, shares: readonly ParsedShare[]): Promise<Buffer> {
  return asSealError("InvalidShare", () => combineShares(shares, config.setId, config.threshold));
}

/** Describes a config for logs and status (public facts only). */
export function describeSeal(config: SealConfig): string {
  switch (config.mode) {
    case "file": return `key file ${config.keyFile}`;
    case "passphrase": return `passphrase (scrypt N=${config.scrypt.N} r=${config.scrypt.r} p=${config.scrypt.p})`;
    case "shamir": return `Shamir shares (${config.threshold} of ${config.shares})`;
  }
}

async function asSealError<T>(code: SealErrorCode, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ShareError || e instanceof PassphraseError) throw new SealError(code, e.message);
    throw e;
  }
}
