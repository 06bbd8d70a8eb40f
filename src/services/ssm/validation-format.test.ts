import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isServiceError } from "../../protocol/errors.js";
import { ssmModel } from "../../protocol/models/ssm.js";
import { validateInput } from "../../protocol/shapes.js";
import { formatSsmIssue } from "./validation-format.js";

function message(op: string, body: unknown): string {
  try {
    validateInput(ssmModel, op, body, { formatIssue: formatSsmIssue });
  } catch (e) {
    if (isServiceError(e)) return e.message;
    throw e;
  }
  throw new Error("expected a validation error");
}

describe("SSM validation texts (ssm.md §13)", () => {
  it("GetParameters over 10 names: trailing period", () => {
    const names = "abcdefghijk".split("");
    assert.equal(message("GetParameters", { Names: names }), "1 validation error detected: Value '[a, b, c, d, e, f, g, h, i, j, k]' at 'names' failed to satisfy constraint: Member must have length less than or equal to 10.");
  });
  // moto's text has the number unquoted (ssm.md §6.4: AWS text unverified); a real SSM answer for the same member
  // (DescribeInstancePatches, quoted in flanksource/config-db#35) has AWS's usual form, which DescribeParameters sends too.
  it("GetParametersByPath MaxResults: AWS's usual form, value quoted, no period", () => {
    assert.equal(message("GetParametersByPath", { Path: "/a", MaxResults: 23 }), "1 validation error detected: Value '23' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 10");
  });
  it("GetParameterHistory MaxResults: quoted, trailing period", () => {
    assert.equal(message("GetParameterHistory", { Name: "a", MaxResults: 51 }), "1 validation error detected: Value '51' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50.");
  });
  it("PutParameter bad type: AWS's enum order", () => {
    assert.equal(message("PutParameter", { Name: "a", Value: "v", Type: "str" }), "1 validation error detected: Value 'str' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]");
  });
  it("label over 100 characters keeps the generic list text", () => {
    const label = "x".repeat(101);
    assert.equal(message("LabelParameterVersion", { Name: "a", Labels: [label] }), `1 validation error detected: Value '[${label}]' at 'labels' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 100, Member must have length greater than or equal to 1]`);
  });
});
