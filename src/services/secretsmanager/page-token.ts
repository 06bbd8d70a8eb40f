// PURE: NextToken for Secrets Manager lists: an opaque base64 wrapper around the next item's offset in a
// deterministic order. Anything we did not issue is an InvalidNextTokenException.
import { invalidNextToken } from "./errors.js";

const PREFIX = "sm1:";

export function encodePageToken(offset: number): string {
  return Buffer.from(`${PREFIX}${offset}`, "utf8").toString("base64");
}

/** Absent token = 0. */
export function decodePageToken(token: string | undefined): number {
  if (token === undefined) return 0;
  const text = Buffer.from(token, "base64").toString("utf8");
  const m = /^sm1:(\d{1,9})$/.exec(text);
  if (!m || Buffer.from(text, "utf8").toString("base64") !== token) throw invalidNextToken();
  return Number(m[1]);
}
