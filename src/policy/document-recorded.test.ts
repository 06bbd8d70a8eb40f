// Every document of the AWS recording (document-recorded.cases.ts) gets AWS's answer from the validator.
import assert from "node:assert/strict";
import { test } from "node:test";
import { RECORDED_INVALID, RECORDED_VALID, documentText } from "./document-recorded.cases.js";
import { parsePolicyDocument } from "./index.js";

// CreatePolicy: an identity policy that must declare the current Version.
const check = (text: string): ReturnType<typeof parsePolicyDocument> =>
  parsePolicyDocument(text, "identity", { requireCurrentVersion: true });

RECORDED_INVALID.forEach(([doc, message], i) => {
  test(`AWS-recorded invalid-${i}: ${message}`, () => {
    assert.deepEqual(check(documentText(doc)), { error: message }, documentText(doc));
  });
});

RECORDED_VALID.forEach((doc, i) => {
  test(`AWS-recorded valid-${i} is accepted`, () => {
    const r = check(documentText(doc));
    assert.ok("document" in r, `${documentText(doc)} -> ${JSON.stringify(r)}`);
  });
});
