// Linear-time `*`/`?` matching (no regular expressions: policy text must not be able to cause backtracking blow-ups).

/** A pattern unit: a literal character, `*` (any run) or `?` (one character). */
export type GlobToken =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "star" }
  | { readonly kind: "one" };

const LITERAL = 0;
const STAR = 1;
const ONE = 2;

interface Glob {
  readonly chars: string;
  readonly kinds: Uint8Array;
}

function flatten(tokens: readonly GlobToken[], fold: boolean): Glob {
  let chars = "";
  const kinds: number[] = [];
  for (const t of tokens) {
    if (t.kind === "text") {
      const text = fold ? t.text.toLowerCase() : t.text;
      chars += text;
      for (let i = 0; i < text.length; i++) kinds.push(LITERAL);
    } else {
      chars += t.kind === "star" ? "*" : "?";
      kinds.push(t.kind === "star" ? STAR : ONE);
    }
  }
  return { chars, kinds: Uint8Array.from(kinds) };
}

/** Greedy match with back-off to the last `*`: O(pattern × subject) worst case. */
function globMatch(g: Glob, s: string): boolean {
  const n = g.kinds.length;
  let p = 0;
  let i = 0;
  let starP = -1;
  let starI = 0;
  while (i < s.length) {
    const k = g.kinds[p];
    if (p < n && (k === ONE || (k === LITERAL && g.chars[p] === s[i]))) {
      p++;
      i++;
    } else if (p < n && k === STAR) {
      starP = p++;
      starI = i;
    } else if (starP >= 0) {
      p = starP + 1;
      i = ++starI;
    } else return false;
  }
  while (p < n && g.kinds[p] === STAR) p++;
  return p === n;
}

export type Matcher = (candidate: string) => boolean;

/** Whole-string glob; `fold` compares case-insensitively. */
export function globMatcher(tokens: readonly GlobToken[], fold = false): Matcher {
  const g = flatten(tokens, fold);
  const wild = g.kinds.some((k) => k !== LITERAL);
  if (!wild) return fold ? (c) => c.toLowerCase() === g.chars : (c) => c === g.chars;
  if (g.kinds.length === 1 && g.kinds[0] === STAR) return () => true;
  const prefix = g.chars.slice(0, -1);
  if (g.kinds.indexOf(STAR) === g.kinds.length - 1 && !g.kinds.includes(ONE)) {
    return fold ? (c) => c.toLowerCase().startsWith(prefix) : (c) => c.startsWith(prefix);
  }
  return fold ? (c) => globMatch(g, c.toLowerCase()) : (c) => globMatch(g, c);
}

// One-entry memo: every ARN statement of a policy set splits the same request resource in turn.
// Callers only read the (frozen) result.
let lastArn: string | undefined;
let lastSegments: readonly string[] | undefined;

/** Splits on the first five ':' — `arn:partition:service:region:account:resource` (iam.md §3.2). */
export function arnSegments(s: string): readonly string[] | undefined {
  if (s !== lastArn) {
    lastSegments = splitArn(s);
    lastArn = s;
  }
  return lastSegments;
}

function splitArn(s: string): readonly string[] | undefined {
  const out: string[] = [];
  let from = 0;
  for (let n = 0; n < 5; n++) {
    const at = s.indexOf(":", from);
    if (at < 0) return undefined;
    out.push(s.slice(from, at));
    from = at + 1;
  }
  out.push(s.slice(from));
  return Object.freeze(out);
}

/** Splits tokens on the first five literal ':'; undefined when the pattern has fewer than six segments. */
function tokenSegments(tokens: readonly GlobToken[]): GlobToken[][] | undefined {
  const segments: GlobToken[][] = [[]];
  for (const t of tokens) {
    if (t.kind !== "text") {
      segments[segments.length - 1]?.push(t);
      continue;
    }
    for (const c of t.text) {
      if (c === ":" && segments.length < 6) segments.push([]);
      else segments[segments.length - 1]?.push({ kind: "text", text: c });
    }
  }
  return segments.length === 6 ? segments : undefined;
}

const asLiteral = (tokens: readonly GlobToken[]): GlobToken[] =>
  tokens.map((t) => (t.kind === "text" ? t : { kind: "text", text: t.kind === "star" ? "*" : "?" }));

/**
 * ARN glob compared segment by segment: wildcards stay inside partition/region/account, the resource part may
 * span ':' and '/', the service segment is literal. Patterns with fewer than six segments are plain globs.
 */
export function arnMatcher(tokens: readonly GlobToken[]): Matcher {
  const segments = tokenSegments(tokens);
  if (segments === undefined || (tokens.length === 1 && tokens[0]?.kind === "star")) return globMatcher(tokens);
  const parts = segments.map((seg, i) => globMatcher(i === 2 ? asLiteral(seg) : seg));
  return (candidate) => {
    const values = arnSegments(candidate);
    return values !== undefined && parts.every((m, i) => m(values[i] ?? ""));
  };
}
