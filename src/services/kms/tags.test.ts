import { test } from "node:test";
import assert from "node:assert/strict";
import { isServiceError } from "../../protocol/errors.js";
import { checkNewTags } from "./tags.js";

const t = (k: string, v = "v") => ({ TagKey: k, TagValue: v });

const tagError = (message: string) => (e: unknown): boolean => isServiceError(e) && e.code === "TagException" && e.message === message;

test("a key given twice in one request is a TagException, before any other check", () => {
  assert.throws(() => checkNewTags([], [t("a", "1"), t("b"), t("a", "2")]), tagError("Duplicate tag keys"));
  assert.throws(() => checkNewTags([], [t("aws:x"), t("aws:x")]), tagError("Duplicate tag keys"));
});

test("more than 50 tags in one request is a TagException", () => {
  const many = Array.from({ length: 51 }, (_, i) => t(`k${i}`));
  assert.throws(() => checkNewTags([], many), tagError("Too many tags"));
  assert.equal(checkNewTags([], many.slice(0, 50)).length, 50);
});

test("aws: is reserved in any letter case", () => {
  for (const k of ["aws:x", "AWS:x", "Aws:created"]) {
    assert.throws(() => checkNewTags([], [t(k)]), tagError("Tags beginning with aws: are reserved"));
  }
  assert.deepEqual(checkNewTags([], [t("awsx")]), [t("awsx")]);
});

test("at most 50 distinct keys counting the existing ones; replacing one is fine", () => {
  const existing = Array.from({ length: 50 }, (_, i) => `k${i}`);
  assert.deepEqual(checkNewTags(existing, [t("k0", "new")]), [t("k0", "new")]);
  assert.throws(() => checkNewTags(existing, [t("k50")]), (e: unknown) => isServiceError(e) && e.code === "LimitExceededException");
});
