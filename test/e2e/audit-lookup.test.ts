// CloudTrail LookupEvents over the audit trail (cloudtrail.md §5): every lookup attribute, inclusive time
// bounds, newest first, pagination bound to its query, and CloudTrail's own exceptions with exact texts.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LookupEventsCommand, type CloudTrailClient, type LookupAttributeKey, type LookupEventsCommandInput } from "@aws-sdk/client-cloudtrail";
import type { IAMClient } from "@aws-sdk/client-iam";
import { GetParameterCommand, PutParameterCommand, type SSMClient } from "@aws-sdk/client-ssm";
import { cloudtrailClient, iamClient, ssmClient, type Creds } from "../helpers/clients.js";
import { ACCOUNT_ID, REGION, type TestServer } from "../helpers/server.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { expectError, waitUntil } from "../helpers/assertions.js";
import { allow, deniedText, newUser, policy, userArn } from "./iam-support.js";
import { lookupAll, recordOf } from "./audit-support.js";

let server: TestServer;
let ct: CloudTrailClient;
let ssm: SSMClient;
let iam: IAMClient;
let auditee: Creds;
let userSsm: SSMClient;
let startedAt: Date;
const paramArn = (name: string): string => `arn:aws:ssm:${REGION}:${ACCOUNT_ID}:parameter${name}`;

serverPerFile(async (started) => {
  server = started;
  ct = cloudtrailClient(server);
  ssm = ssmClient(server);
  iam = iamClient(server);
  startedAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 1000);
  auditee = await newUser(iam, "auditee", { policy: policy(allow(["ssm:GetParameter", "ssm:PutParameter"], "*")) });
  userSsm = ssmClient(server, auditee);
  for (const n of ["one", "two", "three", "four", "five"]) await ssm.send(new PutParameterCommand({ Name: `/al/${n}`, Value: `v-${n}`, Type: "String" }));
  await userSsm.send(new GetParameterCommand({ Name: "/al/one" }));
  await userSsm.send(new PutParameterCommand({ Name: "/al/user", Value: "u", Type: "String" }));
  // Reads are group-committed: wait until the last one is visible.
  await waitUntil(async () => (await lookupAll(ct, { LookupAttributes: [{ AttributeKey: "Username", AttributeValue: "auditee" }] })).length >= 2 || undefined, 5000, "the user's events", 50);
}, {}, {
  cleanup: () => {
    ct?.destroy();
    ssm?.destroy();
    iam?.destroy();
    userSsm?.destroy();
  },
});

const by = (AttributeKey: LookupAttributeKey, AttributeValue: string): LookupEventsCommandInput => ({ LookupAttributes: [{ AttributeKey, AttributeValue }] });

