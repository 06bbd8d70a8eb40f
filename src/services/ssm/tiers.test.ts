import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ADVANCED_TOO_LARGE, NO_DOWNGRADE, POLICIES_NEED_ADVANCED, STANDARD_TOO_LARGE } from "./errors.js";
import { chooseTier, tierProblem } from "./tiers.js";

describe("chooseTier", () => {
  const cases: Array<[string, Parameters<typeof chooseTier>, string, boolean]> = [
    ["explicit Advanced", ["Advanced", undefined, "Standard", 10, false], "Advanced", false],
    ["new parameter takes the default", [undefined, undefined, "Advanced", 10, false], "Advanced", false],
    ["overwrite keeps the current tier", [undefined, "Advanced", "Standard", 10, false], "Advanced", false],
    ["intelligent: small → Standard", ["Intelligent-Tiering", undefined, "Standard", 4096, false], "Standard", true],
    ["intelligent: > 4 KB → Advanced", ["Intelligent-Tiering", undefined, "Standard", 4097, false], "Advanced", true],
    ["intelligent: policies → Advanced", ["Intelligent-Tiering", undefined, "Standard", 1, true], "Advanced", true],
    ["intelligent never downgrades", ["Intelligent-Tiering", "Advanced", "Standard", 1, false], "Advanced", true],
    ["intelligent default applies on overwrite", [undefined, "Standard", "Intelligent-Tiering", 5000, false], "Advanced", true],
  ];
  for (const [why, args, tier, intelligent] of cases) {
    it(why, () => assert.deepEqual(chooseTier(...args), { tier, intelligent }));
  }
});

describe("tierProblem", () => {
  const cases: Array<[string, Parameters<typeof tierProblem>, string | null]> = [
    ["4096 bytes fit Standard", ["Standard", undefined, 4096, false], null],
    ["4097 bytes do not", ["Standard", undefined, 4097, false], STANDARD_TOO_LARGE],
    ["8192 bytes fit Advanced", ["Advanced", undefined, 8192, false], null],
    ["8193 bytes fit nothing", ["Advanced", undefined, 8193, false], ADVANCED_TOO_LARGE],
    ["no downgrade", ["Standard", "Advanced", 1, false], NO_DOWNGRADE],
    ["policies need Advanced", ["Standard", undefined, 1, true], POLICIES_NEED_ADVANCED],
  ];
  for (const [why, args, want] of cases) it(why, () => assert.equal(tierProblem(...args), want));
});
