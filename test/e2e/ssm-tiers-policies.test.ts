// Tiers, the default-tier service setting, parameter policies and the expiration job (ssm.md §4, §5, §12), and tags (§6.10).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  AddTagsToResourceCommand,
  DeleteParametersCommand,
  DescribeParametersCommand,
  GetParameterCommand,
  GetParameterHistoryCommand,
  GetServiceSettingCommand,
  ListTagsForResourceCommand,
  RemoveTagsFromResourceCommand,
  ResetServiceSettingCommand,
  UpdateServiceSettingCommand,
  type ResourceTypeForTagging,
  type SSMClient,
} from "@aws-sdk/client-ssm";
import { ssmClient } from "../helpers/clients.js";
import { ACCOUNT_ID, REGION, type TestServer } from "../helpers/server.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { rejectsWith, waitUntil } from "../helpers/assertions.js";
import { put } from "./ssm-support.js";

const TIER_SETTING = "/ssm/parameter-store/default-parameter-tier";
const expiration = (ms: number): string => JSON.stringify({ Type: "Expiration", Version: "1.0", Attributes: { Timestamp: new Date(ms).toISOString() } });
const noChange = (n: string): string => JSON.stringify({ Type: "NoChangeNotification", Version: "1.0", Attributes: { After: n, Unit: "Days" } });

let server: TestServer;
let ssm: SSMClient;
// A fast policy job so the expiration test waits ~1 s, not the production 30 s.
serverPerFile((started) => {
  server = started;
  ssm = ssmClient(server);
}, { env: { PARAMSTORE_SSM_POLICY_INTERVAL_MS: "200", PARAMSTORE_SSM_MAX_STANDARD_PARAMETERS: "25" } }, { cleanup: () => ssm?.destroy() });

const describeOne = async (name: string) => (await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "Name", Values: [name] }] }))).Parameters?.[0];

describe("tiers", () => {
  it("Standard → Advanced upgrade is allowed; downgrade is refused", async () => {
    await put(ssm, { Name: "/tier/a", Value: "x", Type: "String" });
    assert.equal((await put(ssm, { Name: "/tier/a", Value: "x", Overwrite: true, Tier: "Advanced" })).Tier, "Advanced");
    await rejectsWith(
      put(ssm, { Name: "/tier/a", Value: "x", Overwrite: true, Tier: "Standard" }),
      "ValidationException",
      "This parameter uses the advanced-parameter tier. You can't downgrade a parameter from the advanced-parameter tier to the standard-parameter tier. If necessary, you can delete the advanced parameter and recreate it as a standard parameter. Be aware that standard parameters have a value limit of 4096 characters.",
    );
    assert.equal((await put(ssm, { Name: "/tier/a", Value: "y", Overwrite: true })).Tier, "Advanced");
    assert.equal((await describeOne("/tier/a"))?.Tier, "Advanced");
  });
  it("Intelligent-Tiering resolves to Standard or Advanced and reads back resolved", async () => {
    assert.equal((await put(ssm, { Name: "/tier/i-small", Value: "x", Type: "String", Tier: "Intelligent-Tiering" })).Tier, "Standard");
    assert.equal((await put(ssm, { Name: "/tier/i-big", Value: "x".repeat(5000), Type: "String", Tier: "Intelligent-Tiering" })).Tier, "Advanced");
    assert.equal((await describeOne("/tier/i-big"))?.Tier, "Advanced");
  });
  it("the Standard quota: ParameterLimitExceeded, unless Intelligent-Tiering takes Advanced", async () => {
    let i = 0;
    for (;;) {
      try {
        await put(ssm, { Name: `/quota/p${i++}`, Value: "x", Type: "String", Tier: "Standard" });
      } catch (e) {
        assert.equal((e as Error).name, "ParameterLimitExceeded");
        break;
      }
      assert.ok(i <= 25, "the quota of 25 was not enforced");
    }
    await rejectsWith(
      put(ssm, { Name: "/quota/over", Value: "x", Type: "String" }),
      "ParameterLimitExceeded",
      "You have reached the maximum number of standard parameters for this AWS account and Region (25). To add more parameters, either delete existing parameters or upgrade to the advanced-parameter tier (charges apply).",
    );
    assert.equal((await put(ssm, { Name: "/quota/smart", Value: "x", Type: "String", Tier: "Intelligent-Tiering" })).Tier, "Advanced");
    await rejectsWith(put(ssm, { Name: "/pol/std-full", Value: "x", Type: "String", Policies: `[${noChange("1")}]` }), "ValidationException", /only for the advanced-parameter tier/);
    // Free the quota again for the tests below.
    const names = Array.from({ length: i }, (_, n) => `/quota/p${n}`);
    for (let n = 0; n < names.length; n += 10) await ssm.send(new DeleteParametersCommand({ Names: names.slice(n, n + 10) }));
    assert.equal((await put(ssm, { Name: "/quota/after", Value: "x", Type: "String" })).Tier, "Standard");
  });
});