describe("each lookup attribute matches exactly what it names", () => {
  it("EventName", async () => {
    const events = await lookupAll(ct, by("EventName", "PutParameter"));
    assert.equal(events.length, 6);
    assert.ok(events.every((e) => e.EventName === "PutParameter" && recordOf(e).eventName === "PutParameter"));
  });

  it("EventId: the one event", async () => {
    const [first] = await lookupAll(ct, by("EventName", "GetParameter"));
    const events = await lookupAll(ct, by("EventId", first?.EventId ?? ""));
    assert.deepEqual(events.map((e) => e.EventId), [first?.EventId]);
    assert.equal(recordOf(events[0] ?? {}).eventID, first?.EventId);
  });

  it("ReadOnly: the strings true / false; anything else matches nothing", async () => {
    const reads = await lookupAll(ct, by("ReadOnly", "true"));
    const writes = await lookupAll(ct, by("ReadOnly", "false"));
    assert.ok(reads.length > 0 && reads.every((e) => e.ReadOnly === "true" && recordOf(e).readOnly === true));
    assert.ok(writes.some((e) => e.EventName === "CreateUser") && writes.every((e) => e.ReadOnly === "false" && recordOf(e).readOnly === false));
    assert.deepEqual(await lookupAll(ct, by("ReadOnly", "TRUE")), []);
  });

  it("Username: the IAM user's name, root for the account", async () => {
    const mine = await lookupAll(ct, by("Username", "auditee"));
    assert.deepEqual(mine.map((e) => e.EventName).sort(), ["GetParameter", "PutParameter"]);
    assert.ok(mine.every((e) => e.Username === "auditee" && (recordOf(e).userIdentity as { arn: string }).arn === userArn("auditee")));
    const root = await lookupAll(ct, by("Username", "root"));
    assert.ok(root.length >= 8 && root.every((e) => e.Username === "root"));
    assert.deepEqual(await lookupAll(ct, by("Username", "Auditee")), [], "case-sensitive");
  });

  it("AccessKeyId", async () => {
    const events = await lookupAll(ct, by("AccessKeyId", auditee.accessKeyId));
    assert.equal(events.length, 2);
    assert.ok(events.every((e) => e.AccessKeyId === auditee.accessKeyId));
  });

  it("EventSource", async () => {
    const events = await lookupAll(ct, by("EventSource", "iam.amazonaws.com"));
    assert.deepEqual(events.map((e) => e.EventName).reverse(), ["CreateUser", "PutUserPolicy", "CreateAccessKey"]);
  });

  it("ResourceType: every event touching a resource of that type", async () => {
    const events = await lookupAll(ct, by("ResourceType", "AWS::SSM::Parameter"));
    assert.equal(events.length, 7);
    assert.ok(events.every((e) => e.Resources?.some((r) => r.ResourceType === "AWS::SSM::Parameter")));
    assert.deepEqual(await lookupAll(ct, by("ResourceType", "AWS::SSM")), [], "no prefix match");
  });

  it("ResourceName: by parameter name or ARN, never by a prefix of either", async () => {
    const byName = await lookupAll(ct, by("ResourceName", "/al/one"));
    assert.deepEqual(byName.map((e) => e.EventName), ["GetParameter", "PutParameter"]);
    assert.deepEqual(byName[0]?.Resources, [{ ResourceType: "AWS::SSM::Parameter", ResourceName: "/al/one" }]);
    assert.deepEqual((await lookupAll(ct, by("ResourceName", paramArn("/al/one")))).map((e) => e.EventId), byName.map((e) => e.EventId));
    assert.deepEqual(await lookupAll(ct, by("ResourceName", "/al/on")), []);
    assert.deepEqual(await lookupAll(ct, by("ResourceName", "/AL/ONE")), [], "case-sensitive");
    assert.deepEqual(await lookupAll(ct, by("ResourceName", "%")), [], "LIKE wildcards are literal");
  });
});

describe("order, time range, pagination", () => {
  it("newest first, each event with its record as a JSON string", async () => {
    const events = await lookupAll(ct, by("EventName", "PutParameter"));
    const times = events.map((e) => e.EventTime?.getTime() ?? 0);
    assert.deepEqual(times, [...times].sort((a, b) => b - a));
    assert.deepEqual(events.map((e) => (recordOf(e).requestParameters as { name: string }).name), ["/al/user", "/al/five", "/al/four", "/al/three", "/al/two", "/al/one"]);
    const r = recordOf(events[1] ?? {});
    assert.equal(events[1]?.EventTime?.getTime(), Date.parse(String(r.eventTime)));
    assert.equal(r.eventSource, events[1]?.EventSource);
  });

  it("StartTime/EndTime are inclusive; a range before everything is empty", async () => {
    const [newest] = await lookupAll(ct, by("EventName", "PutParameter"));
    const at = newest?.EventTime as Date;
    const exact = await lookupAll(ct, { ...by("EventName", "PutParameter"), StartTime: at, EndTime: at });
    assert.ok(exact.some((e) => e.EventId === newest?.EventId));
    assert.deepEqual(await lookupAll(ct, { EndTime: new Date(startedAt.getTime() - 60_000) }), []);
    assert.deepEqual(await lookupAll(ct, { StartTime: new Date(Date.now() + 3_600_000) }), []);
    const since = await lookupAll(ct, { StartTime: startedAt });
    assert.ok(since.length >= 12);
  });

  it("pages of MaxResults with a NextToken cover everything once, and the last page has no token", async () => {
    const all = await lookupAll(ct, by("EventName", "PutParameter"));
    const seen: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await ct.send(new LookupEventsCommand({ ...by("EventName", "PutParameter"), MaxResults: 4, NextToken }));
      assert.ok((page.Events ?? []).length <= 4);
      seen.push(...(page.Events ?? []).map((e) => e.EventId ?? ""));
      assert.notEqual(page.NextToken, NextToken, "tokens advance");
      NextToken = page.NextToken;
      pages += 1;
    } while (NextToken);
    assert.equal(pages, 2);
    assert.deepEqual(seen, all.map((e) => e.EventId));
  });

  it("EventCategory insight: no Insights events here", async () => {
    const out = await ct.send(new LookupEventsCommand({ EventCategory: "insight" }));
    assert.deepEqual(out.Events, []);
    assert.equal(out.NextToken, undefined);
  });
});

