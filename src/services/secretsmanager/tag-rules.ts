// PURE: tag input, limits and the aws:RequestTag / aws:TagKeys condition keys (secretsmanager.md §2.14).
import { invalidParameter, reservedTagKey, tooManyTags } from "./errors.js";
import type { Tag } from "./store.js";

export const MAX_TAGS = 50;

/** Tags from validated input; a key given twice keeps its last value (one tag per key). */
export function tagsInput(v: unknown): Tag[] {
  if (!Array.isArray(v)) return [];
  const byKey = new Map<string, string>();
  for (const t of v) {
    if (typeof t !== "object" || t === null) continue;
    const { Key, Value } = t as { Key?: unknown; Value?: unknown }; // model-validated Tag structure
    if (typeof Key !== "string") throw invalidParameter("You must specify a key for each tag.");
    byKey.set(Key, typeof Value === "string" ? Value : "");
  }
  return [...byKey].map(([Key, Value]) => ({ Key, Value }));
}

/** Refuses reserved keys and a result of more than 50 tags. */
export function checkTags(adding: readonly Tag[], existing: readonly Tag[]): void {
  if (adding.some((t) => t.Key.toLowerCase().startsWith("aws:"))) throw reservedTagKey();
  const keys = new Set([...existing.map((t) => t.Key), ...adding.map((t) => t.Key)]);
  if (keys.size > MAX_TAGS) throw tooManyTags();
}

export function requestTagContext(tags: readonly Tag[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const t of tags) out[`aws:RequestTag/${t.Key}`] = t.Value;
  if (tags.length > 0) out["aws:TagKeys"] = tags.map((t) => t.Key);
  return out;
}
