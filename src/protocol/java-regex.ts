// Converts Java regular expressions (botocore model patterns, SSM AllowedPattern) into JS RegExps that test a whole
// value (Java Matcher.matches()), rewriting the Java syntax JS would read differently.

const cache = new Map<string, RegExp | null>();

const hex = (c: string): string => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`;
/** A literal character, safe inside and outside a class and under the `u` flag (only ASCII punctuation is syntax). */
const literal = (c: string): string => (/^[\x00-\x7f]$/.test(c) && !/[A-Za-z0-9]/.test(c) ? hex(c) : c);
/** The other escapes Java accepts, which JS reads the same way (a letter outside Java's list does not compile there). */
const SAME = /[tnrfdDsSwWbBcuk0-9]/;

/** Java's POSIX classes are US-ASCII only (java.util.regex.Pattern docs), unlike JS's Unicode properties of the same names. */
const POSIX: Readonly<Record<string, string>> = {
  Lower: "a-z", Upper: "A-Z", ASCII: "\\x00-\\x7f", Alpha: "a-zA-Z", Digit: "0-9", Alnum: "a-zA-Z0-9",
  Punct: "!-\\x2f:-@\\x5b-`{-~", Graph: "!-~", Print: " -~", Blank: " \\t", Cntrl: "\\x00-\\x1f\\x7f", XDigit: "0-9a-fA-F",
  Space: " \\t\\n\\x0b\\f\\r",
};
/** Java escapes for sets that JS lacks or defines otherwise (JS `\v` is only U+000B), as class contents. */
const SETS: Readonly<Record<string, string>> = {
  h: " \\t\\xa0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000",
  v: "\\n\\x0b\\f\\r\\x85\\u2028\\u2029",
};
/** Single characters Java names that JS reads as the letter itself. */
const CHARS: Readonly<Record<string, string>> = { a: "\\x07", e: "\\x1b" };
/** Anchors and sequences outside a class; JS reads `\A`, `\z`, `\Z`, `\R` as letters. */
const OUTSIDE: Readonly<Record<string, string>> = {
  A: "^", z: "$", Z: "(?=(?:\\r\\n|[\\n\\r\\x85\\u2028\\u2029])?$)", R: "(?:\\r\\n|[\\n\\x0b\\f\\r\\x85\\u2028\\u2029])",
};

/** A class body as a whole class outside a class, as contents inside one; a negated set cannot nest in JS. */
function set(body: string, negated: boolean, inClass: boolean): string | null {
  if (!inClass) return `[${negated ? "^" : ""}${body}]`;
  return negated ? null : body;
}

/**
 * Java pattern text -> JS pattern text (plus whether it needs the `u` flag), or null for Java syntax JS cannot
 * express the same way: class union/intersection (`[a-z&&[^e]]`), `\G`, `\X`, `\N{…}`, negated sets inside a class
 * (and unknown escapes, which Java refuses to compile).
 * Possessive quantifiers, atomic groups and inline flags in the middle are left to fail in `new RegExp`.
 */
function translate(p: string): { source: string; unicode: boolean } | null {
  let out = "";
  let unicode = false;
  let inClass = false;
  let classStart = false; // just after `[` or `[^`, where Java reads `]` as a literal
  for (let i = 0; i < p.length; i++) {
    const c = p[i] ?? "";
    const atStart = classStart;
    classStart = false;
    if (c !== "\\") {
      if (inClass) {
        if (c === "]" && atStart) out += hex("]");
        else if (c === "[" || (c === "&" && p[i + 1] === "&")) return null;
        else {
          if (c === "]") inClass = false;
          out += c;
        }
      } else if (c === "[") {
        inClass = true;
        classStart = true;
        out += p[i + 1] === "^" ? "[^" : "[";
        if (p[i + 1] === "^") i++;
      } else out += c === "]" ? hex(c) : c; // a lone `]` is a literal in Java, an error under JS's u flag
      continue;
    }
    const n = p[i + 1];
    if (n === undefined) return null; // a trailing backslash does not compile in Java
    i++;
    if (n === "Q") { // \Q…\E quotes everything up to \E (or the end)
      const end = p.indexOf("\\E", i + 1);
      const quoted = end < 0 ? p.slice(i + 1) : p.slice(i + 1, end);
      out += [...quoted].map(literal).join("");
      i = end < 0 ? p.length : end + 1;
      continue;
    }
    if (!/[A-Za-z0-9]/.test(n)) { out += literal(n); continue; } // Java escapes any non-letter freely (`\:`, `\/`)
    const lower = n.toLowerCase();
    if (lower === "h" || lower === "v") {
      const s = set(SETS[lower] ?? "", n !== lower, inClass);
      if (s === null) return null;
      out += s;
    } else if (n in CHARS) out += CHARS[n];
    else if (n in OUTSIDE) {
      if (inClass) return null;
      out += OUTSIDE[n];
    } else if (n === "p" || n === "P") {
      const m = /^\{(\w+)\}|^([A-Za-z])/.exec(p.slice(i + 1));
      if (!m) return null;
      const name = m[1] ?? m[2] ?? "";
      i += m[0].length;
      const posix = POSIX[name];
      if (posix !== undefined) {
        const s = set(posix, n === "P", inClass);
        if (s === null) return null;
        out += s;
      } else {
        out += `\\${n}{${name}}`; // Unicode categories (\p{L}, \pL); other Java names fail under the u flag
        unicode = true;
      }
    } else if (n === "x" && p[i + 1] === "{") {
      const m = /^\{([0-9a-fA-F]{1,6})\}/.exec(p.slice(i + 1));
      const code = m ? Number.parseInt(m[1] ?? "", 16) : NaN;
      if (!m || !(code <= 0x10ffff)) return null;
      out += `\\u{${code.toString(16)}}`;
      unicode = true;
      i += m[0].length;
    } else if (SAME.test(n)) out += `\\${n}`;
    else return null; // \G, \X, \N{…}, a stray \E, or a letter Java does not know

  }
  return { source: out, unicode };
}

/**
 * A RegExp equivalent to Java `Pattern.compile(pattern).matcher(v).matches()`, or null when the pattern uses Java-only
 * syntax JS cannot express (possessive quantifiers, class intersections...) or does not compile. Not cached: for
 * patterns from users (SSM AllowedPattern), whose callers bound their own caches.
 */
export function compileJavaPattern(pattern: string): RegExp | null {
  let body = pattern;
  let flags = "";
  // Leading embedded flags `(?i)`, `(?s)`, `(?is)`: JS has no inline modifiers on Node 20, move them to the flags.
  const embedded = /^\(\?([is]+)\)/.exec(body);
  if (embedded?.[1] !== undefined) {
    flags += [...new Set(embedded[1])].join("");
    body = body.slice(embedded[0].length);
  }
  const js = translate(body);
  if (js === null) return null;
  try {
    return new RegExp(`^(?:${js.source})$`, js.unicode ? `${flags}u` : flags);
  } catch {
    return null;
  }
}

/** compileJavaPattern, cached: for the fixed set of patterns in the service models. */
export function javaPatternToRegExp(pattern: string): RegExp | null {
  let hit = cache.get(pattern);
  if (hit === undefined) {
    hit = compileJavaPattern(pattern);
    cache.set(pattern, hit);
  }
  return hit;
}
