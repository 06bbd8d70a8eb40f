import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ParsedAuth } from "./parse.js";
import { checkScopeAndTime } from "./scope.js";

const parsed = (over: Partial<ParsedAuth>): ParsedAuth => ({
  kind: "header",
  accessKeyId: "AKIDEXAMPLE",
  scopeDate: "20151120",
  region: "us-east-1",
  service: "ssm",
  terminator: "aws4_request",
  amzDate: "20151120T200815Z",
  signedHeaders: ["host", "x-amz-date"],
  signature: "0".repeat(64),
  ...over,
});
const at = (iso: string): Date => new Date(iso);

describe("checkScopeAndTime", () => {
  it("accepts a request inside the window (edges included)", () => {
    assert.doesNotThrow(() => checkScopeAndTime(parsed({}), "ssm", at("2015-11-20T20:08:15Z"), "json"));
    assert.doesNotThrow(() => checkScopeAndTime(parsed({}), "ssm", at("2015-11-20T20:13:15Z"), "json"));
    assert.doesNotThrow(() => checkScopeAndTime(parsed({}), "ssm", at("2015-11-20T20:03:15Z"), "json"));
    assert.doesNotThrow(() => checkScopeAndTime(parsed({ service: "sts" }), "sts", at("2015-11-20T20:23:15Z"), "query"));
  });

  it("accepts a region of every AWS partition (botocore partitions.json regionRegex)", () => {
    for (const region of ["us-east-1", "eu-west-1", "ap-southeast-7", "mx-central-1", "cn-northwest-1", "us-gov-west-1",
      "us-iso-east-1", "us-isob-east-1", "us-isof-south-1", "eu-isoe-west-1", "eusc-de-east-1"]) {
      assert.doesNotThrow(() => checkScopeAndTime(parsed({ region }), "ssm", at("2015-11-20T20:08:15Z"), "json"), region);
    }
  });

  type Case = { name: string; p: ParsedAuth; service: string; now: string; protocol: "json" | "query"; message: string };
  const cases: Case[] = [
    {
      name: "too old, JSON (5 min), AWS's own example",
      p: parsed({}), service: "ssm", now: "2015-11-20T20:23:46Z", protocol: "json",
      message: "Signature expired: 20151120T200815Z is now earlier than 20151120T201846Z (20151120T202346Z - 5 min.)",
    },
    {
      name: "one second past the 5 minute window",
      p: parsed({}), service: "ssm", now: "2015-11-20T20:13:16Z", protocol: "json",
      message: "Signature expired: 20151120T200815Z is now earlier than 20151120T200816Z (20151120T201316Z - 5 min.)",
    },
    {
      name: "too far in the future, JSON, AWS's own example",
      p: parsed({ scopeDate: "20181002", amzDate: "20181002T170509Z" }), service: "ssm", now: "2018-10-02T16:58:12Z", protocol: "json",
      message: "Signature not yet current: 20181002T170509Z is still later than 20181002T170312Z (20181002T165812Z + 5 min.)",
    },
    {
      name: "too old, Query (15 min)",
      p: parsed({ service: "sts" }), service: "sts", now: "2015-11-20T20:23:16Z", protocol: "query",
      message: "Signature expired: 20151120T200815Z is now earlier than 20151120T200816Z (20151120T202316Z - 15 min.)",
    },
    {
      name: "too far in the future, Query (15 min)",
      p: parsed({ service: "iam" }), service: "iam", now: "2015-11-20T19:53:14Z", protocol: "query",
      message: "Signature not yet current: 20151120T200815Z is still later than 20151120T200814Z (20151120T195314Z + 15 min.)",
    },
    {
      name: "presigned past its X-Amz-Expires",
      p: parsed({ kind: "query", service: "sts", expiresSeconds: 60 }), service: "sts", now: "2015-11-20T20:09:16Z", protocol: "query",
      message: "Signature expired: 20151120T200815Z is now earlier than 20151120T200816Z (20151120T200916Z - 1 min.)",
    },
    {
      name: "presigned with a long X-Amz-Expires still capped at the 15 minute window",
      p: parsed({ kind: "query", service: "sts", expiresSeconds: 3600 }), service: "sts", now: "2015-11-20T20:23:16Z", protocol: "query",
      message: "Signature expired: 20151120T200815Z is now earlier than 20151120T200816Z (20151120T202316Z - 15 min.)",
    },
    {
      name: "presigned expiry not in whole minutes",
      p: parsed({ kind: "query", service: "sts", expiresSeconds: 30 }), service: "sts", now: "2015-11-20T20:08:46Z", protocol: "query",
      message: "Signature expired: 20151120T200815Z is now earlier than 20151120T200816Z (20151120T200846Z - 30 sec.)",
    },
    {
      name: "scope date differs from the request date",
      p: parsed({ scopeDate: "20151119" }), service: "ssm", now: "2015-11-20T20:08:15Z", protocol: "json",
      message: "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20151119' != '20151120', from '20151120T200815Z'.",
    },
    {
      name: "wrong terminator",
      p: parsed({ terminator: "aws4_reqest" }), service: "ssm", now: "2015-11-20T20:08:15Z", protocol: "json",
      message: "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws4_reqest'. ",
    },
    {
      name: "empty region",
      p: parsed({ region: "" }), service: "ssm", now: "2015-11-20T20:08:15Z", protocol: "json",
      message: "Credential should be scoped to a valid region, not ''. ",
    },
    {
      name: "aws-global, which AWS refuses as a signing region",
      p: parsed({ region: "aws-global", service: "iam" }), service: "iam", now: "2015-11-20T20:08:15Z", protocol: "query",
      message: "Credential should be scoped to a valid region, not 'aws-global'. ",
    },
    {
      name: "a name no partition knows",
      p: parsed({ region: "local" }), service: "ssm", now: "2015-11-20T20:08:15Z", protocol: "json",
      message: "Credential should be scoped to a valid region, not 'local'. ",
    },
    {
      name: "credential scoped to another service",
      p: parsed({ service: "kms" }), service: "ssm", now: "2015-11-20T20:08:15Z", protocol: "json",
      message: "Credential should be scoped to correct service: 'ssm'. ",
    },
  ];
  for (const c of cases) {
    it(`${c.name} is rejected with the exact text`, () => {
      const name = c.protocol === "json" ? "InvalidSignatureException" : "SignatureDoesNotMatch";
      const status = c.protocol === "json" ? 400 : 403;
      assert.throws(() => checkScopeAndTime(c.p, c.service, at(c.now), c.protocol), { name, status, message: c.message });
    });
  }

  it("presigned inside its expiry is accepted, one second after is not", () => {
    const p = parsed({ kind: "query", service: "sts", expiresSeconds: 60 });
    assert.doesNotThrow(() => checkScopeAndTime(p, "sts", at("2015-11-20T20:09:15Z"), "query"));
    assert.throws(() => checkScopeAndTime(p, "sts", at("2015-11-20T20:09:16Z"), "query"), { name: "SignatureDoesNotMatch" });
  });
});
