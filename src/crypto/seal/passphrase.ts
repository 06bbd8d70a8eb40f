// Passphrase seal: the root key is scrypt(passphrase, salt). Salt and cost live in the seal record
// (public); the passphrase and the derived key never touch disk.
import { randomBytes, scrypt } from "node:crypto";
import { KEY_BYTES } from "../aead.js";

export interface ScryptParams {
  readonly kdf: "scrypt";
  /** CPU/memory cost, a power of two. */
  readonly N: number;
  readonly r: number;
  readonly p: number;
  /** base64, 32 random bytes per passphrase (a new one on every rotation). */
  readonly salt: string;
}

/** 2^17 * 8 * 128 B = 128 MiB and ~0.4 s per guess on a 2020s core (OWASP's scrypt floor is 2^17). */
export const DEFAULT_COST = { N: 2 ** 17, r: 8, p: 1 } as const;
export const MIN_PASSPHRASE_CHARS = 8;
const SALT_BYTES = 32;
/** Refuse costs that would need more than 1 GiB: a tampered record must not exhaust memory. */
const MAX_MEMORY_BYTES = 2 ** 30;

export class PassphraseError extends Error {}

export function newScryptParams(cost: { N: number; r: number; p: number } = DEFAULT_COST): ScryptParams {
  const params: ScryptParams = { kdf: "scrypt", ...cost, salt: randomBytes(SALT_BYTES).toString("base64") };
  const problem = scryptParamsProblem(params);
  if (problem) throw new PassphraseError(problem);
  return params;
}

/** null when the parameters are usable, else why not. */
export function scryptParamsProblem(p: ScryptParams): string | null {
  if (p.kdf !== "scrypt") return `unknown key derivation ${String(p.kdf)}`;
  if (!Number.isInteger(p.N) || p.N < 2 ** 10 || (p.N & (p.N - 1)) !== 0) return "scrypt N must be a power of two of at least 1024";
  if (!Number.isInteger(p.r) || p.r < 1 || p.r > 32) return "scrypt r must be from 1 to 32";
  if (!Number.isInteger(p.p) || p.p < 1 || p.p > 16) return "scrypt p must be from 1 to 16";
  if (128 * p.N * p.r > MAX_MEMORY_BYTES) return "scrypt parameters need more than 1 GiB of memory";
  if (Buffer.from(p.salt, "base64").length < 16) return "scrypt salt must be at least 16 bytes";
  return null;
}

/** A passphrase chosen now (first boot, rotation): long enough; null when acceptable. */
export function newPassphraseProblem(passphrase: Buffer): string | null {
  const chars = [...normalise(passphrase).toString("utf8")].length;
  return chars < MIN_PASSPHRASE_CHARS ? `the passphrase must have at least ${MIN_PASSPHRASE_CHARS} characters` : null;
}

/** The 256-bit root key for `passphrase` under `params`. Unicode NFC first, so every keyboard derives the same key. */
export async function derivePassphraseKey(passphrase: Buffer, params: ScryptParams): Promise<Buffer> {
  const problem = scryptParamsProblem(params);
  if (problem) throw new PassphraseError(problem);
  if (passphrase.length === 0) throw new PassphraseError("the passphrase is empty");
  const input = normalise(passphrase);
  try {
    return await new Promise<Buffer>((resolve, reject) => {
      const maxmem = 128 * params.N * params.r * 2; // scrypt needs 128*N*r plus a little; twice is ample
      scrypt(input, Buffer.from(params.salt, "base64"), KEY_BYTES, { N: params.N, r: params.r, p: params.p, maxmem }, (err, key) =>
        err ? reject(new PassphraseError(`scrypt failed: ${err.message}`)) : resolve(key));
    });
  } finally {
    input.fill(0);
  }
}

function normalise(passphrase: Buffer): Buffer {
  return Buffer.from(passphrase.toString("utf8").normalize("NFC"), "utf8");
}
