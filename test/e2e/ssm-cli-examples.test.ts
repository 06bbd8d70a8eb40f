// Replays the AWS CLI's documented Parameter Store examples (awscli/examples/ssm/*.rst) through the real SDK
// and pins the documented response shapes: members present/absent, empty lists, selectors, ordering.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import {
  AddTagsToResourceCommand,
  DeleteParameterCommand,
  DeleteParametersCommand,
  DescribeParametersCommand,
  GetParameterCommand,
  GetParameterHistoryCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  LabelParameterVersionCommand,
  ListTagsForResourceCommand,
  RemoveTagsFromResourceCommand,
  UnlabelParameterVersionCommand,
  type PutParameterCommandInput,
  type SSMClient,
} from "@aws-sdk/client-ssm";
import { ssmClient } from "../helpers/clients.js";
import { ACCOUNT_ID, REGION } from "../helpers/server.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { put } from "./ssm-support.js";

const arn = (name: string): string => `arn:aws:ssm:${REGION}:${ACCOUNT_ID}:parameter/${name.replace(/^\//, "")}`;
const ROOT_ARN = `arn:aws:iam::${ACCOUNT_ID}:root`;
const POLICIES = [
  { Type: "Expiration", Version: "1.0", Attributes: { Timestamp: "2099-07-07T22:30:00Z" } },
  { Type: "ExpirationNotification", Version: "1.0", Attributes: { Before: "12", Unit: "Hours" } },
];

let ssm: SSMClient;
serverPerFile((server) => {
  ssm = ssmClient(server);
}, {}, { cleanup: () => ssm?.destroy() });

/** The response without the SDK's $metadata. */
const body = <T extends { $metadata?: unknown }>(r: T): Omit<T, "$metadata"> => {
  const { $metadata: _m, ...rest } = r;
  return rest;
};
/** Drops LastModifiedDate (data, not shape) after checking it is a date. */
const undated = <T extends { LastModifiedDate?: Date }>(o: T): Omit<T, "LastModifiedDate"> => {
  const { LastModifiedDate, ...rest } = o;
  assert.ok(LastModifiedDate instanceof Date);
  return rest;
};
const versionTier = async (input: PutParameterCommandInput) => body(await put(ssm, input));

describe("AWS CLI examples: put-parameter", () => {
  it("answers Version and Tier for a change, an advanced create, a conversion and policies (put-parameter.rst 1-5)", async () => {
    await put(ssm, { Name: "PutStr", Type: "String", Value: "Veni" });
    assert.deepEqual(await versionTier({ Name: "PutStr", Type: "String", Value: "Vici", Overwrite: true }), { Version: 2, Tier: "Standard" });
    assert.deepEqual(await versionTier({ Name: "PutAdv", Description: "This is an advanced parameter", Value: "Lorem ipsum", Type: "String", Tier: "Advanced" }), { Version: 1, Tier: "Advanced" });
    await put(ssm, { Name: "PutConv", Type: "String", Value: "abc" });
    assert.deepEqual(await versionTier({ Name: "PutConv", Value: "abc123", Type: "String", Tier: "Advanced", Overwrite: true }), { Version: 2, Tier: "Advanced" });
    const Policies = JSON.stringify(POLICIES);
    const q2 = { Name: "/Finance/Payroll/q2accesskey", Type: "SecureString", Tier: "Advanced", Policies } as const;
    assert.deepEqual(await versionTier({ ...q2, Value: "P@sSwW)rd" }), { Version: 1, Tier: "Advanced" });
    assert.deepEqual(await versionTier({ ...q2, Value: "N3wP@sSwW)rd", Overwrite: true }), { Version: 2, Tier: "Advanced" });
  });
});

