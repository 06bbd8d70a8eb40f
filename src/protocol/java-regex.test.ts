// Java model patterns as JS full-match RegExps.
import { test } from "node:test";
import assert from "node:assert/strict";
import { javaPatternToRegExp } from "./java-regex.js";

test("Java patterns match whole values like Matcher.matches()", () => {
  const cases: [pattern: string, value: string, matches: boolean, why: string][] = [
    ["[\\w+=,.@-]+", "alice", true, "IAM name"],
    ["[\\w+=,.@-]+", "al ice", false, "no spaces"],
    ["[\\w+=,.@-]+", "x\nalice", false, "anchored at the start, not just somewhere"],
    ["tag:.+|Name|Type", "NameX", false, "alternation is anchored as a whole"],
    ["tag:.+|Name|Type", "tag:env", true, "alternation branch"],
    ["^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$", "Ünï côdé 7", true, "\\p{..} needs the u flag"],
    ["^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$", "a!", false, "\\p{..} class rejects"],
    ["^[\\w\\.\\-\\:\\/ ]*$", "a.b-c:d/e f", true, "Java identity escapes"],
    ["^\\!?[a-zA-Z0-9 :_@\\/\\+\\=\\.\\-\\!]*$", "!tag:x", true, "escaped punctuation outside a class"],
    ["(?i)all|[0-9]{12}", "ALL", true, "leading (?i) becomes the i flag"],
    ["(?s).*", "a\nb", true, "leading (?s) becomes the s flag"],
    ["^[a-zA-Z0-9:/_-]+$", "alias/x", true, "already anchored"],
    ["[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+", "policy\n{}", true, "\\uXXXX ranges"],
    ["[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+", "\u0001", false, "outside the range"],
    // Java syntax that JS would read differently (java.util.regex.Pattern docs), as SSM AllowedPattern may carry it.
    ["\\A[a-z]+\\z", "abc", true, "\\A and \\z are input anchors, not the letters A and z"],
    ["\\A[a-z]+\\z", "AabczZ", false, "... so the letters do not match them"],
    ["[a-z]+\\Z", "abc", true, "\\Z anchors at the end"],
    ["\\Q1.5*\\E[0-9]", "1.5*7", true, "\\Q…\\E quotes metacharacters"],
    ["\\Q1.5*\\E[0-9]", "105557", false, "... which stay literal"],
    ["\\p{Alpha}+", "abcXYZ", true, "POSIX \\p{Alpha}"],
    ["\\p{Alpha}+", "é", false, "POSIX classes are ASCII-only in Java"],
    ["[\\p{Digit}\\p{Punct}]+", "1.2-3!", true, "POSIX classes inside a class"],
    ["\\P{Digit}+", "ab", true, "negated POSIX class"],
    ["\\pL+", "Ünï", true, "one-letter Unicode category"],
    ["a\\hb", "a\u00a0b", true, "\\h is horizontal whitespace"],
    ["a\\vb", "a\nb", true, "\\v is any vertical whitespace in Java (only U+000B in JS)"],
    ["a\\Rb", "a\r\nb", true, "\\R is a line break"],
    ["\\e\\a", "\u001b\u0007", true, "\\e and \\a are ESC and BEL"],
    ["\\x{41}+", "AA", true, "\\x{h…h}"],
    ["[]a]+", "]a]", true, "a ] first in a class is a literal in Java"],
    ["[^]a]+", "bc", true, "... also after ^"],
    ["a]", "a]", true, "a lone ] is a literal"],
  ];
  for (const [pattern, value, matches, why] of cases) {
    const re = javaPatternToRegExp(pattern);
    assert.ok(re, `${pattern} compiles (${why})`);
    assert.equal(re.test(value), matches, `${pattern} on ${JSON.stringify(value)}: ${why}`);
  }
});

test("Java-only syntax yields null so the caller skips the check", () => {
  assert.equal(javaPatternToRegExp("a++b"), null); // possessive quantifier
  assert.equal(javaPatternToRegExp("(?i)a++"), null);
  // Constructs JS would silently read another way are refused rather than mistranslated.
  for (const p of ["[a-z&&[^e]]", "[a[b]]", "\\Gx", "\\X", "[\\H]", "[\\P{Alpha}]", "[\\A]", "\\y", "a\\"]) {
    assert.equal(javaPatternToRegExp(p), null, p);
  }
});
