// Versions, labels and history (ssm.md §6.1 100-version rule, §6.6, §6.8, §6.9).
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import {
  GetParameterCommand,
  GetParameterHistoryCommand,
  LabelParameterVersionCommand,
  UnlabelParameterVersionCommand,
  type ParameterHistory,
  type SSMClient,
} from "@aws-sdk/client-ssm";
import { ssmClient } from "../helpers/clients.js";
import { ACCOUNT_ID } from "../helpers/server.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { rejectsWith } from "../helpers/assertions.js";
import { put } from "./ssm-support.js";

let ssm: SSMClient;
serverPerFile((server) => {
  ssm = ssmClient(server);
}, {}, { cleanup: () => ssm?.destroy() });

const label = (Name: string, Labels: string[], ParameterVersion?: number) => ssm.send(new LabelParameterVersionCommand({ Name, Labels, ParameterVersion }));
const unlabel = (Name: string, Labels: string[], ParameterVersion: number) => ssm.send(new UnlabelParameterVersionCommand({ Name, Labels, ParameterVersion }));
const get = (Name: string) => ssm.send(new GetParameterCommand({ Name }));

async function history(Name: string, MaxResults?: number): Promise<{ items: ParameterHistory[]; tokens: string[] }> {
  const items: ParameterHistory[] = [];
  const tokens: string[] = [];
  let NextToken: string | undefined;
  do {
    const r = await ssm.send(new GetParameterHistoryCommand({ Name, MaxResults, NextToken }));
    items.push(...(r.Parameters ?? []));
    NextToken = r.NextToken;
    if (NextToken) tokens.push(NextToken);
  } while (NextToken);
  return { items, tokens };
}

async function makeVersions(Name: string, n: number): Promise<void> {
  for (let i = 1; i <= n; i++) await put(ssm, { Name, Value: `v${i}`, Type: "String", Overwrite: i > 1 });
}

describe("labels", () => {
  before(() => makeVersions("/lbl/p", 3));

  it("labels the latest version by default and moves a label between versions", async () => {
    assert.deepEqual(await label("/lbl/p", ["stable"]).then((r) => [r.ParameterVersion, r.InvalidLabels]), [3, []]);
    assert.equal((await get("/lbl/p:stable")).Parameter?.Value, "v3");
    await label("/lbl/p", ["stable"], 1);
    const p = (await get("/lbl/p:stable")).Parameter;
    assert.equal(p?.Value, "v1");
    assert.equal(p?.Selector, ":stable");
    const { items } = await history("/lbl/p");
    assert.deepEqual(items.map((h) => h.Labels), [["stable"], [], []]);
  });

  it("invalid labels are reported, valid ones applied; re-applying is a no-op", async () => {
    const r = await label("/lbl/p", ["1st", "aws-x", "SSMx", "bad label", "ok.label-1", "stable"], 1);
    assert.deepEqual(r.InvalidLabels, ["1st", "aws-x", "SSMx", "bad label"]);
    assert.equal(r.ParameterVersion, 1);
    const { items } = await history("/lbl/p");
    assert.deepEqual(items[0]?.Labels, ["ok.label-1", "stable"]);
  });

  it("a label over 100 characters is a validation error", async () => {
    const long = "l".repeat(101);
    await rejectsWith(
      label("/lbl/p", [long]),
      "ValidationException",
      `1 validation error detected: Value '[${long}]' at 'labels' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 100, Member must have length greater than or equal to 1]`,
    );
  });

  it("at most 10 labels per version, and a refused call attaches none", async () => {
    await label("/lbl/p", ["a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8"], 2);
    await rejectsWith(
      label("/lbl/p", ["b1", "b2", "b3"], 2),
      "ParameterVersionLabelLimitExceeded",
      "An error occurred (ParameterVersionLabelLimitExceeded) when calling the LabelParameterVersion operation: A parameter version can have maximum 10 labels.Move one or more labels to another version and try again.",
    );
    const { items } = await history("/lbl/p");
    assert.equal(items[1]?.Labels?.length, 8);
    await label("/lbl/p", ["b1", "b2"], 2);
    assert.equal((await history("/lbl/p")).items[1]?.Labels?.length, 10);
  });

  it("unknown parameter or version", async () => {
    await rejectsWith(label("/lbl/none", ["x"]), "ParameterNotFound", "Parameter /lbl/none not found.");
    await rejectsWith(label("/lbl/p", ["x"], 5), "ParameterVersionNotFound", "Systems Manager could not find version 5 of /lbl/p. Verify the version and try again.");
    await rejectsWith(unlabel("/lbl/p", ["x"], 9), "ParameterVersionNotFound", "Systems Manager could not find version 9 of /lbl/p. Verify the version and try again.");
  });

  it("unlabel removes attached labels and reports the others", async () => {
    const r = await unlabel("/lbl/p", ["stable", "a1", "nope"], 1);
    assert.deepEqual(r.RemovedLabels, ["stable"]);
    assert.deepEqual(r.InvalidLabels, ["a1", "nope"]);
    await rejectsWith(get("/lbl/p:stable"), "ParameterNotFound", "Parameter /lbl/p:stable not found.");
  });

  it("labels create no version and keep LastModifiedDate", async () => {
    const before = (await get("/lbl/p")).Parameter;
    await label("/lbl/p", ["later"]);
    const after = (await get("/lbl/p")).Parameter;
    assert.equal(after?.Version, before?.Version);
    assert.equal(after?.LastModifiedDate?.getTime(), before?.LastModifiedDate?.getTime());
  });
});

