import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isServiceError } from "../../protocol/errors.js";
import { compileFilters, compileLegacyFilters, matchesResidual, type StringFilter } from "./filters.js";

function failure(filters: StringFilter[], use: "describe" | "by-path" = "describe"): { code: string; message: string } {
  try {
    compileFilters(filters, use);
  } catch (e) {
    if (isServiceError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error("expected an error");
}

describe("compileFilters: AWS's errors (ssm.md §7)", () => {
  const cases: Array<[string, StringFilter[], "describe" | "by-path", string, string]> = [
    ["Label is not a describe key", [{ Key: "Label", Values: ["x"] }], "describe", "InvalidFilterKey", "The following filter key is not valid: Label. Valid filter keys include: [Path, Name, Type, KeyId, Tier]."],
    ["Name is not a by-path key", [{ Key: "Name", Values: ["x"] }], "by-path", "InvalidFilterKey", "The following filter key is not valid: Name. Valid filter keys include: [Type, KeyId]."],
    ["Tier is not a by-path key", [{ Key: "Tier", Values: ["Standard"] }], "by-path", "InvalidFilterKey", "The following filter key is not valid: Tier. Valid filter keys include: [Type, KeyId]."],
    ["missing values", [{ Key: "Type" }], "describe", "InvalidFilterValue", "The following filter values are missing : null for filter key Type."],
    ["duplicated key", [{ Key: "Type", Values: ["String"] }, { Key: "Type", Values: ["StringList"] }], "describe", "InvalidFilterKey", "The following filter is duplicated in the request: Type. A request can contain only one occurrence of a specific filter."],
    ["bad path option", [{ Key: "Path", Option: "Deep", Values: ["/a"] }], "describe", "InvalidFilterOption", "The following filter option is not valid: Deep. Valid options include: [Recursive, OneLevel]."],
    ["aws path", [{ Key: "Path", Values: ["/aws/x"] }], "describe", "ValidationException", `Filters for common parameters can't be prefixed with "aws" or "ssm" (case-insensitive). When using global parameters, please specify within a global namespace.`],
    ["SSM path, any case", [{ Key: "Path", Values: ["/SSM"] }], "describe", "ValidationException", `Filters for common parameters can't be prefixed with "aws" or "ssm" (case-insensitive). When using global parameters, please specify within a global namespace.`],
    ["relative path", [{ Key: "Path", Values: ["a/b"] }], "describe", "ValidationException", "The parameter doesn't meet the parameter name requirements. The parameter name must begin with a forward slash \"/\". It can't be prefixed with \"aws\" or \"ssm\" (case-insensitive). It must use only letters, numbers, or the following symbols: . (period), - (hyphen), _ (underscore). Special characters are not allowed. All sub-paths, if specified, must use the forward slash symbol \"/\". Valid example: /get/parameters2-/by1./path0_."],
    ["bad type value", [{ Key: "Type", Values: ["test"] }], "describe", "InvalidFilterValue", "The following filter value is not valid: test. Valid values include: [String, StringList, SecureString]."],
    ["bad tier value", [{ Key: "Tier", Values: ["test"] }], "describe", "InvalidFilterValue", "The following filter value is not valid: test. Valid values include: [Standard, Advanced, Intelligent-Tiering]."],
    ["bad option", [{ Key: "KeyId", Option: "Contains", Values: ["x"] }], "describe", "InvalidFilterOption", "The following filter option is not valid: Contains. Valid options include: [BeginsWith, Equals]."],
    ["label options", [{ Key: "Label", Option: "BeginsWith", Values: ["x"] }], "by-path", "InvalidFilterOption", "The following filter option is not valid: BeginsWith. Valid options include: [Equals]."],
  ];
  for (const [why, filters, use, code, message] of cases) {
    it(why, () => assert.deepEqual(failure(filters, use), { code, message }));
  }
});

describe("compileFilters: conditions", () => {
  it("Name values compare slash-prefixed, Contains raw", () => {
    assert.deepEqual(compileFilters([{ Key: "Name", Values: ["param", "/a/b"] }], "describe"), [{ kind: "equals", column: "name_key", values: ["/param", "/a/b"] }]);
    assert.deepEqual(compileFilters([{ Key: "Name", Option: "BeginsWith", Values: ["//x"] }], "describe"), [{ kind: "beginsWith", column: "name_key", values: ["/x"] }]);
    assert.deepEqual(compileFilters([{ Key: "Name", Option: "Contains", Values: ["/tan"] }], "describe"), [{ kind: "contains", values: ["/tan"] }]);
  });
  it("Path: OneLevel by default, trailing slash ignored", () => {
    assert.deepEqual(compileFilters([{ Key: "Path", Values: ["/a/b/", "/"] }], "describe"), [{ kind: "parent", values: ["/a/b", "/"] }]);
    assert.deepEqual(compileFilters([{ Key: "Path", Option: "Recursive", Values: ["/a"] }], "describe"), [{ kind: "under", values: ["/a"] }]);
  });
  it("tags: values optional", () => {
    assert.deepEqual(compileFilters([{ Key: "tag:team" }], "describe"), [{ kind: "tag", key: "team", option: "Exists", values: [] }]);
    assert.deepEqual(compileFilters([{ Key: "tag:team", Option: "BeginsWith", Values: ["pay"] }], "by-path"), [{ kind: "tag", key: "team", option: "BeginsWith", values: ["pay"] }]);
  });
  it("Contains is a substring test on the slash-prefixed name", () => {
    const conds = compileFilters([{ Key: "Name", Option: "Contains", Values: ["/tan"] }], "describe");
    assert.equal(matchesResidual(conds, { name_key: "/tangram-4" }), true);
    assert.equal(matchesResidual(conds, { name_key: "/x/tangent-3" }), true);
    assert.equal(matchesResidual(conds, { name_key: "/stand" }), false);
  });
  it("legacy Filters: Name begins-with on the name as spelled", () => {
    assert.deepEqual(compileLegacyFilters([{ Key: "Name", Values: ["te"] }, { Key: "KeyId", Values: ["alias/aws/ssm"] }]), [
      { kind: "beginsWith", column: "name", values: ["te"] },
      { kind: "equals", column: "key_id", values: ["alias/aws/ssm"] },
    ]);
  });
});