describe("service settings", () => {
  it("default-parameter-tier: Default, then Customized, then reset", async () => {
    const arn = `arn:aws:ssm:${REGION}:${ACCOUNT_ID}:servicesetting${TIER_SETTING}`;
    const initial = (await ssm.send(new GetServiceSettingCommand({ SettingId: TIER_SETTING }))).ServiceSetting;
    assert.deepEqual([initial?.SettingId, initial?.SettingValue, initial?.Status, initial?.LastModifiedUser, initial?.ARN], [TIER_SETTING, "Standard", "Default", "System", arn]);
    await ssm.send(new UpdateServiceSettingCommand({ SettingId: arn, SettingValue: "Advanced" }));
    const changed = (await ssm.send(new GetServiceSettingCommand({ SettingId: TIER_SETTING }))).ServiceSetting;
    assert.deepEqual([changed?.SettingValue, changed?.Status, changed?.LastModifiedUser], ["Advanced", "Customized", `arn:aws:iam::${ACCOUNT_ID}:root`]);
    assert.equal((await put(ssm, { Name: "/setting/new", Value: "x", Type: "String" })).Tier, "Advanced");
    const reset = (await ssm.send(new ResetServiceSettingCommand({ SettingId: TIER_SETTING }))).ServiceSetting;
    assert.deepEqual([reset?.SettingValue, reset?.Status], ["Standard", "Default"]);
    await rejectsWith(ssm.send(new UpdateServiceSettingCommand({ SettingId: TIER_SETTING, SettingValue: "Gold" })), "ValidationException", /not valid for the setting/);
    await rejectsWith(ssm.send(new GetServiceSettingCommand({ SettingId: "/ssm/unknown" })), "ServiceSettingNotFound", /wasn't found/);
  });
});

describe("parameter policies", () => {
  it("are stored and read back as PolicyText / PolicyType / PolicyStatus", async () => {
    const policies = `[${expiration(Date.now() + 86_400_000)},${noChange("20")}]`;
    await put(ssm, { Name: "/pol/a", Value: "x", Type: "String", Tier: "Advanced", Policies: policies });
    const m = await describeOne("/pol/a");
    assert.deepEqual(m?.Policies?.map((p) => [p.PolicyType, p.PolicyStatus]), [["Expiration", "Pending"], ["NoChangeNotification", "Pending"]]);
    assert.deepEqual(m?.Policies?.map((p) => JSON.parse(p.PolicyText ?? "")), JSON.parse(policies));
    const h = await ssm.send(new GetParameterHistoryCommand({ Name: "/pol/a" }));
    assert.equal(h.Parameters?.[0]?.Policies?.length, 2);
  });
  it("an overwrite without Policies keeps them; [] removes them", async () => {
    await put(ssm, { Name: "/pol/a", Value: "y", Overwrite: true });
    assert.equal((await describeOne("/pol/a"))?.Policies?.length, 2);
    await put(ssm, { Name: "/pol/a", Value: "z", Overwrite: true, Policies: "[]" });
    assert.deepEqual((await describeOne("/pol/a"))?.Policies, []);
  });
  it("policies need Advanced (Intelligent-Tiering picks it)", async () => {
    await rejectsWith(put(ssm, { Name: "/pol/std", Value: "x", Type: "String", Policies: `[${noChange("1")}]` }), "ValidationException", /only for the advanced-parameter tier/);
    assert.equal((await put(ssm, { Name: "/pol/smart", Value: "x", Type: "String", Tier: "Intelligent-Tiering", Policies: `[${noChange("1")}]` })).Tier, "Advanced");
  });
  it("invalid policies are refused with their own errors", async () => {
    const bad: Array<[string, string, string]> = [
      ["[{\"Type\":\"Delete\",\"Version\":\"1.0\",\"Attributes\":{}}]", "InvalidPolicyTypeException", "The policy type isn't supported. Parameter Store supports the following policy types: Expiration, ExpirationNotification, and NoChangeNotification."],
      [`[${expiration(Date.now() - 60_000)}]`, "InvalidPolicyAttributeException", "A policy attribute or its value is invalid."],
      [`[${expiration(Date.now() + 60_000)},${expiration(Date.now() + 120_000)}]`, "IncompatiblePolicyException", "There is a conflict in the policies specified for this parameter. You can't, for example, specify two Expiration policies for a parameter. Review your policies, and try again."],
      [`[${Array.from({ length: 11 }, () => noChange("1")).join(",")}]`, "PoliciesLimitExceededException", "You specified more than the maximum number of allowed policies for the parameter. The maximum is 10."],
    ];
    for (const [Policies, code, message] of bad) {
      await rejectsWith(put(ssm, { Name: "/pol/bad", Value: "x", Type: "String", Tier: "Advanced", Policies }), code, message);
    }
    await rejectsWith(ssm.send(new GetParameterCommand({ Name: "/pol/bad" })), "ParameterNotFound", "Parameter /pol/bad not found.");
  });
  it("an Expiration policy deletes the parameter when its time comes", async () => {
    await put(ssm, { Name: "/pol/expiring", Value: "x", Type: "String", Tier: "Advanced", Policies: `[${expiration(Date.now() + 1500)}]` });
    assert.equal((await ssm.send(new GetParameterCommand({ Name: "/pol/expiring" }))).Parameter?.Value, "x");
    await waitUntil(
      () => ssm.send(new GetParameterCommand({ Name: "/pol/expiring" })).then(() => false, (e: Error) => e.name === "ParameterNotFound"),
      10_000,
      "the expired parameter to be deleted",
    );
    assert.match(server.log(), /parameter deleted by its Expiration policy/);
  });
});

describe("tags", () => {
  const tags = (ResourceId: string) => ssm.send(new ListTagsForResourceCommand({ ResourceType: "Parameter", ResourceId })).then((r) => r.TagList);
  it("created with the parameter, added, overwritten, removed; either root spelling", async () => {
    await put(ssm, { Name: "/tagme", Value: "x", Type: "String", Tags: [{ Key: "env", Value: "prod" }] });
    await ssm.send(new AddTagsToResourceCommand({ ResourceType: "Parameter", ResourceId: "tagme", Tags: [{ Key: "team", Value: "a" }, { Key: "env", Value: "dev" }] }));
    assert.deepEqual(await tags("/tagme"), [{ Key: "env", Value: "dev" }, { Key: "team", Value: "a" }]);
    await ssm.send(new RemoveTagsFromResourceCommand({ ResourceType: "Parameter", ResourceId: "/tagme", TagKeys: ["env", "absent"] }));
    assert.deepEqual(await tags("tagme"), [{ Key: "team", Value: "a" }]);
    assert.equal((await ssm.send(new GetParameterCommand({ Name: "/tagme" }))).Parameter?.Version, 1);
  });
  it("unknown resources and types", async () => {
    await rejectsWith(tags("/nope"), "InvalidResourceId", "Invalid Resource Id");
    await rejectsWith(ssm.send(new ListTagsForResourceCommand({ ResourceType: "Document", ResourceId: "doc" })), "InvalidResourceId", "Invalid Resource Id");
    await rejectsWith(ssm.send(new ListTagsForResourceCommand({ ResourceType: "Association", ResourceId: "x" })), "InvalidResourceType", "Invalid Resource Type");
    await rejectsWith(ssm.send(new ListTagsForResourceCommand({ ResourceType: "Bogus" as ResourceTypeForTagging, ResourceId: "x" })), "ValidationException", /enum value set/);
  });
  it("at most 50 tags; aws: keys are reserved; a refused call adds nothing", async () => {
    await put(ssm, { Name: "/many-tags", Value: "x", Type: "String" });
    const fifty = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: "v" }));
    await ssm.send(new AddTagsToResourceCommand({ ResourceType: "Parameter", ResourceId: "/many-tags", Tags: fifty }));
    await rejectsWith(ssm.send(new AddTagsToResourceCommand({ ResourceType: "Parameter", ResourceId: "/many-tags", Tags: [{ Key: "one-more", Value: "v" }] })), "TooManyTagsError", /50 tags/);
    await rejectsWith(ssm.send(new AddTagsToResourceCommand({ ResourceType: "Parameter", ResourceId: "/tagme", Tags: [{ Key: "aws:owner", Value: "v" }] })), "ValidationException", /reserved for AWS use/);
    assert.equal((await tags("/many-tags"))?.length, 50);
    assert.deepEqual(await tags("/tagme"), [{ Key: "team", Value: "a" }]);
  });
});
