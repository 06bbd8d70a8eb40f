import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { authorization } from "./actions.js";

const scope = { accountId: "123456789012", region: "eu-west-1" };
const P = "arn:aws:ssm:eu-west-1:123456789012:parameter";
const checks = (op: string, input: Record<string, unknown>) => authorization(op, input, scope).map((c) => [c.action, c.resource]);

describe("SSM stage-5 checks (iam.md §6.1)", () => {
  const cases: Array<[string, Record<string, unknown>, string[][]]> = [
    ["GetParameter", { Name: "/a/b:3" }, [["ssm:GetParameter", `${P}/a/b`]]],
    ["GetParameter", { Name: "/root" }, [["ssm:GetParameter", `${P}/root`]]],
    ["GetParameter", { Name: "root:stable" }, [["ssm:GetParameter", `${P}/root`]]],
    ["GetParameter", { Name: `${P}/a/b:prod` }, [["ssm:GetParameter", `${P}/a/b`]]],
    ["GetParameter", { Name: "/aws/reference/secretsmanager/db:AWSCURRENT" }, [["ssm:GetParameter", `${P}/aws/reference/secretsmanager/db`]]],
    ["GetParameters", { Names: ["/a", "b/c"] }, [["ssm:GetParameters", `${P}/a`], ["ssm:GetParameters", `${P}/b/c`]]],
    ["GetParametersByPath", { Path: "/a/b/" }, [["ssm:GetParametersByPath", `${P}/a/b/`]]],
    ["GetParametersByPath", { Path: "/" }, [["ssm:GetParametersByPath", `${P}/`]]],
    ["DescribeParameters", {}, [["ssm:DescribeParameters", "*"]]],
    ["GetParameterHistory", { Name: "x" }, [["ssm:GetParameterHistory", `${P}/x`]]],
    ["DeleteParameters", { Names: ["/a", "/b"] }, [["ssm:DeleteParameters", `${P}/a`], ["ssm:DeleteParameters", `${P}/b`]]],
    ["LabelParameterVersion", { Name: "/a", Labels: ["x"] }, [["ssm:LabelParameterVersion", `${P}/a`]]],
    ["PutParameter", { Name: " /a/b ", Value: "v" }, [["ssm:PutParameter", `${P}/a/b`]]],
    ["PutParameter", { Name: "/a", Value: "v", Tags: [{ Key: "k", Value: "v" }] }, [["ssm:PutParameter", `${P}/a`], ["ssm:AddTagsToResource", `${P}/a`]]],
    ["AddTagsToResource", { ResourceType: "Parameter", ResourceId: "x", Tags: [] }, [["ssm:AddTagsToResource", `${P}/x`]]],
    ["ListTagsForResource", { ResourceType: "Document", ResourceId: "doc" }, [["ssm:ListTagsForResource", "arn:aws:ssm:eu-west-1:123456789012:document/doc"]]],
    ["GetServiceSetting", { SettingId: "/ssm/parameter-store/default-parameter-tier" }, [["ssm:GetServiceSetting", "arn:aws:ssm:eu-west-1:123456789012:servicesetting/ssm/parameter-store/default-parameter-tier"]]],
  ];
  for (const [op, input, want] of cases) it(`${op} ${JSON.stringify(input)}`, () => assert.deepEqual(checks(op, input), want));

  it("condition keys: ssm:Overwrite, ssm:Policies, ssm:Recursive, request tags", () => {
    const [put, tag] = authorization("PutParameter", { Name: "/a", Value: "v", Overwrite: true, Policies: "[]", Tags: [{ Key: "team", Value: "x" }] }, scope);
    assert.deepEqual(put?.options?.context, { "ssm:Overwrite": "true", "ssm:Policies": "[]" });
    assert.deepEqual(tag?.options?.context, { "aws:RequestTag/team": "x", "aws:TagKeys": ["team"] });
    assert.deepEqual(authorization("GetParametersByPath", { Path: "/a", Recursive: true }, scope)[0]?.options?.context, { "ssm:Recursive": "true" });
  });
});