describe("CloudTrail's exceptions", () => {
  const send = (input: LookupEventsCommandInput): Promise<unknown> => ct.send(new LookupEventsCommand(input));
  const err = (name: string, message: string) => ({ name, message, status: 400 });

  it("more than one lookup attribute", () => expectError(send({ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "A" }, { AttributeKey: "Username", AttributeValue: "b" }] }),
    err("InvalidLookupAttributesException", "You can specify only one lookup attribute.")));
  it("an unknown attribute key", () => expectError(send({ LookupAttributes: [{ AttributeKey: "SourceIPAddress" as LookupAttributeKey, AttributeValue: "x" }] }),
    err("InvalidLookupAttributesException", "Lookup attribute key is not valid.")));
  it("an empty attribute value", () => expectError(send(by("EventName", "")), err("InvalidLookupAttributesException", "Lookup attribute value is not valid.")));
  it("a value over 2000 characters", () => expectError(send(by("EventName", "x".repeat(2001))), err("InvalidLookupAttributesException", "Lookup attribute value is not valid.")));
  it("StartTime after EndTime", () => expectError(send({ StartTime: new Date(2_000_000_000_000), EndTime: new Date(1_000_000_000_000) }),
    err("InvalidTimeRangeException", "The start time must be earlier than or equal to the end time.")));
  for (const n of [0, 51, -1]) {
    it(`MaxResults ${n}`, () => expectError(send({ MaxResults: n }), err("InvalidMaxResultsException", `A max results value of ${n} is invalid. Specify max results between 1 and 50.`)));
  }
  it("a NextToken that is not one", () => expectError(send({ NextToken: "bm90LWEtdG9rZW4" }),
    err("InvalidNextTokenException", "The NextToken is not valid. Pass the token with the same parameters as the request that returned it.")));
  it("a NextToken replayed with other parameters", async () => {
    const page = await ct.send(new LookupEventsCommand({ ...by("EventName", "PutParameter"), MaxResults: 1 }));
    assert.ok(page.NextToken);
    await expectError(send({ ...by("EventName", "GetParameter"), MaxResults: 1, NextToken: page.NextToken }),
      err("InvalidNextTokenException", "The NextToken is not valid. Pass the token with the same parameters as the request that returned it."));
  });
  it("an EventCategory other than insight", () => expectError(send({ EventCategory: "management" as "insight" }),
    err("InvalidEventCategoryException", "Event category management is not valid. The only valid event category is insight.")));

  it("failed lookups are themselves recorded, readOnly, with their error", async () => {
    await expectError(send({ MaxResults: 99 }), err("InvalidMaxResultsException", "A max results value of 99 is invalid. Specify max results between 1 and 50."));
    const rec = await waitUntil(async () => (await lookupAll(ct, by("EventName", "LookupEvents"))).map(recordOf)
      .find((r) => r.errorCode === "InvalidMaxResultsException" && (r.requestParameters as { maxResults?: number }).maxResults === 99), 5000, "the failed lookup", 50);
    assert.equal(rec.readOnly, true);
    assert.equal(rec.eventSource, "cloudtrail.amazonaws.com");
    assert.equal(rec.responseElements, null);
  });

  it("a caller without cloudtrail:LookupEvents is denied, and the denial recorded", async () => {
    const denied = cloudtrailClient(server, auditee);
    try {
      await expectError(denied.send(new LookupEventsCommand({})), {
        name: "AccessDeniedException", status: 400,
        message: deniedText(userArn("auditee"), "cloudtrail:LookupEvents", "*"),
      });
    } finally {
      denied.destroy();
    }
    const rec = await waitUntil(async () => (await lookupAll(ct, by("Username", "auditee"))).map(recordOf).find((r) => r.eventName === "LookupEvents"), 5000, "the denied lookup", 50);
    assert.equal(rec.errorCode, "AccessDenied");
    assert.equal(rec.errorMessage, deniedText(userArn("auditee"), "cloudtrail:LookupEvents", "*"));
  });

  it("events stay in their region: another region's lookup does not see them", async () => {
    const west = cloudtrailClient(server, undefined, "eu-west-1");
    try {
      const events = await lookupAll(west, by("EventName", "PutParameter"));
      assert.deepEqual(events, []);
    } finally {
      west.destroy();
    }
  });
});
