import { test } from "node:test";
import assert from "node:assert/strict";
import { isServiceError } from "../../protocol/errors.js";
import { checkNewTags } from "./tags.js";

const t = (k: string, v = "v") => ({ TagKey: k, TagValue: v });

test("the last value given for a key wins", () => {
  assert.deepEqual(checkNewTags([], [t("a", "1"), t("b"), t("a", "2")]), [t("a", "2"), t("b")]);
});

test("aws: is reserved in any letter case", () => {
  for (const k of ["aws:x", "AWS:x", "Aws:created"]) {
    assert.throws(() => checkNewTags([], [t(k)]), (e: unknown) => isServiceError(e) && e.code === "TagException");
  }
  assert.deepEqual(checkNewTags([], [t("awsx")]), [t("awsx")]);
});

test("at most 50 distinct keys counting the existing ones; replacing one is fine", () => {
  const existing = Array.from({ length: 50 }, (_, i) => `k${i}`);
  assert.deepEqual(checkNewTags(existing, [t("k0", "new")]), [t("k0", "new")]);
  assert.throws(() => checkNewTags(existing, [t("k50")]), (e: unknown) => isServiceError(e) && e.code === "LimitExceededException");
});
