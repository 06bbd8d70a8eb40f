// ParameterFilters and legacy Filters (ssm.md §7): validation with AWS's texts, compiled to storage-neutral
// conditions that store.ts turns into SQL. Pure.
import type { ServiceError } from "../../protocol/errors.js";
import { COMMON_PATH_FILTER, invalidFilterKey, invalidFilterOption, invalidFilterValue, validation } from "./errors.js";
import { PATH_MESSAGE } from "./names.js";

export interface StringFilter {
  readonly Key: string;
  readonly Option?: string;
  readonly Values?: readonly string[];
}

export interface LegacyFilter {
  readonly Key: string;
  readonly Values: readonly string[];
}

/** Columns of the parameter table a condition may test (the current version's metadata). */
export type Column = "name_key" | "name" | "type" | "tier" | "key_id" | "data_type";

/** One ANDed condition; its values are ORed. */
export type Cond =
  | { readonly kind: "parent"; readonly values: readonly string[] }
  | { readonly kind: "under"; readonly values: readonly string[] }
  | { readonly kind: "equals" | "beginsWith"; readonly column: Column; readonly values: readonly string[] }
  | { readonly kind: "contains"; readonly values: readonly string[] }
  | { readonly kind: "tag"; readonly key: string; readonly option: "Equals" | "BeginsWith" | "Exists"; readonly values: readonly string[] }
  | { readonly kind: "label"; readonly values: readonly string[] };

export type FilterUse = "describe" | "by-path";

const TYPES = ["String", "StringList", "SecureString"];
const TIERS = ["Standard", "Advanced", "Intelligent-Tiering"];
const MISSING_CHECKED = new Set(["Name", "Type", "Path", "Tier", "KeyId", "DataType", "Label"]);
const COLUMN: Readonly<Record<string, Column>> = { Type: "type", Tier: "tier", KeyId: "key_id", DataType: "data_type" };
const PATH_CHARS = /^[a-zA-Z0-9_.\-/]+$/;

/** Validates `filters` in request order (first problem wins) and compiles them. Throws the AWS error. */
export function compileFilters(filters: readonly StringFilter[], use: FilterUse): Cond[] {
  const seen = new Set<string>();
  const out: Cond[] = [];
  for (const f of filters) {
    const problem = keyProblem(f, use, seen);
    if (problem) throw problem;
    seen.add(f.Key);
    out.push(compileOne(f));
  }
  return out;
}

function keyProblem(f: StringFilter, use: FilterUse, seen: ReadonlySet<string>): ServiceError | null {
  const key = f.Key;
  if (use === "describe" && key === "Label") {
    return invalidFilterKey("The following filter key is not valid: Label. Valid filter keys include: [Path, Name, Type, KeyId, Tier].");
  }
  if (use === "by-path" && (key === "Name" || key === "Path" || key === "Tier" || key === "DataType")) {
    return invalidFilterKey(`The following filter key is not valid: ${key}. Valid filter keys include: [Type, KeyId].`);
  }
  if (MISSING_CHECKED.has(key) && (f.Values === undefined || f.Values.length === 0)) {
    return invalidFilterValue(`The following filter values are missing : null for filter key ${key}.`);
  }
  if (seen.has(key)) {
    return invalidFilterKey(`The following filter is duplicated in the request: ${key}. A request can contain only one occurrence of a specific filter.`);
  }
  return key === "Path" ? pathProblem(f) : valueOrOptionProblem(f);
}

function pathProblem(f: StringFilter): ServiceError | null {
  const option = f.Option ?? "OneLevel";
  if (option !== "OneLevel" && option !== "Recursive") {
    return invalidFilterOption(`The following filter option is not valid: ${option}. Valid options include: [Recursive, OneLevel].`);
  }
  const values = f.Values ?? [];
  if (values.some((v) => /^\/(aws|ssm)/i.test(v))) return validation(COMMON_PATH_FILTER);
  if (values.some((v) => !v.startsWith("/") || v.includes("//") || !PATH_CHARS.test(v))) return validation(PATH_MESSAGE);
  return null;
}

function valueOrOptionProblem(f: StringFilter): ServiceError | null {
  const values = f.Values ?? [];
  const allowed = f.Key === "Tier" ? TIERS : f.Key === "Type" ? TYPES : null;
  const bad = allowed && values.find((v) => !allowed.includes(v));
  if (allowed && bad !== undefined && bad !== null) {
    return invalidFilterValue(`The following filter value is not valid: ${bad}. Valid values include: [${allowed.join(", ")}].`);
  }
  const option = f.Option ?? "Equals";
  if (f.Key === "Label") {
    return option === "Equals" ? null : invalidFilterOption(`The following filter option is not valid: ${option}. Valid options include: [Equals].`);
  }
  const ok = option === "Equals" || option === "BeginsWith" || (option === "Contains" && f.Key === "Name");
  return ok ? null : invalidFilterOption(`The following filter option is not valid: ${option}. Valid options include: [BeginsWith, Equals].`);
}

/** `/` prefixed, extra leading slashes dropped: how AWS compares names to Name filter values. */
const slashed = (v: string): string => `/${v.replace(/^\/+/, "")}`;
/** `/a/b/` → `/a/b`, `/` stays `/`. */
const pathValue = (v: string): string => `/${v.replace(/^\/+|\/+$/g, "")}`;

function compileOne(f: StringFilter): Cond {
  const values = f.Values ?? [];
  if (f.Key === "Path") {
    const paths = values.map(pathValue);
    return (f.Option ?? "OneLevel") === "OneLevel" ? { kind: "parent", values: paths } : { kind: "under", values: paths };
  }
  if (f.Key === "Label") return { kind: "label", values };
  if (f.Key.startsWith("tag:")) {
    const option = values.length === 0 ? "Exists" : f.Option === "BeginsWith" ? "BeginsWith" : "Equals";
    return { kind: "tag", key: f.Key.slice(4), option, values };
  }
  const option = f.Option ?? "Equals";
  if (f.Key === "Name") {
    if (option === "Contains") return { kind: "contains", values };
    return { kind: option === "BeginsWith" ? "beginsWith" : "equals", column: "name_key", values: values.map(slashed) };
  }
  const column = COLUMN[f.Key] ?? "type";
  return { kind: option === "BeginsWith" ? "beginsWith" : "equals", column, values };
}

/** Legacy DescribeParameters `Filters`: Name begins-with on the name as spelled, Type/KeyId equality. */
export function compileLegacyFilters(filters: readonly LegacyFilter[]): Cond[] {
  return filters.map((f): Cond =>
    f.Key === "Name" ? { kind: "beginsWith", column: "name", values: f.Values } : { kind: "equals", column: f.Key === "KeyId" ? "key_id" : "type", values: f.Values },
  );
}

/** The facts a condition needs about one parameter (for conditions SQL cannot express portably). */
export interface Candidate {
  readonly name_key: string;
}

/** `contains` is checked in code: SQLite's LIKE ignores ASCII case and `instr` is not portable SQL. */
export const matchesResidual = (conds: readonly Cond[], row: Candidate): boolean =>
  conds.every((c) => c.kind !== "contains" || c.values.some((v) => row.name_key.includes(v)));

export const hasResidual = (conds: readonly Cond[]): boolean => conds.some((c) => c.kind === "contains");
