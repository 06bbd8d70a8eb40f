// Wildcard patterns with policy variables (`*`, `?`, `${aws:username}`, `${*}`), compiled once (iam.md §3).
import { arnMatcher, globMatcher } from "./glob.js";
import type { GlobToken as Token, Matcher } from "./glob.js";

export type TemplatePart = Token | { readonly kind: "var"; readonly key: string; readonly fallback?: string };

/** Looks up a policy variable by its lower-cased key; undefined when the request has no value. */
export type VarLookup = (keyLower: string) => string | undefined;
export const noVariables: VarLookup = () => undefined;

/** literal: exact compare; glob: `*`/`?` wildcards; arn: wildcards confined to ARN segments (iam.md §3.2). */
export type MatchMode = "literal" | "glob" | "arn";
export interface PatternOptions {
  readonly mode: MatchMode;
  /** Version 2012-10-17 only: substitute `${...}` (iam.md §3.3). */
  readonly variables: boolean;
  readonly ignoreCase?: boolean;
}
export type StringTest = (candidate: string, lookup: VarLookup) => boolean;

const VARIABLE = /\$\{([^}]*)\}/g;
const VARIABLE_BODY = /^\s*([^\s,']+)\s*(?:,\s*'([^']*)'\s*)?$/;
const ESCAPES = new Set(["*", "?", "$"]);
const MAX_CACHED_SUBSTITUTIONS = 64;

function appendText(parts: TemplatePart[], s: string, wildcards: boolean): void {
  for (const c of s) {
    const last = parts[parts.length - 1];
    if (wildcards && c === "*") parts.push({ kind: "star" });
    else if (wildcards && c === "?") parts.push({ kind: "one" });
    else if (last?.kind === "text") parts[parts.length - 1] = { kind: "text", text: last.text + c };
    else parts.push({ kind: "text", text: c });
  }
}

export function parseTemplate(raw: string, opts: { variables: boolean; wildcards: boolean }): TemplatePart[] {
  const parts: TemplatePart[] = [];
  const text = (s: string, literal = false): void => appendText(parts, s, opts.wildcards && !literal);
  if (!opts.variables) {
    text(raw);
    return parts;
  }
  let last = 0;
  for (const m of raw.matchAll(VARIABLE)) {
    const at = m.index ?? 0;
    text(raw.slice(last, at));
    last = at + m[0].length;
    const body = m[1] ?? "";
    if (ESCAPES.has(body)) {
      text(body, true);
      continue;
    }
    const v = VARIABLE_BODY.exec(body);
    if (v?.[1] === undefined) text(m[0]);
    else parts.push({ kind: "var", key: v[1].toLowerCase(), ...(v[2] === undefined ? {} : { fallback: v[2] }) });
  }
  text(raw.slice(last));
  return parts;
}

export const hasVariables = (parts: readonly TemplatePart[]): boolean => parts.some((p) => p.kind === "var");

/** Lower-cased keys of the variables in `raw` that have no default value. */
export const requiredVariables = (raw: string): string[] =>
  parseTemplate(raw, { variables: true, wildcards: false }).flatMap((p) =>
    p.kind === "var" && p.fallback === undefined ? [p.key] : [],
  );

/** A variable without a value makes the whole statement invalid (IAM user guide, policy variables). */
export const allResolvable = (keys: readonly string[], lookup: VarLookup): boolean =>
  keys.every((k) => lookup(k) !== undefined);

/** Replaces variables by their values (as literal text); undefined if one has no value. */
function resolve(parts: readonly TemplatePart[], lookup: VarLookup): { tokens: Token[]; key: string } | undefined {
  const tokens: Token[] = [];
  const values: string[] = [];
  for (const p of parts) {
    if (p.kind !== "var") {
      tokens.push(p);
      continue;
    }
    const value = lookup(p.key) ?? p.fallback;
    if (value === undefined) return undefined;
    values.push(value);
    tokens.push({ kind: "text", text: value });
  }
  return { tokens, key: values.join("\u0000") };
}

/** Resolves a template to plain text (wildcards written back as `*`/`?`); undefined if a variable is missing. */
export function substitute(raw: string, lookup: VarLookup): string | undefined {
  const r = resolve(parseTemplate(raw, { variables: true, wildcards: true }), lookup);
  return r?.tokens.map((t) => (t.kind === "text" ? t.text : t.kind === "star" ? "*" : "?")).join("");
}

function buildTest(tokens: readonly Token[], opts: PatternOptions): Matcher {
  return opts.mode === "arn" ? arnMatcher(tokens) : globMatcher(tokens, opts.ignoreCase === true);
}

/** Compiles a pattern once; patterns with variables build (and memoise) a test per distinct substitution. */
export function compilePattern(raw: string, opts: PatternOptions): StringTest {
  const parts = parseTemplate(raw, { variables: opts.variables, wildcards: opts.mode !== "literal" });
  if (!hasVariables(parts)) {
    const test = buildTest(parts as Token[], opts); // no "var" parts: every part is a Token
    return (candidate) => test(candidate);
  }
  const cache = new Map<string, Matcher>();
  return (candidate, lookup) => {
    const r = resolve(parts, lookup);
    if (r === undefined) return false;
    let test = cache.get(r.key);
    if (test === undefined) {
      if (cache.size >= MAX_CACHED_SUBSTITUTIONS) cache.clear();
      test = buildTest(r.tokens, opts);
      cache.set(r.key, test);
    }
    return test(candidate);
  };
}
