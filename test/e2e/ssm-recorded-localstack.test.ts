// SSM answers replayed from localstack's AWS-validated tests (tests/aws/services/ssm/test_ssm.py and its
// snapshot): what real AWS returned for the same calls.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  GetParameterCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  LabelParameterVersionCommand,
  type SSMClient,
} from "@aws-sdk/client-ssm";
import { ssmClient } from "../helpers/clients.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { ACCOUNT_ID, REGION } from "../helpers/server.js";
import { put } from "./ssm-support.js";

let ssm: SSMClient;
serverPerFile(async (server) => {
  ssm = ssmClient(server);
}, {}, { cleanup: () => ssm?.destroy() });

const arnOf = (name: string): string => `arn:aws:ssm:${REGION}:${ACCOUNT_ID}:parameter/${name.replace(/^\//, "")}`;
/** The members of the recorded `Parameter` (test_get_parameter_by_arn, test_put_and_get_via_arn). */
const RECORDED_MEMBERS = ["ARN", "DataType", "LastModifiedDate", "Name", "Type", "Value", "Version"];

describe("test_put_parameters: a root parameter is named as it was asked for", () => {
  it("created as `x`, read as `x` and as `/x`: Name follows the request, the ARN stays one", async () => {
    await put(ssm, { Name: "rec-root", Description: "test", Value: "123", Type: "String" });
    for (const asked of ["rec-root", "/rec-root"]) {
      const one = (await ssm.send(new GetParameterCommand({ Name: asked }))).Parameter;
      assert.equal(one?.Name, asked);
      assert.equal(one?.Value, "123");
      assert.equal(one?.ARN, arnOf("rec-root"));
      const many = await ssm.send(new GetParametersCommand({ Names: [asked] }));
      assert.deepEqual(many.Parameters?.map((p) => [p.Name, p.Value]), [[asked, "123"]]);
      assert.deepEqual(many.InvalidParameters, []);
    }
  });
});

describe("test_get_parameter_by_arn / test_put_and_get_via_arn (snapshot)", () => {
  for (const name of ["rec-by-arn", "/foo/rec-bar"]) {
    it(`${name} read by its ARN answers the recorded members and the name`, async () => {
      await put(ssm, { Name: name, Value: "test", Type: "String" });
      const byName = (await ssm.send(new GetParameterCommand({ Name: name }))).Parameter;
      assert.equal(byName?.ARN, arnOf(name));
      const byArn = (await ssm.send(new GetParameterCommand({ Name: arnOf(name) }))).Parameter;
      assert.ok(byArn);
      assert.deepEqual(Object.keys(byArn).sort(), RECORDED_MEMBERS);
      assert.deepEqual({ ...byArn, LastModifiedDate: undefined }, {
        ARN: arnOf(name), DataType: "text", LastModifiedDate: undefined, Name: name, Type: "String", Value: "test", Version: 1,
      });
    });
  }
});

describe("test_get_parameters_by_path_and_filter_by_labels", () => {
  it("the labelled parameter under the path comes back with its value", async () => {
    const { Version } = await put(ssm, { Name: "/rec-prefix/path", Value: "value", Type: "String" });
    await ssm.send(new LabelParameterVersionCommand({ Name: "/rec-prefix/path", ParameterVersion: Version, Labels: ["latest"] }));
    const res = await ssm.send(new GetParametersByPathCommand({ Path: "/rec-prefix", ParameterFilters: [{ Key: "Label", Values: ["latest"] }] }));
    assert.deepEqual(res.Parameters?.map((p) => [p.Name, p.Type, p.Value, p.ARN]), [["/rec-prefix/path", "String", "value", arnOf("/rec-prefix/path")]]);
  });
});
