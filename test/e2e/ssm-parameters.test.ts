// PutParameter / GetParameter / GetParameters / DeleteParameter(s) through the real SDK (ssm.md §2, §3, §6.1–6.3, §6.7).
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import {
  DeleteParameterCommand,
  DeleteParametersCommand,
  DescribeParametersCommand,
  GetParameterCommand,
  GetParameterHistoryCommand,
  GetParametersCommand,
  type SSMClient,
} from "@aws-sdk/client-ssm";
import { ssmClient } from "../helpers/clients.js";
import { ACCOUNT_ID, REGION } from "../helpers/server.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { rejectsWith } from "../helpers/assertions.js";
import { put } from "./ssm-support.js";

const GENERIC = `Parameter name: can't be prefixed with "ssm" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_`;
const arn = (name: string): string => `arn:aws:ssm:${REGION}:${ACCOUNT_ID}:parameter/${name.replace(/^\//, "")}`;

let ssm: SSMClient;
serverPerFile((server) => {
  ssm = ssmClient(server);
}, {}, { cleanup: () => ssm?.destroy() });

const get = (Name: string, WithDecryption?: boolean) => ssm.send(new GetParameterCommand({ Name, WithDecryption }));
const versionOf = async (Name: string): Promise<number | undefined> => (await get(Name)).Parameter?.Version;

