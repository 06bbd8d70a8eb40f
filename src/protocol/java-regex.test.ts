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
});
