// Table tests for stages.ts: label moves and the automatic AWSPREVIOUS (secretsmanager.md §2.4, §2.12).
import { test } from "node:test";
import assert from "node:assert/strict";
import { attachLabels, detachLabel, displayOrder, holderOf, moveLabel, overLabelLimit } from "./stages.js";

const m = (o: Record<string, string[]>): Map<string, string[]> => new Map(Object.entries(o));
const o = (map: Map<string, string[]>): Record<string, string[]> => Object.fromEntries(map);

test("attaching AWSCURRENT to a new version moves AWSPREVIOUS to the old current", () => {
  const before = m({ v1: ["AWSPREVIOUS"], v2: ["AWSCURRENT", "blue"] });
  assert.deepEqual(o(attachLabels(before, "v3", ["AWSCURRENT"])), { v2: ["blue", "AWSPREVIOUS"], v3: ["AWSCURRENT"] });
  assert.deepEqual(o(before), { v1: ["AWSPREVIOUS"], v2: ["AWSCURRENT", "blue"] }, "input untouched");
});

test("other labels move alone; an explicit AWSPREVIOUS is respected", () => {
  assert.deepEqual(o(attachLabels(m({ v1: ["AWSCURRENT", "blue"] }), "v2", ["blue", "AWSPENDING"])), { v1: ["AWSCURRENT"], v2: ["blue", "AWSPENDING"] });
  assert.deepEqual(o(attachLabels(m({ v1: ["AWSCURRENT"] }), "v2", ["AWSCURRENT", "AWSPREVIOUS"])), { v2: ["AWSCURRENT", "AWSPREVIOUS"] });
  assert.deepEqual(o(attachLabels(m({ v1: ["AWSCURRENT"] }), "v1", ["AWSCURRENT"])), { v1: ["AWSCURRENT"] }, "re-attaching changes nothing");
});

test("a new AWSCURRENT version takes AWSPENDING off the old current version only (recorded AWS responses)", () => {
  assert.deepEqual(o(attachLabels(m({ v1: ["AWSPREVIOUS"], v2: ["AWSCURRENT", "AWSPENDING"] }), "v3", ["AWSCURRENT"])), { v2: ["AWSPREVIOUS"], v3: ["AWSCURRENT"] });
  assert.deepEqual(o(attachLabels(m({ v1: ["AWSCURRENT"], v2: ["AWSPENDING"] }), "v3", ["AWSCURRENT"])), { v1: ["AWSPREVIOUS"], v2: ["AWSPENDING"], v3: ["AWSCURRENT"] }, "a pending rotation elsewhere is left alone");
  assert.deepEqual(o(attachLabels(m({ v1: ["AWSCURRENT", "AWSPENDING"] }), "v2", ["AWSPENDING"])), { v1: ["AWSCURRENT"], v2: ["AWSPENDING"] }, "AWSCURRENT not moved: AWSPENDING just moves");
});

test("moving AWSCURRENT keeps AWSPENDING on the target and takes AWSPREVIOUS from it", () => {
  assert.deepEqual(o(moveLabel(m({ v1: ["AWSCURRENT"], v2: ["AWSPENDING"] }), "AWSCURRENT", "v2")), { v2: ["AWSPENDING", "AWSCURRENT"], v1: ["AWSPREVIOUS"] });
  assert.deepEqual(o(moveLabel(m({ v1: ["AWSCURRENT"], v2: ["AWSPREVIOUS"] }), "AWSCURRENT", "v2")), { v2: ["AWSCURRENT"], v1: ["AWSPREVIOUS"] });
});

test("detaching the last label deprecates the version; holders and limits", () => {
  assert.deepEqual(o(detachLabel(m({ v1: ["AWSCURRENT"], v2: ["blue"] }), "v2", "blue")), { v1: ["AWSCURRENT"] });
  assert.equal(holderOf(m({ v1: ["a"], v2: ["b"] }), "b"), "v2");
  assert.equal(holderOf(m({}), "b"), undefined);
  assert.equal(overLabelLimit(m({ v1: Array.from({ length: 20 }, (_, i) => `l${i}`) })), undefined);
  assert.equal(overLabelLimit(m({ v1: Array.from({ length: 21 }, (_, i) => `l${i}`) })), "v1");
});

test("labels are listed sorted by code unit, as AWS lists them", () => {
  assert.deepEqual(displayOrder(["one", "two", "three", "four"]), ["four", "one", "three", "two"]);
  assert.deepEqual(displayOrder(["PUT1", "AWSSOMETHING", "AWSPENDING", "AWSCURRENT"]), ["AWSCURRENT", "AWSPENDING", "AWSSOMETHING", "PUT1"]);
  assert.deepEqual(displayOrder(["b", "B", "a"]), ["B", "a", "b"], "not locale order");
});