describe("PutParameter and GetParameter", () => {
  it("answers repeated reads from its read cache and sees an overwrite or a delete at once", async () => {
    await put(ssm, { Name: "/cache/a", Value: "a1", Type: "String" });
    await put(ssm, { Name: "/cache/b", Value: "b1", Type: "SecureString" });
    // Reads within 2 s of a write bypass the cache (storage/read-cache.ts): wait so these two fill it.
    await new Promise((r) => setTimeout(r, 2_100));
    for (let i = 0; i < 2; i++) {
      assert.equal((await get("/cache/a")).Parameter?.Value, "a1");
      assert.equal((await get("/cache/b", true)).Parameter?.Value, "b1");
    }
    await put(ssm, { Name: "/cache/a", Value: "a2", Type: "String", Overwrite: true });
    await ssm.send(new DeleteParameterCommand({ Name: "/cache/b" }));
    const a = (await get("/cache/a")).Parameter;
    assert.deepEqual([a?.Value, a?.Version], ["a2", 2]);
    await rejectsWith(get("/cache/b", true), "ParameterNotFound", "Parameter /cache/b not found.");
  });

  it("creates version 1 and reads it back with ARN, type, data type and date", async () => {
    const before = Date.now();
    const r = await put(ssm, { Name: "/app/db/host", Value: "db.example.com", Type: "String", Description: "Database host" });
    assert.equal(r.Version, 1);
    assert.equal(r.Tier, "Standard");
    const p = (await get("/app/db/host")).Parameter;
    assert.ok(p);
    assert.deepEqual({ ...p, LastModifiedDate: undefined }, {
      Name: "/app/db/host",
      Type: "String",
      Value: "db.example.com",
      Version: 1,
      LastModifiedDate: undefined,
      ARN: arn("/app/db/host"),
      DataType: "text",
    });
    assert.ok(p.LastModifiedDate && p.LastModifiedDate.getTime() >= before - 1000 && p.LastModifiedDate.getTime() <= Date.now() + 1000);
  });

  it("refuses to overwrite without Overwrite and changes nothing", async () => {
    await put(ssm, { Name: "/app/once", Value: "v1", Type: "String" });
    await rejectsWith(put(ssm, { Name: "/app/once", Value: "v2", Type: "String" }), "ParameterAlreadyExists", "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.");
    const p = (await get("/app/once")).Parameter;
    assert.equal(p?.Value, "v1");
    assert.equal(p?.Version, 1);
  });

  it("overwrite makes a new version even for the same value and keeps omitted metadata", async () => {
    await put(ssm, { Name: "/app/keep", Value: "a", Type: "StringList", Description: "desc", AllowedPattern: "^[a-z,]+$" });
    const r = await put(ssm, { Name: "/app/keep", Value: "a", Overwrite: true });
    assert.equal(r.Version, 2);
    const d = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "Name", Values: ["/app/keep"] }] }));
    const m = d.Parameters?.[0];
    assert.equal(m?.Type, "StringList");
    assert.equal(m?.Description, "desc");
    assert.equal(m?.AllowedPattern, "^[a-z,]+$");
    assert.equal(m?.Version, 2);
    assert.equal(m?.LastModifiedUser, `arn:aws:iam::${ACCOUNT_ID}:root`);
  });

  // AWS changes types in place on overwrite (Terraform's TestAccSSMParameter_updateType turns a SecureString into a
  // String with PutParameter against AWS); KeyId belongs to SecureString versions only.
  it("any type may change on overwrite; only SecureString versions carry a KeyId", async () => {
    await put(ssm, { Name: "/app/typed", Value: "a,b", Type: "StringList" });
    assert.equal((await put(ssm, { Name: "/app/typed", Value: "a", Type: "String", Overwrite: true })).Version, 2);
    assert.equal((await put(ssm, { Name: "/app/typed", Value: "secret", Type: "SecureString", Overwrite: true })).Version, 3);
    assert.equal((await put(ssm, { Name: "/app/typed", Value: "plain", Type: "String", Overwrite: true })).Version, 4);
    const h = await ssm.send(new GetParameterHistoryCommand({ Name: "/app/typed", WithDecryption: true }));
    assert.deepEqual(h.Parameters?.map((p) => [p.Type, p.KeyId, p.Value]), [
      ["StringList", undefined, "a,b"], ["String", undefined, "a"], ["SecureString", "alias/aws/ssm", "secret"], ["String", undefined, "plain"],
    ]);
    assert.equal((await get("/app/typed")).Parameter?.Value, "plain");
  });

  it("a KeyId given with a String is accepted but not kept", async () => {
    await put(ssm, { Name: "/app/keyed", Value: "v", Type: "String", KeyId: "alias/aws/ssm" });
    const d = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "Name", Values: ["/app/keyed"] }] }));
    assert.equal(d.Parameters?.[0]?.KeyId, undefined);
    assert.equal(d.Parameters?.[0]?.Type, "String");
  });

  it("a type is required on create", async () => {
    await rejectsWith(put(ssm, { Name: "/app/untyped", Value: "x" }), "ValidationException", "A parameter type is required when you create a parameter.");
    await rejectsWith(get("/app/untyped"), "ParameterNotFound", "Parameter /app/untyped not found.");
  });

  it("model validation: type enum in AWS's order, empty value", async () => {
    await rejectsWith(
      put(ssm, { Name: "/app/bad-type", Value: "x", Type: "str" as "String" }),
      "ValidationException",
      "1 validation error detected: Value 'str' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]",
    );
    await rejectsWith(
      put(ssm, { Name: "/app/empty", Value: "", Type: "String" }),
      "ValidationException",
      "1 validation error detected: Value '' at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1.",
    );
    await rejectsWith(get("/app/empty"), "ParameterNotFound", "Parameter /app/empty not found.");
  });

  it("tags and overwrite together are refused", async () => {
    await put(ssm, { Name: "/app/tagged", Value: "x", Type: "String" });
    await rejectsWith(
      put(ssm, { Name: "/app/tagged", Value: "y", Type: "String", Overwrite: true, Tags: [{ Key: "a", Value: "b" }] }),
      "ValidationException",
      "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.",
    );
    assert.equal((await get("/app/tagged")).Parameter?.Value, "x");
  });

  it("not found: the name as requested", async () => {
    await rejectsWith(get("/nope"), "ParameterNotFound", "Parameter /nope not found.");
    await rejectsWith(ssm.send(new DeleteParameterCommand({ Name: "/nope" })), "ParameterNotFound", "Parameter /nope not found.");
  });
});

