// AllowedPattern through the real SDK (ssm.md §3): a catastrophic pattern is cut off by a time limit, and Java
// regex syntax means what it means in Java.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GetParameterCommand, type SSMClient } from "@aws-sdk/client-ssm";
import { ssmClient } from "../helpers/clients.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { rejectsWith } from "../helpers/assertions.js";
import { put } from "./ssm-support.js";

let ssm: SSMClient;
serverPerFile((server) => {
  ssm = ssmClient(server);
}, {}, { cleanup: () => ssm?.destroy() });

const get = (Name: string) => ssm.send(new GetParameterCommand({ Name }));

describe("AllowedPattern", () => {
  it("a catastrophic pattern on a 40-character value is refused within a second as too complex, and nothing is written", async () => {
    const pattern = "^(a+)+$";
    const value = `${"a".repeat(39)}!`; // 2^39 ways to split the a's before the ! fails them all
    const started = Date.now();
    await rejectsWith(
      put(ssm, { Name: "/redos", Value: value, Type: "String", AllowedPattern: pattern }),
      "ValidationException",
      /^AllowedPattern \^\(a\+\)\+\$ is too complex: matching it against the value did not finish within \d+ ms\. Simplify the pattern\.$/,
    );
    assert.ok(Date.now() - started < 1_000, `answered in ${Date.now() - started} ms`);
    await rejectsWith(get("/redos"), "ParameterNotFound", "Parameter /redos not found.");
  });

  it("the server keeps serving after a cut-off match: the same pattern still decides ordinary values", async () => {
    await rejectsWith(put(ssm, { Name: "/redos2", Value: `${"a".repeat(39)}!`, Type: "String", AllowedPattern: "^(a+)+$" }), "ValidationException", /too complex/);
    await put(ssm, { Name: "/redos2", Value: "aaaa", Type: "String", AllowedPattern: "^(a+)+$" });
    await rejectsWith(put(ssm, { Name: "/redos2", Value: "ab", Overwrite: true }), "ParameterPatternMismatchException", "Parameter value, cannot be validated against allowedPattern: ^(a+)+$");
    assert.equal((await get("/redos2")).Parameter?.Value, "aaaa");
  });

  it("Java syntax keeps its Java meaning: \\A…\\z anchors, \\Q…\\E quoting, ASCII-only POSIX classes", async () => {
    await put(ssm, { Name: "/java/anchors", Value: "12345", Type: "String", AllowedPattern: "\\A[0-9]+\\z" });
    await put(ssm, { Name: "/java/quoted", Value: "v1.2*", Type: "String", AllowedPattern: "v\\Q1.2*\\E" });
    await rejectsWith(put(ssm, { Name: "/java/quoted2", Value: "v1x22", Type: "String", AllowedPattern: "v\\Q1.2*\\E" }), "ParameterPatternMismatchException", "Parameter value, cannot be validated against allowedPattern: v\\Q1.2*\\E");
    await put(ssm, { Name: "/java/posix", Value: "abcXYZ", Type: "String", AllowedPattern: "\\p{Alpha}+" });
    await rejectsWith(put(ssm, { Name: "/java/posix2", Value: "abcé", Type: "String", AllowedPattern: "\\p{Alpha}+" }), "ParameterPatternMismatchException", "Parameter value, cannot be validated against allowedPattern: \\p{Alpha}+");
    assert.equal((await get("/java/anchors")).Parameter?.Value, "12345");
  });
});
