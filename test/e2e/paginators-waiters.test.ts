// The SDKs' paginate* helpers and IAM waiters against every paged operation family (protocol.md "Pagination"):
// a paged walk yields exactly the items of one big page, tokens advance, and tokens we did not issue are refused.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { DescribeParametersCommand, paginateDescribeParameters, paginateGetParameterHistory, paginateGetParametersByPath, type SSMClient } from "@aws-sdk/client-ssm";
import { CreateKeyCommand, ListKeysCommand, paginateListKeys, paginateListResourceTags, TagResourceCommand, type KMSClient } from "@aws-sdk/client-kms";
import { CreateSecretCommand, ListSecretsCommand, paginateListSecrets, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import {
  AddUserToGroupCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetGroupCommand,
  ListAccessKeysCommand,
  ListRolesCommand,
  ListUsersCommand,
  paginateGetGroup,
  paginateListUsers,
  waitUntilRoleExists,
  waitUntilUserExists,
  type IAMClient,
} from "@aws-sdk/client-iam";
import { LookupEventsCommand, paginateLookupEvents, type CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { cloudtrailClient, iamClient, kmsClient, secretsClient, ssmClient } from "../helpers/clients.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { rejectsWith, waitUntil } from "../helpers/assertions.js";
import { put } from "./ssm-support.js";

const N = 23;
const pad = (i: number): string => String(i).padStart(2, "0");
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

let ssm: SSMClient, kms: KMSClient, sm: SecretsManagerClient, iam: IAMClient, ct: CloudTrailClient;
serverPerFile((server) => {
  ssm = ssmClient(server);
  kms = kmsClient(server);
  sm = secretsClient(server);
  iam = iamClient(server);
  ct = cloudtrailClient(server);
}, {}, { cleanup: () => [ssm, kms, sm, iam, ct].forEach((c) => c?.destroy()) });

/** Every item of a paginate* walk, checking that no page exceeds its size and that tokens never repeat. */
async function walk<P, T>(pages: AsyncIterable<P>, items: (p: P) => T[] | undefined, token: (p: P) => string | undefined, size: number): Promise<T[]> {
  const all: T[] = [];
  const seen = new Set<string>();
  for await (const page of pages) {
    const got = items(page) ?? [];
    assert.ok(got.length <= size, `page of ${got.length} > ${size}`);
    all.push(...got);
    const next = token(page);
    if (next !== undefined) {
      assert.ok(!seen.has(next), "a token repeated");
      seen.add(next);
    }
  }
  return all;
}

describe("SSM paginators", () => {
  before(async () => {
    for (const i of range(N)) await put(ssm, { Name: `/pw/p${pad(i)}`, Value: "v", Type: "String" });
    for (const i of range(N)) await put(ssm, { Name: "/pw-hist", Value: `v${i}`, Type: "String", Overwrite: true });
  });

  it("DescribeParameters, GetParametersByPath and GetParameterHistory walk every item once at page sizes 1, 5 and the maximum", async () => {
    const names = range(N).map((i) => `/pw/p${pad(i)}`);
    const filters = [{ Key: "Name", Option: "BeginsWith", Values: ["/pw/"] }];
    for (const size of [1, 5, 50]) {
      const pages = paginateDescribeParameters({ client: ssm, pageSize: size }, { ParameterFilters: filters });
      assert.deepEqual((await walk(pages, (p) => p.Parameters, (p) => p.NextToken, size)).map((p) => p.Name), names);
    }
    for (const size of [1, 5, 10]) {
      const pages = paginateGetParametersByPath({ client: ssm, pageSize: size }, { Path: "/pw" });
      assert.deepEqual((await walk(pages, (p) => p.Parameters, (p) => p.NextToken, size)).map((p) => p.Name), names);
    }
    for (const size of [1, 5, 50]) {
      const pages = paginateGetParameterHistory({ client: ssm, pageSize: size }, { Name: "/pw-hist" });
      assert.deepEqual((await walk(pages, (p) => p.Parameters, (p) => p.NextToken, size)).map((p) => p.Version), range(N).map((i) => i + 1));
    }
  });

  it("refuses a page size above the model's maximum and a token it did not issue", async () => {
    await rejectsWith(ssm.send(new DescribeParametersCommand({ MaxResults: 51 })), "ValidationException",
      "1 validation error detected: Value '51' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50");
    await rejectsWith(ssm.send(new DescribeParametersCommand({ NextToken: "garbage-token" })), "InvalidNextToken", "The specified token isn't valid.");
  });
});

describe("KMS paginators", () => {
  let keyId = "";
  before(async () => {
    for (const _ of range(N)) keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata?.KeyId ?? "";
    await kms.send(new TagResourceCommand({ KeyId: keyId, Tags: range(N).map((i) => ({ TagKey: `t${pad(i)}`, TagValue: "v" })) }));
  });

  it("ListKeys and ListResourceTags walk every item once, Truncated exactly when NextMarker is sent", async () => {
    const all = (await kms.send(new ListKeysCommand({ Limit: 1000 }))).Keys?.map((k) => k.KeyId);
    for (const size of [1, 2, 5]) {
      const keys = await walk(paginateListKeys({ client: kms, pageSize: size }, {}), (p) => {
        assert.equal(p.Truncated, p.NextMarker !== undefined);
        return p.Keys;
      }, (p) => p.NextMarker, size);
      assert.deepEqual(keys.map((k) => k.KeyId), all);
      const tags = await walk(paginateListResourceTags({ client: kms, pageSize: size }, { KeyId: keyId }), (p) => p.Tags, (p) => p.NextMarker, size);
      assert.deepEqual(tags.map((t) => t.TagKey), range(N).map((i) => `t${pad(i)}`));
    }
    await rejectsWith(kms.send(new ListKeysCommand({ Marker: "garbage-token" })), "InvalidMarkerException", "Invalid marker");
  });
});

describe("Secrets Manager paginators", () => {
  before(async () => {
    for (const i of range(N)) await sm.send(new CreateSecretCommand({ Name: `pw/s${pad(i)}`, SecretString: "x" }));
  });

  it("ListSecrets walks every secret once and refuses a foreign token", async () => {
    for (const size of [1, 5, 100]) {
      const list = await walk(paginateListSecrets({ client: sm, pageSize: size }, {}), (p) => p.SecretList, (p) => p.NextToken, size);
      assert.deepEqual(list.map((s) => s.Name), range(N).map((i) => `pw/s${pad(i)}`));
    }
    await rejectsWith(sm.send(new ListSecretsCommand({ NextToken: "garbage-token" })), "InvalidNextTokenException", "The NextToken value is invalid.");
  });
});

describe("IAM paginators and waiters", () => {
  before(async () => {
    await iam.send(new CreateGroupCommand({ GroupName: "pwg" }));
    for (const i of range(N)) {
      await iam.send(new CreateUserCommand({ UserName: `pwu${pad(i)}`, Path: "/pw/" }));
      await iam.send(new AddUserToGroupCommand({ GroupName: "pwg", UserName: `pwu${pad(i)}` }));
    }
    await iam.send(new CreateAccessKeyCommand({ UserName: "pwu00" }));
  });

  it("ListUsers and GetGroup walk every user once at page sizes 1, 5 and 1000", async () => {
    const names = range(N).map((i) => `pwu${pad(i)}`);
    for (const size of [1, 5, 1000]) {
      const users = await walk(paginateListUsers({ client: iam, pageSize: size }, { PathPrefix: "/pw/" }), (p) => {
        assert.equal(p.IsTruncated, p.Marker !== undefined);
        return p.Users;
      }, (p) => p.Marker, size);
      assert.deepEqual(users.map((u) => u.UserName), names);
      const members = await walk(paginateGetGroup({ client: iam, pageSize: size }, { GroupName: "pwg" }), (p) => p.Users, (p) => p.Marker, size);
      assert.deepEqual(members.map((u) => u.UserName), names);
    }
  });

  // AWS refused a ListUsers marker passed to ListAccessKeys with "Invalid Marker" (trek10inc/awsets PR #21);
  // paramstore used to take any base64url text as a sort key, restarting or silently emptying the listing.
  it("refuses another list's marker and a marker it never issued", async () => {
    const marker = (await iam.send(new ListUsersCommand({ PathPrefix: "/pw/", MaxItems: 1 }))).Marker;
    assert.ok(marker);
    await rejectsWith(iam.send(new ListAccessKeysCommand({ UserName: "pwu00", Marker: marker })), "InvalidInputException", "Invalid Marker.");
    await rejectsWith(iam.send(new ListRolesCommand({ Marker: marker })), "InvalidInputException", "Invalid Marker.");
    await rejectsWith(iam.send(new GetGroupCommand({ GroupName: "pwg", Marker: marker })), "InvalidInputException", "Invalid Marker.");
    for (const bogus of ["AAAA", "garbage-token"]) {
      await rejectsWith(iam.send(new ListUsersCommand({ Marker: bogus })), "InvalidInputException", "Invalid Marker.");
    }
    const next = await iam.send(new ListUsersCommand({ PathPrefix: "/pw/", MaxItems: 1, Marker: marker }));
    assert.equal(next.Users?.[0]?.UserName, "pwu01");
  });

  it("UserExists and RoleExists wait through NoSuchEntity until the entity appears", async () => {
    const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] });
    setTimeout(() => void iam.send(new CreateUserCommand({ UserName: "pw-late" })), 1_500);
    setTimeout(() => void iam.send(new CreateRoleCommand({ RoleName: "pw-late", AssumeRolePolicyDocument: trust })), 1_500);
    const user = await waitUntilUserExists({ client: iam, maxWaitTime: 20, minDelay: 1, maxDelay: 1 }, { UserName: "pw-late" });
    const role = await waitUntilRoleExists({ client: iam, maxWaitTime: 20, minDelay: 1, maxDelay: 1 }, { RoleName: "pw-late" });
    assert.equal(user.state, "SUCCESS");
    assert.equal(role.state, "SUCCESS");
  });
});

describe("CloudTrail LookupEvents paginator", () => {
  it("walks the same events newest first at every page size", async () => {
    // A fresh input per walk: the SDK's paginator writes NextToken into the input object it is given.
    const filter = () => ({ LookupAttributes: [{ AttributeKey: "EventName" as const, AttributeValue: "CreateSecret" }] });
    const ids: string[][] = [];
    await waitUntil(async () => ((await ct.send(new LookupEventsCommand(filter()))).Events?.length ?? 0) >= N, 10_000, "the CreateSecret events");
    for (const size of [1, 5, 50]) {
      const events = await walk(paginateLookupEvents({ client: ct, pageSize: size }, filter()), (p) => p.Events, (p) => p.NextToken, size);
      const times = events.map((e) => e.EventTime?.getTime() ?? 0);
      assert.deepEqual(times, [...times].sort((a, b) => b - a));
      ids.push(events.map((e) => e.EventId ?? ""));
    }
    assert.equal(new Set(ids[0]).size, N);
    assert.deepEqual(ids[1], ids[0]);
    assert.deepEqual(ids[2], ids[0]);
  });
});