describe("AWS CLI examples: reads", () => {
  before(async () => {
    await put(ssm, { Name: "MyStringParameter", Type: "String", Value: "Veni", Description: "This is a String parameter" });
    await put(ssm, { Name: "MyStringParameter", Type: "String", Value: "Vici", Overwrite: true, Description: "This is the second version" });
    await put(ssm, { Name: "MyStringListParameter", Type: "StringList", Value: "alpha,beta,gamma", Description: "This is a StringList parameter" });
    await put(ssm, { Name: "MySecureStringParameter", Type: "SecureString", Value: "16679b88-310b-4895-a943-e0764EXAMPLE", Description: "This is a SecureString parameter", Tier: "Advanced", Policies: JSON.stringify(POLICIES) });
    await put(ssm, { Name: "latestAmi", Type: "String", Value: "ami-0123456789abcdef0" });
    await ssm.send(new LabelParameterVersionCommand({ Name: "MyStringParameter", Labels: ["label"], ParameterVersion: 2 }));
  });

  it("get-parameter shows Name, Type, Value, Version, date, ARN and DataType, decrypting on request (get-parameter.rst 1-2)", async () => {
    const p = (await ssm.send(new GetParameterCommand({ Name: "MyStringParameter" }))).Parameter!;
    assert.deepEqual(undated(p), { Name: "MyStringParameter", Type: "String", Value: "Vici", Version: 2, ARN: arn("MyStringParameter"), DataType: "text" });
    const s = (await ssm.send(new GetParameterCommand({ Name: "MySecureStringParameter", WithDecryption: true }))).Parameter!;
    assert.equal(s.Value, "16679b88-310b-4895-a943-e0764EXAMPLE");
    assert.equal(s.Type, "SecureString");
  });

  it("get-parameter by label or version answers the bare Name and the Selector (get-parameter.rst 3-4)", async () => {
    for (const sel of [":label", ":2"]) {
      const p = (await ssm.send(new GetParameterCommand({ Name: `MyStringParameter${sel}` }))).Parameter!;
      assert.deepEqual(undated(p), { Name: "MyStringParameter", Type: "String", Value: "Vici", Version: 2, Selector: sel, ARN: arn("MyStringParameter"), DataType: "text" });
    }
  });

  it("get-parameters lists found parameters alphabetically and unknown names in InvalidParameters (get-parameters.rst 1-3)", async () => {
    const r = await ssm.send(new GetParametersCommand({ Names: ["MyStringParameter", "MyStringListParameter", "MyInvalidParameterName"] }));
    assert.deepEqual(r.Parameters?.map((p) => [p.Name, p.Value]), [["MyStringListParameter", "alpha,beta,gamma"], ["MyStringParameter", "Vici"]]);
    assert.deepEqual(r.InvalidParameters, ["MyInvalidParameterName"]);
    const sel = await ssm.send(new GetParametersCommand({ Names: ["MyStringParameter:label", "MyStringListParameter:1"] }));
    assert.deepEqual(sel.Parameters?.map((p) => [p.Name, p.Selector, p.Version]), [["MyStringListParameter", ":1", 1], ["MyStringParameter", ":label", 2]]);
    assert.deepEqual(sel.InvalidParameters, []);
  });

  it("describe-parameters shows metadata without Value, KeyId only for SecureString, Policies always (describe-parameters.rst 1)", async () => {
    const r = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "Name", Values: ["MySecureStringParameter", "latestAmi"] }] }));
    assert.deepEqual(r.Parameters?.map(undated), [
      {
        Name: "MySecureStringParameter", ARN: arn("MySecureStringParameter"), Type: "SecureString", KeyId: "alias/aws/ssm",
        LastModifiedUser: ROOT_ARN, Description: "This is a SecureString parameter", Version: 1, Tier: "Advanced", DataType: "text",
        Policies: POLICIES.map((p) => ({ PolicyText: JSON.stringify(p), PolicyType: p.Type, PolicyStatus: "Pending" })),
      },
      { Name: "latestAmi", ARN: arn("latestAmi"), Type: "String", LastModifiedUser: ROOT_ARN, Version: 1, Tier: "Standard", Policies: [], DataType: "text" },
    ]);
  });

  it("describe-parameters with the legacy Type filter returns only that type (describe-parameters.rst 2)", async () => {
    const r = await ssm.send(new DescribeParametersCommand({ Filters: [{ Key: "Type", Values: ["StringList"] }] }));
    assert.deepEqual(r.Parameters?.map((p) => [p.Name, p.Description, p.Policies]), [["MyStringListParameter", "This is a StringList parameter", []]]);
  });

  it("get-parameter-history lists versions oldest first, each with its own Description and an empty Labels list (get-parameter-history.rst)", async () => {
    const r = await ssm.send(new GetParameterHistoryCommand({ Name: "MyStringParameter" }));
    assert.deepEqual(r.Parameters?.map(undated), [
      { Name: "MyStringParameter", Type: "String", LastModifiedUser: ROOT_ARN, Description: "This is a String parameter", Value: "Veni", Version: 1, Labels: [], Tier: "Standard", Policies: [], DataType: "text" },
      { Name: "MyStringParameter", Type: "String", LastModifiedUser: ROOT_ARN, Description: "This is the second version", Value: "Vici", Version: 2, Labels: ["label"], Tier: "Standard", Policies: [], DataType: "text" },
    ]);
  });

  it("get-parameters-by-path returns the children of the path, trailing slash ignored (get-parameters-by-path.rst)", async () => {
    for (const n of ["marketing", "infotech"]) await put(ssm, { Name: `/site/newyork/department/${n}`, Type: "String", Value: `Floor ${n}` });
    await put(ssm, { Name: "/site/newyork/department/it/deeper", Type: "String", Value: "no" });
    const r = await ssm.send(new GetParametersByPathCommand({ Path: "/site/newyork/department/" }));
    assert.deepEqual(r.Parameters?.map(undated).sort((a, b) => a.Name!.localeCompare(b.Name!)), ["infotech", "marketing"].map((n) => ({
      Name: `/site/newyork/department/${n}`, Type: "String", Value: `Floor ${n}`, Version: 1, ARN: arn(`/site/newyork/department/${n}`), DataType: "text",
    })));
  });
});

