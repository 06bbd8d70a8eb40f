// Table tests for filters.ts (ListSecrets filter semantics, ported from moto's aws-verified behaviour).
import { test } from "node:test";
import assert from "node:assert/strict";
import { matchesFilters, splitWords, type FilterTarget } from "./filters.js";

const target: FilterTarget = {
  name: "prod/db-main", description: "Primary databaseCredentials for billing", region: "us-east-1", hasReplicas: false,
  tags: [{ Key: "team", Value: "payments" }, { Key: "env", Value: "prod" }],
};

test("words split on one kind of separator, then on capitals", () => {
  assert.deepEqual(splitWords("MyTestSecret"), ["My", "Test", "Secret"]);
  assert.deepEqual(splitWords("a/bCd"), ["a", "b", "Cd"]);
  assert.deepEqual(splitWords("my/secret+value"), ["my/secret+value"], "mixed separators stay whole");
  assert.deepEqual(splitWords("/"), []);
});

test("filter keys and values behave as AWS's", () => {
  const cases: Array<[string, string[], boolean]> = [
    ["name", ["prod/"], true],
    ["name", ["Prod/"], false],
    ["name", ["db-main"], false],
    ["name", ["!prod/"], false],
    ["name", ["!dev/"], true],
    ["tag-key", ["te"], true],
    ["tag-value", ["pay"], true],
    ["tag-value", ["Pay"], false],
    ["description", ["DATABASE"], true],
    ["description", ["credentials"], true],
    ["description", ["base"], false],
    ["all", ["billing"], true],
    ["all", ["payments"], true],
    ["all", ["nothing"], false],
    ["primary-region", ["us-east-1"], false],
  ];
  for (const [Key, Values, want] of cases) assert.equal(matchesFilters([{ Key, Values }], target), want, `${Key}=${Values.join(",")}`);
  assert.equal(matchesFilters([{ Key: "name", Values: ["prod/"] }, { Key: "tag-key", Values: ["nope"] }], target), false, "filters AND");
  assert.equal(matchesFilters([{ Key: "name", Values: ["dev/", "prod/"] }], target), true, "values OR");
});