describe("names (ssm.md §2)", () => {
  const refused: Array<[string, string, string | RegExp]> = [
    ["/app/bad name!", "ValidationException", GENERIC],
    ["bad@name", "ValidationException", GENERIC],
    ["MyParameter3/L1", "ValidationException", GENERIC],
    ["/a//b", "ValidationException", GENERIC],
    ["/a/b/", "ValidationException", GENERIC],
    ["ssm_test", "ValidationException", `Parameter name: can't be prefixed with "aws" or "ssm" (case-insensitive).`],
    ["AWS_TEST", "ValidationException", `Parameter name: can't be prefixed with "aws" or "ssm" (case-insensitive).`],
    ["/awsx", "ValidationException", `Parameter name: can't be prefixed with "aws" or "ssm" (case-insensitive).`],
    ["/ssm_test/path/to/var", "ValidationException", GENERIC],
    ["/SSM/PATH/TO/VAR", "ValidationException", GENERIC],
    ["/aws_test/path/to/var", "AccessDeniedException", "No access to reserved parameter name: /aws_test/path/to/var."],
    [`${Array.from({ length: 16 }, (_, i) => `/L${i}`).join("")}`, "HierarchyLevelLimitExceededException", "A hierarchy can have a maximum of 15 levels. For more information, see Requirements and constraints for parameter names in the Amazon Web Services Systems Manager User Guide."],
    [`/${"n".repeat(1011 - arn("/").length + 1)}`, "ValidationException", /1011 characters including the ARN prefix/],
    [`arn:aws:ssm:${REGION}:${ACCOUNT_ID}:parameter/x`, "ValidationException", GENERIC],
  ];
  for (const [name, code, message] of refused) {
    it(`PutParameter ${JSON.stringify(name.slice(0, 50))} → ${code}`, async () => {
      await rejectsWith(put(ssm, { Name: name, Value: "v", Type: "String" }), code, message);
    });
  }
  it("15 levels and a 1011-character ARN are fine", async () => {
    const deep = `${Array.from({ length: 14 }, (_, i) => `/L${i}`).join("")}/leaf`;
    assert.equal((await put(ssm, { Name: deep, Value: "v", Type: "String" })).Version, 1);
    const long = `/${"n".repeat(1011 - arn("/").length)}`;
    assert.equal(arn(long).length, 1011);
    assert.equal((await put(ssm, { Name: long, Value: "v", Type: "String" })).Version, 1);
  });
  it("nothing was written by the refused names", async () => {
    const d = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "Name", Option: "BeginsWith", Values: ["/ssm", "/aws", "ssm", "AWS", "/app/bad"] }] }));
    assert.deepEqual(d.Parameters, []);
  });
  it("GetParameter with characters no name can hold is a ValidationException", async () => {
    await rejectsWith(get("{test}-test"), "ValidationException", GENERIC);
  });
  it("spaces around a name are removed by every operation; inner ones are refused", async () => {
    assert.equal((await put(ssm, { Name: "  /trim/me ", Value: "v", Type: "String" })).Version, 1);
    assert.equal((await get(" /trim/me ")).Parameter?.Name, "/trim/me");
    const h = await ssm.send(new GetParameterHistoryCommand({ Name: "/trim/me  " }));
    assert.deepEqual(h.Parameters?.map((p) => p.Name), ["/trim/me"]);
    await ssm.send(new DeleteParameterCommand({ Name: " /trim/me" }));
    await rejectsWith(get("/trim/me"), "ParameterNotFound", "Parameter /trim/me not found.");
    await rejectsWith(get("/trim/a b"), "ValidationException", GENERIC);
  });
  it("reads under /aws are allowed and simply not found", async () => {
    await rejectsWith(get("/aws/service/ami-amazon-linux-latest/x"), "ParameterNotFound", "Parameter /aws/service/ami-amazon-linux-latest/x not found.");
  });
});

describe("root names, dotted names and ARNs", () => {
  // Named as asked for: AWS answers `/x` for a root parameter created as `x` (localstack's AWS-validated test_put_parameters).
  it("/x and x are one parameter with one ARN, named as asked for", async () => {
    await put(ssm, { Name: "/TestParam1", Value: "root", Type: "String" });
    await rejectsWith(put(ssm, { Name: "TestParam1", Value: "again", Type: "String" }), "ParameterAlreadyExists", /already exists/);
    const a = (await get("TestParam1")).Parameter;
    const b = (await get("/TestParam1")).Parameter;
    assert.equal(a?.Name, "TestParam1");
    assert.equal(b?.Name, "/TestParam1");
    assert.equal(a?.ARN, arn("TestParam1"));
    assert.deepEqual({ ...a, Name: "" }, { ...b, Name: "" });
    const g = await ssm.send(new GetParametersCommand({ Names: ["TestParam1"] }));
    assert.equal(g.Parameters?.[0]?.Value, "root");
    assert.equal((await put(ssm, { Name: "TestParam1", Value: "v2", Type: "String", Overwrite: true })).Version, 2);
    await ssm.send(new DeleteParameterCommand({ Name: "TestParam1" }));
    await rejectsWith(get("/TestParam1"), "ParameterNotFound", "Parameter /TestParam1 not found.");
  });
  it("/Test/TestParam1 and /TestParam1 are different parameters", async () => {
    await put(ssm, { Name: "/Test/TestParam1", Value: "deep", Type: "String" });
    await put(ssm, { Name: "/TestParam1", Value: "root", Type: "String" });
    assert.equal((await get("/Test/TestParam1")).Parameter?.Value, "deep");
    assert.equal((await get("TestParam1")).Parameter?.Value, "root");
  });
  it("dotted names are root names", async () => {
    await put(ssm, { Name: "projectA.shared.database_username", Value: "db_user", Type: "String" });
    const p = (await get("/projectA.shared.database_username")).Parameter;
    assert.equal(p?.ARN, arn("projectA.shared.database_username"));
    assert.equal(p?.Name, "/projectA.shared.database_username");
  });
  it("GetParameter and history accept this account's ARN, with a selector too", async () => {
    await put(ssm, { Name: "/arn/test", Value: "one", Type: "String" });
    await put(ssm, { Name: "/arn/test", Value: "two", Type: "String", Overwrite: true });
    assert.equal((await get(arn("/arn/test"))).Parameter?.Value, "two");
    const sel = (await get(`${arn("/arn/test")}:1`)).Parameter;
    assert.equal(sel?.Value, "one");
    assert.equal(sel?.Selector, ":1");
    assert.equal(sel?.Name, "/arn/test");
    const h = await ssm.send(new GetParameterHistoryCommand({ Name: arn("/arn/test") }));
    assert.deepEqual(h.Parameters?.map((x) => x.Value), ["one", "two"]);
    await rejectsWith(get(`arn:aws:ssm:eu-west-1:${ACCOUNT_ID}:parameter/arn/test`), "ParameterNotFound", `Parameter arn:aws:ssm:eu-west-1:${ACCOUNT_ID}:parameter/arn/test not found.`);
  });
});