describe("AWS CLI examples: labels", () => {
  it("label-parameter-version labels the latest or a given version; unlabel reports removed labels (label/unlabel-parameter-version.rst)", async () => {
    for (const Value of ["v1", "v2", "v3"]) await put(ssm, { Name: "LabelMe", Type: "String", Value, Overwrite: Value !== "v1" });
    assert.deepEqual(body(await ssm.send(new LabelParameterVersionCommand({ Name: "LabelMe", Labels: ["ProductionReady"] }))), { InvalidLabels: [], ParameterVersion: 3 });
    assert.deepEqual(body(await ssm.send(new LabelParameterVersionCommand({ Name: "LabelMe", Labels: ["DevelopmentReady", "label_1", "label_2", "label_3"], ParameterVersion: 2 }))), { InvalidLabels: [], ParameterVersion: 2 });
    const r = await ssm.send(new UnlabelParameterVersionCommand({ Name: "LabelMe", ParameterVersion: 2, Labels: ["label_1", "label_2", "label_3"] }));
    assert.deepEqual(body(r), { RemovedLabels: ["label_1", "label_2", "label_3"], InvalidLabels: [] });
  });
});

describe("AWS CLI examples: deletes and tags", () => {
  it("delete-parameter answers nothing; delete-parameters splits deleted and invalid names (delete-parameter(s).rst)", async () => {
    await put(ssm, { Name: "MyParameter", Type: "String", Value: "x" });
    assert.deepEqual(body(await ssm.send(new DeleteParameterCommand({ Name: "MyParameter" }))), {});
    for (const Name of ["MyFirstParameter", "MySecondParameter"]) await put(ssm, { Name, Type: "String", Value: "x" });
    const r = await ssm.send(new DeleteParametersCommand({ Names: ["MyFirstParameter", "MySecondParameter", "MyInvalidParameterName"] }));
    assert.deepEqual(body(r), { DeletedParameters: ["MyFirstParameter", "MySecondParameter"], InvalidParameters: ["MyInvalidParameterName"] });
  });

  it("add/remove-tags answer nothing and list-tags-for-resource returns TagList sorted by key (add-tags-to-resource.rst 2, list/remove-tags)", async () => {
    await put(ssm, { Name: "My-Parameter", Type: "String", Value: "x" });
    const ref = { ResourceType: "Parameter", ResourceId: "My-Parameter" } as const;
    const added = await ssm.send(new AddTagsToResourceCommand({ ...ref, Tags: [{ Key: "Region", Value: "East" }, { Key: "Environment", Value: "Production" }] }));
    assert.deepEqual(body(added), {});
    assert.deepEqual(body(await ssm.send(new ListTagsForResourceCommand(ref))), { TagList: [{ Key: "Environment", Value: "Production" }, { Key: "Region", Value: "East" }] });
    assert.deepEqual(body(await ssm.send(new RemoveTagsFromResourceCommand({ ...ref, TagKeys: ["Region"] }))), {});
    assert.deepEqual((await ssm.send(new ListTagsForResourceCommand(ref))).TagList, [{ Key: "Environment", Value: "Production" }]);
  });
});
