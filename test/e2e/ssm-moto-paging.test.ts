// DescribeParameters paging as AWS pages it: a full page carries a NextToken even when it is the last one, and the
// page it points at is empty and has none (awsdocs/aws-doc-sdk-examples#4576, ssm.md §9). Found by running moto's
// test_describe_parameters_paging against paramstore.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DescribeParametersCommand, type SSMClient } from "@aws-sdk/client-ssm";
import { ssmClient } from "../helpers/clients.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { put } from "./ssm-support.js";

let ssm: SSMClient;
serverPerFile(async (server) => {
  ssm = ssmClient(server);
  for (let i = 0; i < 20; i++) await put(ssm, { Name: `/paging/p${String(i).padStart(2, "0")}`, Value: `v${i}`, Type: "String" });
}, {}, { cleanup: () => ssm?.destroy() });

const page = (NextToken?: string, MaxResults?: number) => ssm.send(new DescribeParametersCommand({ NextToken, MaxResults }));

describe("DescribeParameters NextToken", () => {
  it("an exactly full last page still carries a token; the empty page after it has none", async () => {
    const first = await page();
    assert.equal(first.Parameters?.length, 10);
    const second = await page(first.NextToken);
    assert.equal(second.Parameters?.length, 10);
    assert.equal(typeof second.NextToken, "string");
    const third = await page(second.NextToken);
    assert.deepEqual(third.Parameters, []);
    assert.equal(third.NextToken, undefined);
    const names = [...(first.Parameters ?? []), ...(second.Parameters ?? [])].map((p) => p.Name);
    assert.equal(new Set(names).size, 20);
  });
  it("a short page has no token", async () => {
    const r = await page(undefined, 30);
    assert.equal(r.Parameters?.length, 20);
    assert.equal(r.NextToken, undefined);
  });
});
