// PURE: PostgreSQL SCRAM-SHA-256 password verifiers (RFC 5802/7677, PostgreSQL's rolpassword text). The rotator
// sends a verifier instead of the plaintext so the new password never appears in server logs or pg_stat_activity.
import { createHash, createHmac, pbkdf2Sync, timingSafeEqual } from "node:crypto";

export const SCRAM_ITERATIONS = 4096;

function keys(password: string, salt: Buffer, iterations: number): { storedKey: Buffer; serverKey: Buffer } {
  const salted = pbkdf2Sync(Buffer.from(password, "utf8"), salt, iterations, 32, "sha256");
  const clientKey = createHmac("sha256", salted).update("Client Key").digest();
  return {
    storedKey: createHash("sha256").update(clientKey).digest(),
    serverKey: createHmac("sha256", salted).update("Server Key").digest(),
  };
}

/** `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>` for an ASCII password (SASLprep is then the identity). */
export function scramVerifier(password: string, salt: Buffer, iterations = SCRAM_ITERATIONS): string {
  const { storedKey, serverKey } = keys(password, salt, iterations);
  return `SCRAM-SHA-256$${iterations}:${salt.toString("base64")}$${storedKey.toString("base64")}:${serverKey.toString("base64")}`;
}

/** Whether `password` matches a stored verifier, as the server would decide at login. */
export function scramMatches(verifier: string, password: string): boolean {
  const m = /^SCRAM-SHA-256\$(\d+):([^$]+)\$([^:]+):(.+)$/.exec(verifier);
  if (!m) return false;
  const { storedKey } = keys(password, Buffer.from(m[2] ?? "", "base64"), Number(m[1]));
  const expected = Buffer.from(m[3] ?? "", "base64");
  return expected.length === storedKey.length && timingSafeEqual(expected, storedKey);
}

/** SASLprep leaves printable ASCII unchanged; other passwords are left for the server to hash. */
export const isPrintableAscii = (s: string): boolean => /^[\x20-\x7e]*$/.test(s);
