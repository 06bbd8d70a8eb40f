// Turns a database driver error into a plain Error whose text names no password (drivers attach the SQL text
// and parameters to their errors, and some servers echo statement fragments).
export function scrubbed(e: unknown, secrets: readonly string[]): Error {
  let text = e instanceof Error ? e.message : String(e);
  for (const s of secrets) if (s.length > 0) text = text.split(s).join("********");
  const code = typeof e === "object" && e !== null && typeof (e as { code?: unknown }).code === "string" ? (e as { code: string }).code : undefined;
  return new Error(code ? `${code}: ${text}` : text);
}
