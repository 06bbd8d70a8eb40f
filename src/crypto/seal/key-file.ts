// Development seal: the root key lives in a file in the data directory (0600). Loud warning at start.
// Writes are crash-safe (temp file, fsync, rename, fsync of the directory); old keys are destroyed.
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { KEY_BYTES } from "../aead.js";

export const ROOT_KEY_FILE = "root.key";
/** root.key (first key) or root-<hex>.key (after a rotation); .tmp while being written. */
const KEY_FILE_NAME = /^root(-[0-9a-f]{8})?\.key(\.tmp)?$/;

export class KeyFileError extends Error {}

/** A fresh name for a rotated key, so the seal record points at exactly one file at any time. */
export const newKeyFileName = (): string => `root-${randomBytes(4).toString("hex")}.key`;

export function isKeyFileName(name: string): boolean {
  return KEY_FILE_NAME.test(name) && !name.endsWith(".tmp");
}

export function readKeyFile(dataDir: string, name: string): Buffer {
  if (!isKeyFileName(name)) throw new KeyFileError(`${name} is not a root key file name`);
  const file = join(dataDir, name);
  if (!existsSync(file)) throw new KeyFileError(`the root key file ${file} is missing`);
  const key = Buffer.from(readFileSync(file, "utf8").trim(), "base64");
  if (key.length !== KEY_BYTES) throw new KeyFileError(`${file} does not hold a 256-bit base64 key`);
  return key;
}

/** Writes `key` durably as <dataDir>/<name>, mode 0600; refuses to replace an existing file. */
export function writeKeyFile(dataDir: string, name: string, key: Buffer): void {
  const file = join(dataDir, name);
  if (existsSync(file)) throw new KeyFileError(`${file} already exists`);
  const tmp = `${file}.tmp`;
  if (existsSync(tmp)) destroyFile(tmp);
  const text = Buffer.from(key.toString("base64") + "\n");
  const fd = openSync(tmp, "wx", 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
    text.fill(0);
  }
  renameSync(tmp, file);
  fsyncDir(dataDir);
}

/** Overwrites a key file with zeros, syncs, and unlinks it (so the old key is gone from the disk, not only unlinked). */
export function destroyKeyFile(dataDir: string, name: string): void {
  destroyFile(join(dataDir, name));
  fsyncDir(dataDir);
}

/** Key files (and half-written temp files) in `dataDir` other than `keep`: left over from an interrupted init or rotation. */
export function strayKeyFiles(dataDir: string, keep: string | undefined): string[] {
  return readdirSync(dataDir).filter((n) => KEY_FILE_NAME.test(n) && n !== keep);
}

function destroyFile(file: string): void {
  if (!existsSync(file)) return;
  const size = statSync(file).size;
  const fd = openSync(file, "r+");
  try {
    writeSync(fd, Buffer.alloc(size), 0, size, 0);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  unlinkSync(file);
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
