// GetParametersByPath and DescribeParameters: paths, filters, pagination (ssm.md §6.4, §6.5, §7, §9).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  AddTagsToResourceCommand,
  DescribeParametersCommand,
  GetParametersByPathCommand,
  LabelParameterVersionCommand,
  type DescribeParametersCommandInput,
  type GetParametersByPathCommandInput,
  type SSMClient,
} from "@aws-sdk/client-ssm";
import { ssmClient } from "../helpers/clients.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { rejectsWith } from "../helpers/assertions.js";
import { put } from "./ssm-support.js";

const PATH_MESSAGE = `The parameter doesn't meet the parameter name requirements. The parameter name must begin with a forward slash "/". It can't be prefixed with "aws" or "ssm" (case-insensitive). It must use only letters, numbers, or the following symbols: . (period), - (hyphen), _ (underscore). Special characters are not allowed. All sub-paths, if specified, must use the forward slash symbol "/". Valid example: /get/parameters2-/by1./path0_.`;

let ssm: SSMClient;
serverPerFile(async (server) => {
  ssm = ssmClient(server);
  const params: Array<[string, "String" | "StringList" | "SecureString"]> = [
    ["/app/prod/db/host", "String"],
    ["/app/prod/db/password", "SecureString"],
    ["/app/prod/api/endpoint", "String"],
    ["/app/prod/api/regions", "StringList"],
    ["/app/prod/flag", "String"],
    ["/app/dev/db/host", "String"],
    ["/app", "String"],
    ["root-a", "String"],
    ["/root-b", "String"],
    ["tangram-4", "String"],
    ["/x/tangent-3", "String"],
  ];
  for (const [Name, Type] of params) await put(ssm, { Name, Value: `value of ${Name}`, Type });
  await ssm.send(new AddTagsToResourceCommand({ ResourceType: "Parameter", ResourceId: "/app/prod/db/host", Tags: [{ Key: "team", Value: "payments" }] }));
  await ssm.send(new AddTagsToResourceCommand({ ResourceType: "Parameter", ResourceId: "/app/prod/flag", Tags: [{ Key: "team", Value: "platform" }] }));
}, {}, { cleanup: () => ssm?.destroy() });

async function byPath(input: GetParametersByPathCommandInput): Promise<{ names: string[]; tokens: string[]; pages: number }> {
  const names: string[] = [];
  const tokens: string[] = [];
  let NextToken: string | undefined;
  let pages = 0;
  do {
    const r = await ssm.send(new GetParametersByPathCommand({ ...input, NextToken }));
    pages++;
    names.push(...(r.Parameters ?? []).map((p) => p.Name ?? ""));
    NextToken = r.NextToken;
    if (NextToken) tokens.push(NextToken);
  } while (NextToken);
  return { names, tokens, pages };
}

async function described(input: DescribeParametersCommandInput = {}): Promise<string[]> {
  const names: string[] = [];
  let NextToken: string | undefined;
  do {
    const r = await ssm.send(new DescribeParametersCommand({ ...input, NextToken }));
    names.push(...(r.Parameters ?? []).map((p) => p.Name ?? ""));
    NextToken = r.NextToken;
  } while (NextToken);
  return names;
}

