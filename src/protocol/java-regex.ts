// Converts the Java regular expressions of botocore models into JS RegExps that test a whole value (Java Matcher.matches()).

const cache = new Map<string, RegExp | null>();

// Java escapes punctuation freely (`\:`, `\/`, `\=`); the `u` flag rejects those identity escapes, so spell them as \xHH.
const escapePunctuation = (p: string): string =>
  p.replace(/\\([^A-Za-z0-9])/g, (_m: string, c: string) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);

/**
 * A RegExp equivalent to Java `Pattern.compile(pattern).matcher(v).matches()`, or null when the pattern uses Java-only
 * syntax JS cannot express (possessive quantifiers, `\p{Alpha}`-style POSIX classes...): the caller then skips the check.
 */
export function javaPatternToRegExp(pattern: string): RegExp | null {
  const hit = cache.get(pattern);
  if (hit !== undefined) return hit;
  let body = pattern;
  let flags = "";
  // Leading embedded flags `(?i)`, `(?s)`, `(?is)`: JS has no inline modifiers on Node 20, move them to the flags.
  const embedded = /^\(\?([is]+)\)/.exec(body);
  if (embedded?.[1] !== undefined) {
    flags += [...new Set(embedded[1])].join("");
    body = body.slice(embedded[0].length);
  }
  // Unicode property classes (`\p{L}`) need the `u` flag.
  if (/\\[pP]\{/.test(body)) flags += "u";
  let re: RegExp | null;
  try {
    re = new RegExp(`^(?:${escapePunctuation(body)})$`, flags);
  } catch {
    re = null;
  }
  cache.set(pattern, re);
  return re;
}
