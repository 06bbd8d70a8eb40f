import assert from "node:assert/strict";
import { test } from "node:test";
import { envConflict, envNameFor, envNameOfLeaf, isValidEnvName, splitAssignment } from "./env-names.js";

test("envNameFor maps path-relative names", () => {
  const cases: Array<[string, string, string]> = [
    ["/app/prod/db/password", "/app/prod", "DB_PASSWORD"],
    ["/app/prod/db/password", "/app/prod/", "DB_PASSWORD"],
    ["/app/prod/api-key", "/app/prod", "API_KEY"],
    ["/app/prod/feature.flag", "/app/prod", "FEATURE_FLAG"],
    ["/a/b", "/", "A_B"],
    ["/other/x", "/app", "OTHER_X"], // not under the path: the whole name
  ];
  for (const [name, path, want] of cases) assert.equal(envNameFor(name, path), want, `${name} under ${path}`);
});

test("envNameOfLeaf, splitAssignment, isValidEnvName", () => {
  assert.equal(envNameOfLeaf("/x/y-z"), "Y_Z");
  assert.equal(envNameOfLeaf("prod/db"), "DB");
  assert.deepEqual(splitAssignment("/x/y=ENV"), { id: "/x/y", envName: "ENV" });
  assert.deepEqual(splitAssignment("a=b=ENV"), { id: "a=b", envName: "ENV" });
  assert.deepEqual(splitAssignment("/x/y"), { id: "/x/y" });
  assert.equal(isValidEnvName("DB_1"), true);
  assert.equal(isValidEnvName("1DB"), false);
  assert.equal(isValidEnvName("A-B"), false);
});

test("envConflict names both sources", () => {
  assert.equal(envConflict([{ source: "parameter /a/x", envName: "X" }, { source: "parameter /a/y", envName: "Y" }]), null);
  assert.equal(
    envConflict([{ source: "parameter /a/db-x", envName: "DB_X" }, { source: "parameter /a/db.x", envName: "DB_X" }]),
    "parameter /a/db-x and parameter /a/db.x both map to the environment variable DB_X",
  );
});
