// The context keys a policy refers to (GetContextKeysFor*Policy, the simulator's MissingContextValues): condition keys
// and the policy variables of Resource / NotResource and condition values, as written, first spelling kept.
import type { PolicyDocument, PolicyStatement } from "./types.js";

const VARIABLE = /\$\{([^}]*)\}/g;
/** `${*}`, `${?}` and `${$}` are escapes, not variables (IAM user guide, policy variables). */
const ESCAPES = new Set(["*", "?", "$"]);

/** Variable names in a text, e.g. "aws:username" in "table/${aws:username}" or "${aws:username, 'x'}". */
function variablesIn(text: string): string[] {
  return [...text.matchAll(VARIABLE)]
    .map((m) => (m[1] ?? "").split(",")[0]?.trim() ?? "")
    .filter((k) => k !== "" && !ESCAPES.has(k));
}

/** Keys of one statement in document order: Resource variables, then each condition's key and value variables. */
export function statementContextKeys(s: PolicyStatement, variables: boolean): string[] {
  const vars = (texts: readonly string[]): string[] => (variables ? texts.flatMap(variablesIn) : []);
  return [...vars([...(s.resource ?? []), ...(s.notResource ?? [])]), ...s.conditions.flatMap((c) => [c.key, ...vars(c.values)])];
}

/** Drops repeats case-insensitively (condition keys are case-insensitive, iam.md §4), keeping the first spelling. */
export function uniqueKeys(keys: readonly string[]): string[] {
  const seen = new Set<string>();
  return keys.filter((k) => {
    const lower = k.toLowerCase();
    if (seen.has(lower)) return false;
    seen.add(lower);
    return true;
  });
}

/** Variables are only substituted in version 2012-10-17 policies (iam.md §3.3), so only there are they keys. */
export const policyContextKeys = (doc: PolicyDocument): string[] =>
  uniqueKeys(doc.statements.flatMap((s) => statementContextKeys(s, doc.version === "2012-10-17")));