describe("GetParametersByPath", () => {
  it("one level returns only direct children, not the path itself", async () => {
    assert.deepEqual((await byPath({ Path: "/app/prod" })).names, ["/app/prod/flag"]);
    assert.deepEqual((await byPath({ Path: "/app/prod/db/" })).names, ["/app/prod/db/host", "/app/prod/db/password"]);
  });
  it("recursive returns every descendant in name order", async () => {
    assert.deepEqual((await byPath({ Path: "/app", Recursive: true })).names, [
      "/app/dev/db/host",
      "/app/prod/api/endpoint",
      "/app/prod/api/regions",
      "/app/prod/db/host",
      "/app/prod/db/password",
      "/app/prod/flag",
    ]);
  });
  it("/ one level is the root names in either spelling; / recursive is everything", async () => {
    assert.deepEqual((await byPath({ Path: "/" })).names, ["/app", "root-a", "/root-b", "tangram-4"]);
    assert.equal((await byPath({ Path: "/", Recursive: true })).names.length, 11);
  });
  it("an empty path is an empty list", async () => {
    const r = await ssm.send(new GetParametersByPathCommand({ Path: "/nothing/here" }));
    assert.deepEqual(r.Parameters, []);
    assert.equal(r.NextToken, undefined);
  });
  it("pages of MaxResults with increasing decimal tokens and no token on the last page", async () => {
    const r = await byPath({ Path: "/", Recursive: true, MaxResults: 3 });
    assert.equal(r.names.length, 11);
    assert.equal(new Set(r.names).size, 11);
    assert.deepEqual(r.tokens, ["3", "6", "9"]);
  });
  it("SecureString values are ciphertext unless WithDecryption", async () => {
    const enc = await ssm.send(new GetParametersByPathCommand({ Path: "/app/prod/db" }));
    const pw = enc.Parameters?.find((p) => p.Name === "/app/prod/db/password");
    assert.notEqual(pw?.Value, "value of /app/prod/db/password");
    const dec = await ssm.send(new GetParametersByPathCommand({ Path: "/app/prod/db", WithDecryption: true }));
    assert.equal(dec.Parameters?.find((p) => p.Name === "/app/prod/db/password")?.Value, "value of /app/prod/db/password");
  });
  it("filters: Type, tag, Label", async () => {
    assert.deepEqual((await byPath({ Path: "/app", Recursive: true, ParameterFilters: [{ Key: "Type", Values: ["StringList", "SecureString"] }] })).names, ["/app/prod/api/regions", "/app/prod/db/password"]);
    assert.deepEqual((await byPath({ Path: "/app", Recursive: true, ParameterFilters: [{ Key: "tag:team", Values: ["payments"] }] })).names, ["/app/prod/db/host"]);
    await put(ssm, { Name: "/app/prod/api/endpoint", Value: "v2", Type: "String", Overwrite: true });
    await ssm.send(new LabelParameterVersionCommand({ Name: "/app/prod/api/endpoint", ParameterVersion: 1, Labels: ["release"] }));
    const r = await ssm.send(new GetParametersByPathCommand({ Path: "/app", Recursive: true, ParameterFilters: [{ Key: "Label", Values: ["release"] }] }));
    assert.deepEqual(r.Parameters?.map((p) => [p.Name, p.Version, p.Value]), [["/app/prod/api/endpoint", 1, "value of /app/prod/api/endpoint"]]);
  });
  it("errors: bad path, reserved path, filter key not allowed, bad token, MaxResults", async () => {
    await rejectsWith(ssm.send(new GetParametersByPathCommand({ Path: "app" })), "ValidationException", PATH_MESSAGE);
    await rejectsWith(ssm.send(new GetParametersByPathCommand({ Path: "/ssm/x" })), "ValidationException", PATH_MESSAGE);
    await rejectsWith(ssm.send(new GetParametersByPathCommand({ Path: "/a b" })), "ValidationException", PATH_MESSAGE);
    await rejectsWith(
      ssm.send(new GetParametersByPathCommand({ Path: "/app", ParameterFilters: [{ Key: "Name", Values: ["x"] }] })),
      "InvalidFilterKey",
      "The following filter key is not valid: Name. Valid filter keys include: [Type, KeyId].",
    );
    await rejectsWith(ssm.send(new GetParametersByPathCommand({ Path: "/app", NextToken: "-1" })), "InvalidNextToken", "The specified token isn't valid.");
    await rejectsWith(
      ssm.send(new GetParametersByPathCommand({ Path: "/app", MaxResults: 23 })),
      "ValidationException",
      "1 validation error detected: Value '23' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 10",
    );
  });
});