describe("selectors (ssm.md §2)", () => {
  before(async () => {
    await put(ssm, { Name: "test-2", Value: "v1", Type: "String" });
    await put(ssm, { Name: "test-2", Value: "v2", Type: "String", Overwrite: true });
  });
  it("name:version reads that version with Selector", async () => {
    const p = (await get("test-2:1")).Parameter;
    assert.equal(p?.Value, "v1");
    assert.equal(p?.Version, 1);
    assert.equal(p?.Selector, ":1");
    assert.equal(p?.Name, "test-2");
  });
  it("unknown version, unknown label, several colons, unknown parameter", async () => {
    await rejectsWith(get("test-2:3"), "ParameterVersionNotFound", "Systems Manager could not find version 3 of test-2. Verify the version and try again.");
    await rejectsWith(get("test-2:nolabel"), "ParameterNotFound", "Parameter test-2:nolabel not found.");
    await rejectsWith(get("test-2:2:3"), "ParameterNotFound", "Parameter test-2:2:3 not found.");
    await rejectsWith(get("test-3:2"), "ParameterNotFound", "Parameter test-3:2 not found.");
  });
});

describe("values and sizes (ssm.md §3, §4)", () => {
  it("counts UTF-8 bytes: 4096 fit Standard, 4097 do not; Advanced takes 8192 but not 8193", async () => {
    await put(ssm, { Name: "/size/std", Value: "x".repeat(4096), Type: "String" });
    await rejectsWith(
      put(ssm, { Name: "/size/std2", Value: "é".repeat(2049), Type: "String" }),
      "ValidationException",
      "Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier. For more information, see https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html",
    );
    await put(ssm, { Name: "/size/adv", Value: "x".repeat(8192), Type: "String", Tier: "Advanced" });
    await rejectsWith(put(ssm, { Name: "/size/adv2", Value: "x".repeat(8193), Type: "String", Tier: "Advanced" }), "ValidationException", "Advanced tier parameters support a maximum parameter value of 8192 characters.");
    await rejectsWith(get("/size/std2"), "ParameterNotFound", "Parameter /size/std2 not found.");
  });
  it("StringList values are stored verbatim", async () => {
    await put(ssm, { Name: "/list", Value: "us-east-1, eu-west-1,,x", Type: "StringList" });
    assert.equal((await get("/list")).Parameter?.Value, "us-east-1, eu-west-1,,x");
  });
  it("AllowedPattern must match the whole value, on create and on overwrite, without echoing the value", async () => {
    await rejectsWith(put(ssm, { Name: "/pat", Value: "10000", Type: "String", AllowedPattern: "\\d{1,4}" }), "ParameterPatternMismatchException", "Parameter value, cannot be validated against allowedPattern: \\d{1,4}");
    await put(ssm, { Name: "/pat", Value: "1000", Type: "String", AllowedPattern: "\\d{1,4}" });
    await rejectsWith(put(ssm, { Name: "/pat", Value: "abc", Overwrite: true }), "ParameterPatternMismatchException", "Parameter value, cannot be validated against allowedPattern: \\d{1,4}");
    await rejectsWith(put(ssm, { Name: "/pat2", Value: "x", Type: "String", AllowedPattern: "([a-z" }), "InvalidAllowedPatternException", "The request doesn't meet the regular expression requirement.");
    assert.equal((await get("/pat")).Parameter?.Version, 1);
  });
  it("data types: text by default, aws:ec2:image checked, others refused", async () => {
    await put(ssm, { Name: "/ami", Value: "ami-0123456789abcdef0", Type: "String", DataType: "aws:ec2:image" });
    assert.equal((await get("/ami")).Parameter?.DataType, "aws:ec2:image");
    await rejectsWith(put(ssm, { Name: "/ami2", Value: "not-an-ami", Type: "String", DataType: "aws:ec2:image" }), "ValidationException", "The parameter value isn't a valid Amazon Machine Image (AMI) ID. AMI IDs have the format ami-0123456789abcdef0.");
    await rejectsWith(put(ssm, { Name: "/ami3", Value: "ami-0123456789abcdef0", Type: "StringList", DataType: "aws:ec2:image" }), "ValidationException", "The aws:ec2:image data type is supported only for parameters of type String.");
    await rejectsWith(put(ssm, { Name: "/dt", Value: "x", Type: "String", DataType: "Text" }), "ValidationException", "The following data type is not supported: Text (Data type names are all lowercase.)");
  });
});

