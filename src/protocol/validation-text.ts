// AWS's model-validation wording (protocol.md §4.1): constraint phrases and Java-style printing of the offending value.

/** One model constraint, as AWS names it in "failed to satisfy constraint: ...". */
export type Constraint =
  | { readonly kind: "notNull" }
  | { readonly kind: "maxLength" | "minLength" | "maxValue" | "minValue"; readonly limit: number }
  | { readonly kind: "pattern"; readonly pattern: string }
  | { readonly kind: "enum"; readonly values: readonly string[] }
  /** A list element, map key or map value broke its own constraints: AWS reports the list/map once, listing all of them. */
  | { readonly kind: "member" | "mapKeys" | "mapValues"; readonly constraints: readonly Constraint[] };

export interface ValidationIssue {
  /** AWS member path: lowerCamelCase names, list items as `<n>.member` (`parameterFilters.1.member.key`). */
  readonly path: string;
  /** The decoded value at `path` (undefined for a missing required member). */
  readonly value: unknown;
  /** The value is (or contains) a `sensitive` shape: the text must not show it. */
  readonly sensitive: boolean;
  readonly constraint: Constraint;
}

export function constraintText(c: Constraint): string {
  switch (c.kind) {
    case "notNull":
      return "Member must not be null";
    case "maxLength":
      return `Member must have length less than or equal to ${c.limit}`;
    case "minLength":
      return `Member must have length greater than or equal to ${c.limit}`;
    case "maxValue":
      return `Member must have value less than or equal to ${c.limit}`;
    case "minValue":
      return `Member must have value greater than or equal to ${c.limit}`;
    case "pattern":
      return `Member must satisfy regular expression pattern: ${c.pattern}`;
    case "enum":
      return `Member must satisfy enum value set: [${c.values.join(", ")}]`;
    case "member":
      return `Member must satisfy constraint: [${c.constraints.map(constraintText).join(", ")}]`;
    case "mapKeys":
      return `Map keys must satisfy constraint: [${c.constraints.map(constraintText).join(", ")}]`;
    case "mapValues":
      return `Map value must satisfy constraint: [${c.constraints.map(constraintText).join(", ")}]`;
  }
}

/** Java `toString()` of a decoded value: `[a, b]` for lists, `{k=v}` for maps, numbers and strings bare. */
export function javaString(v: unknown): string {
  if (v === undefined || v === null) return "null";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  if (Buffer.isBuffer(v)) return `java.nio.HeapByteBuffer[pos=0 lim=${v.length} cap=${v.length}]`;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return `[${v.map(javaString).join(", ")}]`;
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${javaString(k)}=${javaString(x)}`).join(", ")}}`;
  if (typeof v === "object") {
    return `{${Object.entries(v).map(([k, x]) => `${k}=${javaString(x)}`).join(", ")}}`;
  }
  return String(v);
}

/**
 * `Value '<v>' at '<path>' failed to satisfy constraint: <phrase>`; sensitive members omit the value. A missing member
 * prints an unquoted `null` (`Value null at 'roleArn' ... Member must not be null`), as AWS's Coral validator does in
 * texts quoted from EMR, Step Functions, OpenSearch Serverless and STS.
 */
export function issueText(issue: ValidationIssue): string {
  const value = issue.constraint.kind === "notNull" ? " null" : issue.sensitive ? "" : ` '${javaString(issue.value)}'`;
  return `Value${value} at '${issue.path}' failed to satisfy constraint: ${constraintText(issue.constraint)}`;
}

/** `1 validation error detected: a` / `2 validation errors detected: a; b`. */
export function validationMessage(texts: readonly string[]): string {
  const n = texts.length;
  return `${n} validation error${n === 1 ? "" : "s"} detected: ${texts.join("; ")}`;
}

/** AWS member names in paths: first letter lower-cased only (`SAMLOptions` → `sAMLOptions`). */
export const lowerFirst = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);
