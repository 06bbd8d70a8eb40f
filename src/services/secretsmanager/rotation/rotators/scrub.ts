// Turns a database driver error into a plain Error whose text names no password (drivers attach the SQL text
// and parameters to their errors, and some servers echo statement fragments).

/** A driver error's code (PostgreSQL SQLSTATE, mysql2 ER_…, Node's ECONNREFUSED …), if it has one. */
export function errorCode(e: unknown): string | undefined {
  return typeof e === "object" && e !== null && "code" in e && typeof e.code === "string" ? e.code : undefined;
}

export function scrubbed(e: unknown, secrets: readonly string[]): Error {
  let text = e instanceof Error ? e.message : String(e);
  for (const s of secrets) if (s.length > 0) text = text.split(s).join("********");
  const code = errorCode(e);
  return new Error(code ? `${code}: ${text}` : text);
}