describe("GetParameterHistory", () => {
  it("oldest first, with per-version metadata, user and empty Labels", async () => {
    await put(ssm, { Name: "/hist/a", Value: "one", Type: "String", Description: "first" });
    await put(ssm, { Name: "/hist/a", Value: "two", Overwrite: true, Description: "second" });
    const { items } = await history("/hist/a");
    assert.deepEqual(items.map((h) => [h.Version, h.Value, h.Description, h.Labels, h.Tier, h.Policies, h.DataType, h.Type, h.Name]), [
      [1, "one", "first", [], "Standard", [], "text", "String", "/hist/a"],
      [2, "two", "second", [], "Standard", [], "text", "String", "/hist/a"],
    ]);
    assert.equal(items[0]?.LastModifiedUser, `arn:aws:iam::${ACCOUNT_ID}:root`);
  });

  it("pages with decimal offsets, never repeating a token", async () => {
    await makeVersions("/hist/paged", 7);
    const { items, tokens } = await history("/hist/paged", 3);
    assert.deepEqual(items.map((h) => h.Version), [1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual(tokens, ["3", "6"]);
  });

  it("errors: unknown name, bad token, MaxResults over 50", async () => {
    await rejectsWith(ssm.send(new GetParameterHistoryCommand({ Name: "/hist/none" })), "ParameterNotFound", "Parameter /hist/none not found.");
    await rejectsWith(ssm.send(new GetParameterHistoryCommand({ Name: "/hist/a", NextToken: "garbage" })), "InvalidNextToken", "The specified token isn't valid.");
    await rejectsWith(
      ssm.send(new GetParameterHistoryCommand({ Name: "/hist/a", MaxResults: 51 })),
      "ValidationException",
      "1 validation error detected: Value '51' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50.",
    );
  });
});

describe("100 versions (ssm.md §6.1)", () => {
  it("drops the oldest unlabelled version when the 101st is written", async () => {
    await makeVersions("/max/free", 101);
    const { items } = await history("/max/free", 50);
    assert.equal(items.length, 100);
    assert.equal(items[0]?.Version, 2);
    assert.equal(items[99]?.Version, 101);
    await rejectsWith(get("/max/free:1"), "ParameterVersionNotFound", "Systems Manager could not find version 1 of /max/free. Verify the version and try again.");
  });

  it("refuses the 101st version while the oldest carries a label, and accepts it once the label moves", async () => {
    await makeVersions("/max/held", 100);
    await label("/max/held", ["keep"], 1);
    await rejectsWith(
      put(ssm, { Name: "/max/held", Value: "v101", Overwrite: true }),
      "ParameterMaxVersionLimitExceeded",
      "You attempted to create a new version of /max/held by calling the PutParameter API with the overwrite flag. Version 1, the oldest version, can't be deleted because it has a label associated with it. Move the label to another version of the parameter, and try again.",
    );
    assert.equal((await get("/max/held")).Parameter?.Version, 100);
    await label("/max/held", ["keep"], 2);
    assert.equal((await put(ssm, { Name: "/max/held", Value: "v101", Overwrite: true })).Version, 101);
    assert.equal((await get("/max/held:keep")).Parameter?.Value, "v2");
  });
});