describe("GetParameters (ssm.md §6.3)", () => {
  before(async () => {
    for (const n of ["/gp/b", "/gp/a", "/gp/c"]) await put(ssm, { Name: n, Value: n, Type: "String" });
  });
  it("returns found ones alphabetically, unknown ones in InvalidParameters, duplicates once", async () => {
    const r = await ssm.send(new GetParametersCommand({ Names: ["/gp/c", "/gp/missing", "/gp/a", "/gp/c", "/gp/b:9", "a/b", "/gp/b"] }));
    assert.deepEqual(r.Parameters?.map((p) => p.Name), ["/gp/a", "/gp/b", "/gp/c"]);
    assert.deepEqual(r.InvalidParameters, ["/gp/missing", "/gp/b:9", "a/b"]);
  });
  // The model documents it: "If the specified name for a parameter contains spaces between characters, the request
  // fails with a ValidationException error."
  it("a name with inner spaces fails the whole call", async () => {
    await rejectsWith(ssm.send(new GetParametersCommand({ Names: ["/gp/a", "bad name"] })), "ValidationException", GENERIC);
  });
  it("spaces around names are removed", async () => {
    const r = await ssm.send(new GetParametersCommand({ Names: [" /gp/a", "/gp/b  "] }));
    assert.deepEqual(r.Parameters?.map((p) => p.Name), ["/gp/a", "/gp/b"]);
    assert.deepEqual(r.InvalidParameters, []);
  });
  it("both lists are always present", async () => {
    const r = await ssm.send(new GetParametersCommand({ Names: ["/gp/none"] }));
    assert.deepEqual(r.Parameters, []);
    assert.deepEqual(r.InvalidParameters, ["/gp/none"]);
  });
  it("more than 10 names: validation error with the trailing period", async () => {
    await rejectsWith(
      ssm.send(new GetParametersCommand({ Names: "abcdefghijk".split("") })),
      "ValidationException",
      "1 validation error detected: Value '[a, b, c, d, e, f, g, h, i, j, k]' at 'names' failed to satisfy constraint: Member must have length less than or equal to 10.",
    );
  });
});

describe("DeleteParameters (ssm.md §6.7)", () => {
  it("deletes what exists, lists the rest, and a deleted name starts again at version 1", async () => {
    await put(ssm, { Name: "/del/a", Value: "a", Type: "String" });
    await put(ssm, { Name: "/del/a", Value: "a2", Type: "String", Overwrite: true });
    await put(ssm, { Name: "del-b", Value: "b", Type: "String" });
    const r = await ssm.send(new DeleteParametersCommand({ Names: ["/del/a", "/del-b", "/del/none"] }));
    assert.deepEqual(r.DeletedParameters, ["/del/a", "/del-b"]);
    assert.deepEqual(r.InvalidParameters, ["/del/none"]);
    await rejectsWith(get("/del/a"), "ParameterNotFound", "Parameter /del/a not found.");
    assert.equal((await put(ssm, { Name: "/del/a", Value: "new", Type: "String" })).Version, 1);
    const h = await ssm.send(new GetParameterHistoryCommand({ Name: "/del/a" }));
    assert.deepEqual(h.Parameters?.map((p) => [p.Version, p.Value]), [[1, "new"]]);
  });
  it("DeleteParameter refuses ARNs as names", async () => {
    await rejectsWith(ssm.send(new DeleteParameterCommand({ Name: arn("/del/a") })), "ValidationException", GENERIC);
    assert.equal((await get("/del/a")).Parameter?.Value, "new");
  });
});
