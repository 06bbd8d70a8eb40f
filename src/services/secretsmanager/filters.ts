// PURE: ListSecrets / BatchGetSecretValue filters (secretsmanager.md §2.7). name, tag-key, tag-value: prefix,
// case-sensitive. description, all, owning-service: word prefixes, case-insensitive, words split on /-_+=.@ and
// camel-case as AWS does (moto's aws-verified port). A leading `!` negates a value.
import type { Tag } from "./store.js";

export interface Filter {
  readonly Key: string;
  readonly Values: readonly string[];
}

export interface FilterTarget {
  readonly name: string;
  readonly description?: string;
  readonly tags: readonly Tag[];
  readonly owningService?: string;
  readonly region: string;
  readonly hasReplicas: boolean;
}

const SPECIAL = ["/", "-", "_", "+", "=", ".", "@"];

function splitByUppercase(s: string): string[] {
  return s.split(/([^a-z][a-z]+)/).filter((x) => x !== "").map((x) => x.trim());
}

/** Words of a value: split on one kind of separator (values mixing separators stay whole), then on capitals. */
export function splitWords(s: string): string[] {
  if (SPECIAL.includes(s)) return [];
  for (const ch of SPECIAL) {
    if (!s.includes(ch)) continue;
    if (SPECIAL.some((o) => o !== ch && s.includes(o))) return [s];
    return s.split(ch).flatMap(splitByUppercase);
  }
  return splitByUppercase(s);
}

function matchOne(pattern: string, value: string, prefix: boolean, caseSensitive: boolean): boolean {
  if (prefix) return caseSensitive ? value.startsWith(pattern) : value.toLowerCase().startsWith(pattern.toLowerCase());
  let words = splitWords(pattern);
  if (words.length === 0) return false;
  let valueWords = splitWords(value);
  if (!caseSensitive) {
    words = words.map((w) => w.toLowerCase());
    valueWords = valueWords.map((w) => w.toLowerCase());
  }
  return words.every((w) => valueWords.some((v) => v.startsWith(w)));
}

/** Negated values first (any attribute not matching passes), then plain values (any attribute matching passes). */
function matches(patterns: readonly string[], values: readonly string[], prefix = true, caseSensitive = true): boolean {
  for (const p of patterns.filter((x) => x.startsWith("!"))) {
    if (values.some((v) => !matchOne(p.slice(1), v, prefix, caseSensitive))) return true;
  }
  return patterns.filter((x) => !x.startsWith("!")).some((p) => values.some((v) => matchOne(p, v, prefix, caseSensitive)));
}

function matchesFilter(f: Filter, t: FilterTarget): boolean {
  switch (f.Key) {
    case "name":
      return matches(f.Values, [t.name]);
    case "description":
      return t.description ? matches(f.Values, [t.description], false, false) : false;
    case "tag-key":
      return matches(f.Values, t.tags.map((x) => x.Key));
    case "tag-value":
      return matches(f.Values, t.tags.map((x) => x.Value));
    case "owning-service":
      return matches(f.Values, t.owningService ? [t.owningService] : [], false, false);
    case "primary-region":
      return t.hasReplicas && f.Values.includes(t.region);
    case "all":
      return matches(f.Values, [t.name, ...(t.description ? [t.description] : []), ...t.tags.map((x) => x.Key), ...t.tags.map((x) => x.Value)], false, false);
    default:
      return false;
  }
}

/** Every filter must match (AND); within one filter any value may match (OR). */
export function matchesFilters(filters: readonly Filter[], t: FilterTarget): boolean {
  return filters.every((f) => matchesFilter(f, t));
}

export function filtersOf(input: unknown): Filter[] {
  if (!Array.isArray(input)) return [];
  return input.flatMap((f: unknown) => {
    if (typeof f !== "object" || f === null) return [];
    const { Key, Values } = f as { Key?: unknown; Values?: unknown }; // model-validated Filter structure
    return [{ Key: typeof Key === "string" ? Key : "", Values: Array.isArray(Values) ? Values.filter((v): v is string => typeof v === "string") : [] }];
  });
}