describe("DescribeParameters", () => {
  it("lists everything in name order, 10 per page by default, MaxResults honoured up to 50", async () => {
    const first = await ssm.send(new DescribeParametersCommand({}));
    assert.equal(first.Parameters?.length, 10);
    assert.equal(first.NextToken, "10");
    assert.equal((await described()).length, 11);
    const big = await ssm.send(new DescribeParametersCommand({ MaxResults: 50 }));
    assert.equal(big.Parameters?.length, 11);
    assert.equal(big.NextToken, undefined);
  });
  it("Name filter: Equals and BeginsWith compare slash-prefixed, Contains is a substring", async () => {
    assert.deepEqual(await described({ ParameterFilters: [{ Key: "Name", Values: ["root-a", "root-b"] }] }), ["root-a", "/root-b"]);
    assert.deepEqual(await described({ ParameterFilters: [{ Key: "Name", Option: "BeginsWith", Values: ["root"] }] }), ["root-a", "/root-b"]);
    assert.deepEqual(await described({ ParameterFilters: [{ Key: "Name", Option: "Contains", Values: ["/tan"] }] }), ["tangram-4", "/x/tangent-3"]);
  });
  it("Path filter: one level, recursive, root", async () => {
    assert.deepEqual(await described({ ParameterFilters: [{ Key: "Path", Values: ["/app/prod/db/"] }] }), ["/app/prod/db/host", "/app/prod/db/password"]);
    assert.equal((await described({ ParameterFilters: [{ Key: "Path", Option: "Recursive", Values: ["/app"] }] })).length, 6);
    assert.deepEqual(await described({ ParameterFilters: [{ Key: "Path", Values: ["/"] }] }), ["/app", "root-a", "/root-b", "tangram-4"]);
  });
  it("Type, KeyId, Tier, DataType and tag filters; filters AND, values OR", async () => {
    assert.deepEqual(await described({ ParameterFilters: [{ Key: "Type", Values: ["SecureString"] }] }), ["/app/prod/db/password"]);
    assert.deepEqual(await described({ ParameterFilters: [{ Key: "KeyId", Values: ["alias/aws/ssm"] }] }), ["/app/prod/db/password"]);
    assert.equal((await described({ ParameterFilters: [{ Key: "Tier", Values: ["Standard"] }] })).length, 11);
    assert.equal((await described({ ParameterFilters: [{ Key: "DataType", Values: ["text"] }] })).length, 11);
    assert.deepEqual(await described({ ParameterFilters: [{ Key: "tag:team" }] }), ["/app/prod/db/host", "/app/prod/flag"]);
    assert.deepEqual(await described({ ParameterFilters: [{ Key: "tag:team", Option: "BeginsWith", Values: ["plat"] }] }), ["/app/prod/flag"]);
    assert.deepEqual(
      await described({ ParameterFilters: [{ Key: "Path", Option: "Recursive", Values: ["/app"] }, { Key: "Type", Values: ["String", "StringList"] }, { Key: "Name", Option: "BeginsWith", Values: ["/app/prod/api"] }] }),
      ["/app/prod/api/endpoint", "/app/prod/api/regions"],
    );
  });
  it("legacy Filters", async () => {
    assert.deepEqual(await described({ Filters: [{ Key: "Name", Values: ["root"] }] }), ["root-a"]);
    assert.deepEqual(await described({ Filters: [{ Key: "Type", Values: ["StringList"] }] }), ["/app/prod/api/regions"]);
  });
  it("metadata has no value, and Policies is an empty list", async () => {
    const r = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "Name", Values: ["/app/prod/db/password"] }] }));
    const m = r.Parameters?.[0] as Record<string, unknown> | undefined;
    assert.ok(m);
    assert.equal("Value" in m, false);
    assert.deepEqual(m["Policies"], []);
    assert.equal(m["KeyId"], "alias/aws/ssm");
  });
  it("errors (ssm.md §7)", async () => {
    await rejectsWith(
      ssm.send(new DescribeParametersCommand({ Filters: [{ Key: "Name", Values: ["a"] }], ParameterFilters: [{ Key: "Name", Values: ["a"] }] })),
      "ValidationException",
      "You can use either Filters or ParameterFilters in a single request.",
    );
    await rejectsWith(ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "Label", Values: ["a"] }] })), "InvalidFilterKey", "The following filter key is not valid: Label. Valid filter keys include: [Path, Name, Type, KeyId, Tier].");
    await rejectsWith(ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "Name" }] })), "InvalidFilterValue", "The following filter values are missing : null for filter key Name.");
    await rejectsWith(
      ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "Tier", Values: ["Standard"] }, { Key: "Tier", Values: ["Advanced"] }] })),
      "InvalidFilterKey",
      "The following filter is duplicated in the request: Tier. A request can contain only one occurrence of a specific filter.",
    );
    await rejectsWith(ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "Type", Values: ["test"] }] })), "InvalidFilterValue", "The following filter value is not valid: test. Valid values include: [String, StringList, SecureString].");
    await rejectsWith(ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "Tier", Values: ["test"] }] })), "InvalidFilterValue", "The following filter value is not valid: test. Valid values include: [Standard, Advanced, Intelligent-Tiering].");
    await rejectsWith(ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "Type", Option: "Contains", Values: ["String"] }] })), "InvalidFilterOption", "The following filter option is not valid: Contains. Valid options include: [BeginsWith, Equals].");
    await rejectsWith(ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "Path", Option: "Deep", Values: ["/a"] }] })), "InvalidFilterOption", "The following filter option is not valid: Deep. Valid options include: [Recursive, OneLevel].");
    await rejectsWith(
      ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "Path", Values: ["/aws/x"] }] })),
      "ValidationException",
      `Filters for common parameters can't be prefixed with "aws" or "ssm" (case-insensitive). When using global parameters, please specify within a global namespace.`,
    );
    await rejectsWith(ssm.send(new DescribeParametersCommand({ NextToken: "x1" })), "InvalidNextToken", "The specified token isn't valid.");
  });
  it("Shared=true lists nothing: no parameters are shared with this account", async () => {
    assert.deepEqual((await ssm.send(new DescribeParametersCommand({ Shared: true }))).Parameters, []);
  });
});
