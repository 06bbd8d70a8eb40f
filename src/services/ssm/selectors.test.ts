import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseSelector } from "./selectors.js";

describe("parseSelector", () => {
  const cases: Array<[string | undefined, unknown]> = [
    [undefined, { kind: "latest" }],
    ["3", { kind: "version", version: 3 }],
    ["007", { kind: "version", version: 7 }],
    ["stable", { kind: "label", label: "stable" }],
    ["v2", { kind: "label", label: "v2" }],
    ["", { kind: "label", label: "" }],
  ];
  for (const [text, want] of cases) it(`${String(text)} → ${JSON.stringify(want)}`, () => assert.deepEqual(parseSelector(text), want));
});
