import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { clientSettings, errorCode } from "./aws-options.js";

test("endpoint and region: flag, then PARAMSTORE_ENDPOINT, per-service AWS variables, AWS_ENDPOINT_URL, default", () => {
  const cases: Array<[string, Parameters<typeof clientSettings>[0], NodeJS.ProcessEnv, string | undefined, string | undefined, string]> = [
    ["defaults", {}, {}, "http://127.0.0.1:4583", "http://127.0.0.1:4583", "us-east-1"],
    ["flag wins", { endpoint: "http://a:1", region: "eu-west-1" }, { PARAMSTORE_ENDPOINT: "http://b:2", AWS_REGION: "us-west-2" }, "http://a:1", "http://a:1", "eu-west-1"],
    ["paramstore variable", {}, { PARAMSTORE_ENDPOINT: "http://b:2", AWS_ENDPOINT_URL: "http://c:3" }, "http://b:2", "http://b:2", "us-east-1"],
    ["per service", {}, { AWS_ENDPOINT_URL_SSM: "http://s:1", AWS_ENDPOINT_URL: "http://c:3" }, "http://s:1", "http://c:3", "us-east-1"],
    ["aws variable", {}, { AWS_ENDPOINT_URL: "http://c:3", AWS_DEFAULT_REGION: "ap-south-1" }, "http://c:3", "http://c:3", "ap-south-1"],
    ["AWS's own endpoints", { endpoint: "aws" }, {}, undefined, undefined, "us-east-1"],
  ];
  for (const [why, values, env, ssm, secrets, region] of cases) {
    const s = clientSettings(values, env);
    assert.deepEqual([s.ssmEndpoint, s.secretsEndpoint, s.region], [ssm, secrets, region], why);
  }
});

test("--data-dir reads the [paramstore] profile of D/credentials", () => {
  const dir = mkdtempSync(join(tmpdir(), "paramstore-opts-"));
  try {
    writeFileSync(join(dir, "credentials"), "[other]\naws_access_key_id = X\n[paramstore]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = abc/def+ghi\n");
    assert.deepEqual(clientSettings({ "data-dir": dir }, {}).credentials, { accessKeyId: "AKIAEXAMPLE", secretAccessKey: "abc/def+ghi" });
    assert.throws(() => clientSettings({ "data-dir": join(dir, "none") }, {}), /cannot read .*credentials/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("errorCode gives the AWS code or the network code, never the message", () => {
  assert.equal(errorCode(Object.assign(new Error("Parameter /x not found."), { name: "ParameterNotFound" })), "ParameterNotFound");
  assert.equal(errorCode(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })), "ECONNREFUSED");
  assert.equal(errorCode(new TypeError("fetch failed", { cause: Object.assign(new Error("x"), { code: "ENOTFOUND" }) })), "ENOTFOUND");
  assert.equal(errorCode("weird"), "UnknownError");
});
