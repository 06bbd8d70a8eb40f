// PURE: parameter names -> environment variable names for `paramstore exec`, and the conflicts between them.

/** `/app/prod/db/password` under `/app/prod` -> `DB_PASSWORD`: path-relative, upper-cased, [^A-Z0-9] -> `_`. */
export function envNameFor(name: string, path: string): string {
  const base = path.endsWith("/") ? path : `${path}/`;
  const relative = name.startsWith(base) ? name.slice(base.length) : name.replace(/^\//, "");
  return relative.toUpperCase().replace(/[^A-Z0-9]/g, "_");
}

/** The last segment of a parameter name or secret id, mapped the same way (for --param/--secret without `=NAME`). */
export function envNameOfLeaf(id: string): string {
  const leaf = id.split("/").filter((s) => s !== "").pop() ?? id;
  return leaf.toUpperCase().replace(/[^A-Z0-9]/g, "_");
}

export const isValidEnvName = (name: string): boolean => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);

/** `id=ENV` (split at the last `=`, as secret names may hold `=`) or `id` alone. */
export function splitAssignment(spec: string): { readonly id: string; readonly envName?: string } {
  const at = spec.lastIndexOf("=");
  if (at <= 0) return { id: spec };
  return { id: spec.slice(0, at), envName: spec.slice(at + 1) };
}

export interface EnvSource {
  /** What the value comes from, as the user would name it: `parameter /a/b`, `secret db`. */
  readonly source: string;
  readonly envName: string;
}

/** Null, or a message naming the first two sources that map to one variable. */
export function envConflict(sources: readonly EnvSource[]): string | null {
  const seen = new Map<string, string>();
  for (const s of sources) {
    const before = seen.get(s.envName);
    if (before !== undefined) return `${before} and ${s.source} both map to the environment variable ${s.envName}`;
    seen.set(s.envName, s.source);
  }
  return null;
}
