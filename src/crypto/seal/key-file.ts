// Development seal: the root key lives in <data-dir>/root.key (0600). Loud warning at start.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { KEY_BYTES } from "../aead.js";

export const ROOT_KEY_FILE = "root.key";

export function loadOrCreateKeyFile(dataDir: string): { rootKey: Buffer; created: boolean } {
  const file = join(dataDir, ROOT_KEY_FILE);
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, "utf8").trim(), "base64");
    if (key.length !== KEY_BYTES) throw new Error(`${file} does not hold a 256-bit base64 key`);
    return { rootKey: key, created: false };
  }
  const key = randomBytes(KEY_BYTES);
  writeFileSync(file, key.toString("base64") + "\n", { mode: 0o600, flag: "wx" });
  return { rootKey: key, created: true };
}
